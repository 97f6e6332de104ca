import { createSignal } from "solid-js";
import { getOrder } from "../../api/orders.ts";
import type { OrderWithProblems } from "./clipTargets.ts";

type Problems = NonNullable<OrderWithProblems["items"]>;

/**
 * The problems of the orders the live room offers as clip targets. Order summaries do not carry them, so each order is
 * read once; an order's problems are part of its signed document and never change, so nothing is read again. A
 * failed read leaves the order offered alone.
 */
export function createOrderProblems() {
  const [known, setKnown] = createSignal<ReadonlyMap<string, Problems>>(new Map());
  const asked = new Set<string>();
  const ask = (id: string) => {
    if (asked.has(id)) return;
    asked.add(id);
    getOrder(id)
      .then((o) => setKnown((all) => new Map(all).set(id, o.items.map((i) => ({ id: i.id, seq: i.seq, problem: i.problem })))))
      .catch(() => asked.delete(id));
  };
  /** the orders with their problems where known (asking for the others) */
  return (orders: ReadonlyArray<{ id: string; number: string }>): OrderWithProblems[] =>
    orders.map((o) => {
      const items = known().get(o.id) ?? null;
      if (!items) ask(o.id);
      return { id: o.id, number: o.number, items };
    });
}
