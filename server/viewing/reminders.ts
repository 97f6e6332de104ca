import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { viewingInvitees, viewingSessions } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import { REMIND_BEFORE_MS } from "./rules.ts";

/**
 * The reminder job (issue 13, item 2: "get a reminder before it starts"): a scheduled session whose start is
 * within REMIND_BEFORE_MS is marked reminded once — a conditional UPDATE, so one instance wins — with an audit
 * entry naming the invited parents. Their pages show the reminder from then on (the session's `remindedAt`);
 * no SMS. Answers the ids of the sessions reminded in this round.
 */
export async function remindUpcoming(deps: AppDeps): Promise<string[]> {
  const now = nowOf(deps);
  const due = await deps.db
    .select({ id: viewingSessions.id, startsAt: viewingSessions.startsAt })
    .from(viewingSessions)
    .where(and(eq(viewingSessions.status, "scheduled"), isNull(viewingSessions.remindedAt), lte(viewingSessions.startsAt, now + REMIND_BEFORE_MS), gt(viewingSessions.endsAt, now)));
  const reminded: string[] = [];
  for (const s of due) {
    await deps.db.transaction(async (tx) => {
      const [moved] = await tx
        .update(viewingSessions)
        .set({ remindedAt: now })
        .where(and(eq(viewingSessions.id, s.id), isNull(viewingSessions.remindedAt)))
        .returning({ id: viewingSessions.id });
      if (!moved) return;
      const invitees = await tx.select({ userId: viewingInvitees.userId }).from(viewingInvitees).where(eq(viewingInvitees.sessionId, s.id));
      await appendAudit(tx, { actorId: null, action: "viewing.remind", targetType: "viewing_session", targetId: s.id, change: { startsAt: s.startsAt, invitees: invitees.map((i) => i.userId) } }, now);
      reminded.push(s.id);
    });
  }
  return reminded;
}
