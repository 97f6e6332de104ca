import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { getNotice, readNotice } from "../../api/dispatch.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { UrgencyBadge } from "./NoticeList.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";

/**
 * /notices/:id — one notice: its message, and per school whether it has signed (who, when) with the school's live
 * view a click away (实时查看: the regulator talks to the school at once). A school signs here (已读).
 */
export function NoticePage() {
  const params = useParams<{ id: string }>();
  const [notice, { mutate }] = createResource(() => params.id, getNotice);
  const action = createAction();
  const [justRead, setJustRead] = createSignal(false);
  const markRead = () =>
    void action.run(async () => {
      mutate(await readNotice(params.id));
      setJustRead(true);
    });
  return (
    <section class="page notice-page" data-testid="notice-page">
      <p class="breadcrumb">
        <A href="/notices">← {t("dispatch.back")}</A>
      </p>
      <ErrorBanner error={notice.error ?? action.error()} />
      <Show when={!notice.error && !notice.latest}>
        <p class="muted">{t("dispatch.loading")}</p>
      </Show>
      <Show when={notice.latest}>
        {(n) => (
          <>
            <div class="page-head">
              <UrgencyBadge urgency={n().urgency} />
              <h1 class="user-text" data-testid="notice-title-shown">{n().title}</h1>
            </div>
            <p class="muted small">
              {t("dispatch.sender")}{t("common.colon")}{n().sender.orgName} · {n().sender.displayName} · {t("dispatch.sentAt")}{t("common.colon")}{formatTime(n().sentAt)} · {n().regionName}
            </p>
            <div class="card notice-body user-text" data-testid="notice-body-shown">{n().body}</div>
            <Show when={can("notices.ack")}>
              <div class="actions notice-ack">
                <Show
                  when={n().readAt}
                  fallback={
                    <button type="button" class="button-primary" data-testid="notice-mark-read" disabled={action.busy()} onClick={markRead}>
                      {t("dispatch.markRead")}
                    </button>
                  }
                >
                  {(at) => <p class="notice" role={justRead() ? "status" : undefined} data-testid="notice-you-read">{t("dispatch.youRead", { time: formatTime(at()) })}</p>}
                </Show>
              </div>
            </Show>
            <h2>
              {t("dispatch.receipts")} <span class="badge badge-online" data-testid="notice-read-count">{t("dispatch.readCount", { read: n().counts.read, schools: n().counts.schools })}</span>
            </h2>
            <table class="table table-cards" data-testid="notice-receipts">
              <thead>
                <tr>
                  <th>{t("dispatch.school")}</th>
                  <th>{t("dispatch.readState")}</th>
                  <th>{t("dispatch.live")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={n().receipts}>
                  {(r) => (
                    <tr data-testid="notice-receipt" data-org-id={r.orgId} data-read={r.readAt ? "true" : "false"}>
                      <td data-label={t("dispatch.school")}>{r.orgName}</td>
                      <td data-label={t("dispatch.readState")}>
                        <Show when={r.readAt} fallback={<span class="badge badge-unknown">{t("dispatch.unread")}</span>}>
                          {(at) => (
                            <span>
                              <span class="badge badge-online">{t("dispatch.read")}</span> <span class="small muted">{t("dispatch.readBy", { name: r.readBy?.displayName ?? "", time: formatTime(at()) })}</span>
                            </span>
                          )}
                        </Show>
                      </td>
                      <td data-label={t("dispatch.live")} class="row-actions">
                        <Show when={r.canteens.length > 0} fallback={<span class="muted small">{t("dispatch.noCanteen")}</span>}>
                          <For each={r.canteens}>{(c) => <LiveLink href={`/live/${encodeURIComponent(c.id)}`} label={`${t("dispatch.live")} ${c.name}`} />}</For>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Show>
    </section>
  );
}
