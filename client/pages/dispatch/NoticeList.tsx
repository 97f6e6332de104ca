import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { NoticeSummaryView } from "../../api/dispatch.ts";
import { formatTime, t } from "../../i18n/index.ts";

export const UrgencyBadge = (props: { urgency: "normal" | "urgent" }) => (
  <span class={`badge ${props.urgency === "urgent" ? "badge-offline" : "badge-unknown"}`} data-testid="notice-urgency" data-urgency={props.urgency}>
    {t(`dispatch.urgency.${props.urgency}`)}
  </span>
);

/** Notices newest first: the sender sees each one's read count, a school whether it has signed. */
export function NoticeList(props: { items: NoticeSummaryView[]; sender: boolean }) {
  return (
    <Show when={props.items.length > 0} fallback={<p class="empty" data-testid="notices-empty">{t("dispatch.empty")}</p>}>
      <ul class="card-list" data-testid="notice-list">
        <For each={props.items}>
          {(n) => (
            <li class="card notice-card" data-testid="notice-item" data-id={n.id} data-read={n.counts.read} data-schools={n.counts.schools} data-unread={!props.sender && !n.readAt ? "true" : "false"}>
              <div class="notice-card-head">
                <UrgencyBadge urgency={n.urgency} />
                <A href={`/notices/${encodeURIComponent(n.id)}`} class="user-text" data-testid="notice-link">
                  <strong>{n.title}</strong>
                </A>
              </div>
              <p class="small muted">
                {props.sender ? n.regionName : n.sender.orgName} · {formatTime(n.sentAt)}
              </p>
              <p class="small">
                <Show
                  when={props.sender}
                  fallback={
                    <span class={`badge ${n.readAt ? "badge-online" : "badge-unknown"}`} data-testid="notice-read-state">
                      {n.readAt ? t("dispatch.read") : t("dispatch.unread")}
                    </span>
                  }
                >
                  <span class="badge badge-online" data-testid="notice-read-count">{t("dispatch.readCount", { read: n.counts.read, schools: n.counts.schools })}</span>
                </Show>
              </p>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
