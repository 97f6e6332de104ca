import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, inspections, orderItems, orders, recordingClipAttachments } from "../../db/schema/index.ts";
import type { Caller } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { scopeFor } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import type { ClipAttachment } from "./clip-contracts.ts";
import { withProblems } from "./clip-rules.ts";
import type { ClipTargetRef as Target } from "./clip-requests.ts";

/**
 * What evidence clips are attached to (issue 19): each target checked through the caller's scope of its own
 * permission, and the attachments of clips as listed — those to an order's problem saying which problem.
 */

export async function attachmentsOf(db: DbOrTx, ids: string[]): Promise<Map<string, Target[]>> {
  const out = new Map<string, Target[]>();
  if (!ids.length) return out;
  const rows = await db.select().from(recordingClipAttachments).where(inArray(recordingClipAttachments.clipId, ids));
  for (const a of rows) out.set(a.clipId, [...(out.get(a.clipId) ?? []), { targetType: a.targetType, targetId: a.targetId }]);
  return out;
}

/** Says which problem each attachment to an order's problem is — only for the problems the caller may read (orders.read). */
export async function labelled({ deps, actor }: Caller, byClip: Map<string, Target[]>): Promise<Map<string, ClipAttachment[]>> {
  const itemIds = [...new Set([...byClip.values()].flat().filter((a) => a.targetType === "order_item").map((a) => a.targetId))];
  if (!itemIds.length) return byClip;
  const rows = await scopedLists(deps.db, scopeFor(actor, "orders.read")).orderItems({ id: orderItems.id, orderId: orderItems.orderId, seq: orderItems.seq, text: orderItems.problem }, inArray(orderItems.id, itemIds));
  const problems = new Map(rows.map((r) => [r.id, { orderId: r.orderId, seq: r.seq, text: r.text }]));
  return new Map([...byClip].map(([id, list]) => [id, withProblems(list, problems)]));
}

export async function attachmentsFor(caller: Caller, ids: string[]) {
  return labelled(caller, await attachmentsOf(caller.deps.db, ids));
}

/**
 * The target through the caller's scope of its own permission (inspections.read, orders.read — also for an order's
 * problem —, alerts.read): out of scope answers 404 like missing; another canteen's target is a conflict (409).
 * An order's problem also answers its order, which its audit entry names.
 */
export async function targetOf({ deps, actor }: Caller, t: Target): Promise<{ canteenId: string; orderId?: string }> {
  const lists = (p: "inspections.read" | "orders.read" | "alerts.read") => scopedLists(deps.db, scopeFor(actor, p));
  const [row] =
    t.targetType === "inspection"
      ? await lists("inspections.read").inspections({ canteenId: inspections.canteenId }, eq(inspections.id, t.targetId))
      : t.targetType === "order"
        ? await lists("orders.read").orders({ canteenId: orders.canteenId }, eq(orders.id, t.targetId))
        : t.targetType === "order_item"
          ? await lists("orders.read").orderItems({ canteenId: orders.canteenId, orderId: orders.id }, eq(orderItems.id, t.targetId))
          : await lists("alerts.read").alerts({ canteenId: alerts.canteenId }, eq(alerts.id, t.targetId));
  if (!row) throw notFound("clip_target_not_found", [{ path: "targetId", message: `no ${t.targetType} ${t.targetId}` }]);
  return row;
}

