import { and, eq } from "drizzle-orm";
import { evidence, orderEvents, orders } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publishLater } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import type { AppDeps } from "../http/env.ts";
import type { Workflow } from "../lifecycle/engine.ts";
import { SYSTEM } from "../scope/lists.ts";
import { orderInScope } from "../scope/loaders.ts";
import type { OrderMessage, OrderStatus } from "./contracts.ts";
import { type OrderAction, TRANSITIONS } from "./rules.ts";
import { eventRef, summaryById, summaryOf } from "./view.ts";

type Row = Awaited<ReturnType<typeof orderInScope>>;

/** Tells the canteen's room, after the commit and without making the caller wait. */
export function announceOrder(deps: AppDeps, type: OrderMessage["type"], orderId: string, eventId: string) {
  publishLater(deps, async () => {
    const row = await summaryById(deps.db, orderId, SYSTEM);
    if (!row) return [];
    return [announcement(canteenRoom(row.order.canteenId), "order", { type, order: summaryOf(row), event: await eventRef(deps.db, eventId) })];
  });
}

/** The 整改通知 lifecycle on the lifecycle engine: the school answers, the regulator reviews (rules.ts). */
export const orderWorkflow: Workflow<Row, OrderStatus, Record<string, never>, OrderAction> = {
  entity: "order",
  transitions: TRANSITIONS,
  load: orderInScope,
  stateOf: ({ order }) => ({ status: order.status, flags: {} }),
  async move(tx, { order }, outcome, now) {
    const patch = { status: outcome.status, updatedAt: now };
    const [moved] = await tx.update(orders).set(patch).where(and(eq(orders.id, order.id), eq(orders.status, order.status))).returning({ id: orders.id });
    return moved ? patch : null;
  },
  stale: "order_transition_invalid",
  async record(tx, { order }, { transition, actor, input, now, patch }) {
    const event = { id: newId("oev"), orderId: order.id, type: transition.event as (typeof orderEvents.$inferInsert)["type"], fromStatus: order.status, toStatus: patch.status as OrderStatus, actorId: actor.userId, at: now, note: input.note };
    await tx.insert(orderEvents).values(event);
    const rows = input.photos.map((p, i) => ({ id: newId("evd"), orderId: order.id, eventId: event.id, seq: i + 1, mediaKey: p.key, sha256: p.sha256, contentType: p.contentType, bytes: p.bytes, description: input.note, createdAt: now }));
    if (rows.length) await tx.insert(evidence).values(rows);
    return { eventId: event.id, change: { ...event, evidence: rows } };
  },
  announce: (deps, id, eventId) => announceOrder(deps, "order.transitioned", id, eventId),
};
