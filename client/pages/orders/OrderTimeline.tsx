import { For, Show } from "solid-js";
import { formatTime, t } from "../../i18n/index.ts";
import type { OrderEvent } from "../../types.ts";

/** Every transition of the order, oldest first: who, when, the note or reason, the evidence photos. */
export function OrderTimeline(props: { events: OrderEvent[] }) {
  return (
    <ol class="timeline" data-testid="order-timeline">
      <For each={props.events}>
        {(e) => (
          <li data-testid="order-event" data-type={e.type}>
            <div class="timeline-head">
              <strong>{t(`order.event.${e.type}`)}</strong>
              <span class="muted small">
                {e.actor?.displayName ?? t("order.system")} · {formatTime(e.at)}
              </span>
            </div>
            <Show when={e.note}>
              <p class="timeline-note" data-testid="order-event-note">
                {e.note}
              </p>
            </Show>
            <Show when={e.notified.length > 0}>
              <p class="muted small">{t("order.notified", { orgs: e.notified.map((n) => n.orgName).join(t("common.listSeparator")) })}</p>
            </Show>
            <Show when={e.evidence.length > 0}>
              <div class="evidence-photos">
                <For each={e.evidence}>
                  {(photo) => (
                    <a href={photo.imageUrl} target="_blank" rel="noopener">
                      <img src={photo.imageUrl} alt={t("order.evidence")} loading="lazy" data-testid="order-evidence" />
                    </a>
                  )}
                </For>
              </div>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}
