import { createSignal, on, onCleanup } from "solid-js";
import { listOrders } from "../../api/orders.ts";
import type { LiveController } from "../../live/types.ts";
import { can } from "../../stores/session.ts";
import type { OrderSummary } from "../../types.ts";
import { ORDER_TOPIC, parseOrderMessage } from "./orderMessages.ts";
import { onReconnected } from "../../live/reconnected.ts";

export type CallOrders = ReturnType<typeof createCallOrders>;

/** Bench/e2e: when each order first appeared on this screen (ms since epoch), under the test flag only. */
function markSeen(orderId: string) {
  const w = globalThis as { __MCLL_TEST__?: boolean; __orders?: Record<string, number> };
  if (!w.__MCLL_TEST__) return;
  w.__orders ??= {};
  w.__orders[orderId] ??= performance.timeOrigin + performance.now();
}

/**
 * The canteen's recent orders as the live page shows them: read from the API when the page opens and after
 * every (re)connection, then kept current by the server's reliable `order` messages, so the principal sees
 * an order the moment it is issued and the inspector sees the acknowledgement at once.
 */
export function createCallOrders(canteenId: string, live: Pick<LiveController, "state" | "onData">) {
  const [orders, setOrders] = createSignal<ReadonlyMap<string, OrderSummary>>(new Map());
  const [error, setError] = createSignal<unknown>();

  /** newer wins: a message and a GET may cross */
  function put(order: OrderSummary) {
    if (order.canteenId !== canteenId) return;
    const current = orders().get(order.id);
    if (current && current.updatedAt > order.updatedAt) return;
    setOrders((all) => new Map(all).set(order.id, order));
  }

  async function refresh() {
    if (!can("orders.read")) return;
    try {
      const page = await listOrders({ canteenId, limit: 50 });
      for (const order of page.items) put(order);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  }

  onCleanup(
    live.onData(ORDER_TOPIC, (payload, from) => {
      const message = parseOrderMessage(payload, from);
      if (!message) return;
      put(message.order);
      markSeen(message.order.id);
    }),
  );
  void refresh();
  onReconnected(live, () => void refresh());

  return {
    error,
    put,
    refresh,
    /** orders of one inspection session, oldest first */
    ofInspection: (inspectionId: string) => [...orders().values()].filter((o) => o.inspectionId === inspectionId).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)),
    /** the canteen's recent orders, newest first (an evidence clip can be attached to one) */
    recent: () => [...orders().values()].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)),
    /** issued and not yet acknowledged (签收): what the school's banner asks for */
    awaitingAcknowledgement: () => [...orders().values()].filter((o) => o.status === "issued").sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)),
  };
}
