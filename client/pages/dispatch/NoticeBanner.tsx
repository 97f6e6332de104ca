import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { can } from "../../stores/session.ts";
import { createLiveNotices } from "./liveNotices.ts";
import { UrgencyBadge } from "./NoticeList.tsx";

/**
 * The school's banner in its live room (应急指挥调度): each unread dispatch notice, pushed the moment it is sent, with
 * 已读 for the principal or director and a close button for anyone.
 */
export function NoticeBanner(props: { live: Pick<LiveController, "state" | "onData"> }) {
  const notices = createLiveNotices(props.live);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>();
  async function read(id: string) {
    setBusy(id);
    setError(undefined);
    try {
      await notices.read(id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }
  return (
    <For each={notices.shown()}>
      {(n) => (
        <div class="order-banner notice-banner" classList={{ "notice-urgent": n.urgency === "urgent" }} role="alert" data-testid="notice-banner" data-notice-id={n.id}>
          <div class="notice-banner-text">
            <strong>
              <UrgencyBadge urgency={n.urgency} /> <span class="user-text">{n.title}</span>
            </strong>
            <p class="small muted">{t("dispatch.banner", { sender: n.senderOrgName })} · {formatTime(n.sentAt)}</p>
            <p class="small user-text notice-banner-body">{n.body}</p>
            <ErrorBanner error={error()} />
          </div>
          <div class="actions">
            <A href={`/notices/${encodeURIComponent(n.id)}`} target="_blank">
              {t("dispatch.open")}
            </A>
            <Show when={can("notices.ack")}>
              <button type="button" class="button-primary" data-testid="notice-banner-read" disabled={busy() === n.id} onClick={() => void read(n.id)}>
                {t("dispatch.markRead")}
              </button>
            </Show>
            <button type="button" class="button-quiet" data-testid="notice-banner-dismiss" aria-label={t("dispatch.dismiss")} onClick={() => notices.dismiss(n.id)}>
              ×
            </button>
          </div>
        </div>
      )}
    </For>
  );
}
