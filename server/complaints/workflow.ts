import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { complaintEvents, complaints, orders } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import type { Workflow } from "../lifecycle/engine.ts";
import type { Actor, Scope } from "../scope/actor.ts";
import { complaintInScope } from "../scope/loaders.ts";
import type { ComplaintStatus } from "./contracts.ts";
import { COMPLAINT_TRANSITIONS, type ComplaintAction, type ComplaintFlags, isOverdue } from "./rules.ts";

/** The complaint through the caller's scope, with the order it was turned into (if any). */
async function loadComplaint(tx: DbOrTx, scope: Scope, id: string) {
  const row = await complaintInScope(tx, scope, id);
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.complaintId, id));
  return { ...row, orderId: order?.id ?? null };
}
type Row = Awaited<ReturnType<typeof loadComplaint>>;

/** Writes the order a complaint is turned into, in the step's transaction (server/complaints/order.ts). */
export type IssueFromComplaint = (tx: DbOrTx, row: Row, actor: Actor, at: number) => Promise<{ orderId: string; number: string }>;

/**
 * The complaint lifecycle on the lifecycle engine; `now` decides whether it is overdue (escalation needs it),
 * `issue` writes the order of the `order` step.
 */
export const complaintWorkflow = (now: number, issue?: IssueFromComplaint): Workflow<Row, ComplaintStatus, ComplaintFlags, ComplaintAction> => ({
  entity: "complaint",
  transitions: COMPLAINT_TRANSITIONS,
  load: loadComplaint,
  stateOf: ({ complaint: c, orderId }) => ({ status: c.status, flags: { escalated: c.escalated, overdue: isOverdue(c, now), ordered: orderId !== null } }),
  async move(tx, { complaint: c }, outcome, at) {
    const patch = { status: outcome.status, escalated: outcome.flags.escalated, updatedAt: at };
    const [moved] = await tx
      .update(complaints)
      .set(patch)
      .where(and(eq(complaints.id, c.id), eq(complaints.status, c.status), eq(complaints.escalated, c.escalated)))
      .returning({ id: complaints.id });
    return moved ? patch : null;
  },
  stale: "complaint_transition_invalid",
  async record(tx, row, { action, transition, actor, input, now: at, patch }) {
    const c = row.complaint;
    // the school's answer is what the tracking code shows; a returned answer stays in the timeline
    if (action === "answer") await tx.update(complaints).set({ answer: input.note, answeredAt: at }).where(eq(complaints.id, c.id));
    // the order's number is the event's note, so the timeline names it
    const ordered = action === "order" ? await issue!(tx, row, actor, at) : null;
    const note = ordered ? ordered.number : input.note;
    const event = { id: newId("cev"), complaintId: c.id, type: transition.event as (typeof complaintEvents.$inferInsert)["type"], fromStatus: c.status, toStatus: patch.status as ComplaintStatus, actorId: actor.userId, at, note };
    await tx.insert(complaintEvents).values(event);
    return { eventId: event.id, change: ordered ? { ...event, orderId: ordered.orderId } : event };
  },
  announce: () => {},
});
