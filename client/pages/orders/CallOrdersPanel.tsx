import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import type { CallOrders } from "./callOrders.ts";
import { IssueOrderDialog } from "./IssueOrderDialog.tsx";
import { OrderStatusBadge } from "./OrderStatusBadge.tsx";

/**
 * The orders of the inspection in progress, as the inspector follows them in the call: issued, then
 * acknowledged by the school (the server's `order` message updates the row at once). Inspectors
 * (orders.issue) issue one from here, with the open snapshot preselected.
 */
export function CallOrdersPanel(props: { inspectionId: string; orders: CallOrders; openSnapshotId: string | null }) {
  const [issuing, setIssuing] = createSignal(false);
  const list = () => props.orders.ofInspection(props.inspectionId);
  return (
    <section class="card call-orders" data-testid="call-orders">
      <h3>{t("order.inCall")}</h3>
      <Show when={list().length > 0} fallback={<p class="muted small">{t("order.noneInCall")}</p>}>
        <ul class="plain-list">
          <For each={list()}>
            {(order) => (
              <li data-testid="call-order" data-order-id={order.id} data-status={order.status}>
                <A href={`/orders/${encodeURIComponent(order.id)}`} target="_blank">
                  {order.number}
                </A>
                <OrderStatusBadge order={order} />
                <span class="muted small">{t("order.deadline")}{t("common.colon")}{formatTime(order.deadline)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={can("orders.issue")}>
        <Show
          when={issuing()}
          fallback={
            <button type="button" class="button-primary" data-testid="order-issue" onClick={() => setIssuing(true)}>
              {t("order.issue")}
            </button>
          }
        >
          <IssueOrderDialog
            inspectionId={props.inspectionId}
            preselect={props.openSnapshotId}
            onCancel={() => setIssuing(false)}
            onIssued={(order) => {
              props.orders.put(order);
              setIssuing(false);
            }}
          />
        </Show>
      </Show>
    </section>
  );
}
