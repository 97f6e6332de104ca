import { and, eq } from "drizzle-orm";
import { complaintEvents, complaints } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import type { Workflow } from "../lifecycle/engine.ts";
import { complaintInScope } from "../scope/loaders.ts";
import type { ComplaintStatus } from "./contracts.ts";
import { COMPLAINT_TRANSITIONS, type ComplaintAction, type ComplaintFlags, isOverdue } from "./rules.ts";

type Row = Awaited<ReturnType<typeof complaintInScope>>;

/** The complaint lifecycle on the lifecycle engine; `now` decides whether it is overdue (escalation needs it). */
export const complaintWorkflow = (now: number): Workflow<Row, ComplaintStatus, ComplaintFlags, ComplaintAction> => ({
  entity: "complaint",
  transitions: COMPLAINT_TRANSITIONS,
  load: complaintInScope,
  stateOf: ({ complaint: c }) => ({ status: c.status, flags: { escalated: c.escalated, overdue: isOverdue(c, now) } }),
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
  async record(tx, { complaint: c }, { action, transition, actor, input, now: at, patch }) {
    // the school's answer is what the tracking code shows; a returned answer stays in the timeline
    if (action === "answer") await tx.update(complaints).set({ answer: input.note, answeredAt: at }).where(eq(complaints.id, c.id));
    const event = { id: newId("cev"), complaintId: c.id, type: transition.event as (typeof complaintEvents.$inferInsert)["type"], fromStatus: c.status, toStatus: patch.status as ComplaintStatus, actorId: actor.userId, at, note: input.note };
    await tx.insert(complaintEvents).values(event);
    return { eventId: event.id, change: event };
  },
  announce: () => {},
});
