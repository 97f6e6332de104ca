import { A } from "@solidjs/router";
import { createSignal, For } from "solid-js";
import { acknowledgeOrder } from "../../api/orders.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { CallOrders } from "./callOrders.ts";

/**
 * The school's in-call banner: an order issued to this canteen appears here the moment the server announces
 * it, with the button to acknowledge it (签收); the answer updates the list (and the inspector's screen,
 * through the server's `order` message).
 */
export function OrderBanner(props: { orders: CallOrders }) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>();

  async function acknowledge(id: string) {
    setBusy(id);
    setError(undefined);
    try {
      props.orders.put(await acknowledgeOrder(id));
    } catch (err) {
      setError(err);
      void props.orders.refresh();
    } finally {
      setBusy(null);
    }
  }

  return (
    <For each={props.orders.awaitingAcknowledgement()}>
      {(order) => (
        <div class="order-banner" role="alert" data-testid="order-banner" data-order-id={order.id}>
          <div>
            <strong>{t("order.received", { number: order.number })}</strong>
            <p class="small">{t("order.receivedBody", { issuer: order.issuedBy.displayName, deadline: formatTime(order.deadline) })}</p>
            <ErrorBanner error={error()} />
          </div>
          <div class="actions">
            <A href={`/orders/${encodeURIComponent(order.id)}`} target="_blank">
              {t("order.open")}
            </A>
            <button type="button" class="button-primary" data-testid="order-acknowledge" disabled={busy() === order.id} onClick={() => void acknowledge(order.id)}>
              {t("order.acknowledge")}
            </button>
          </div>
        </div>
      )}
    </For>
  );
}
