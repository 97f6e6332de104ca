import { Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import type { OrderSummary } from "../../types.ts";

/** The order's status, and the overdue / escalated flags beside it. */
export function OrderStatusBadge(props: { order: Pick<OrderSummary, "status" | "overdue" | "escalated"> }) {
  return (
    <span class="order-badges">
      <span class={`badge badge-order-${props.order.status}`} data-testid="order-status" data-status={props.order.status}>
        {t(`order.status.${props.order.status}`)}
      </span>
      <Show when={props.order.overdue}>
        <span class="badge badge-offline" data-testid="order-overdue">
          {t("order.overdue")}
        </span>
      </Show>
      <Show when={props.order.escalated}>
        <span class="badge badge-unknown">{t("order.escalated")}</span>
      </Show>
    </span>
  );
}
