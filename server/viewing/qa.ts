import { and, eq } from "drizzle-orm";
import { users, viewingAttendance, viewingEvaluations, viewingQuestions } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { type Caller, nowOf } from "../http/env.ts";
import { conflict, notFound } from "../http/errors.ts";
import { toIso } from "../clock/time.ts";
import { ownFrame } from "./frame-reads.ts";
import { announceViewing } from "./push.ts";
import { getSession } from "./service.ts";
import { stateOf } from "./rules.ts";
import { sessionInScope } from "./view.ts";

/** The moderated Q&A and the evaluations after the session (issue 13, item 2). */

export async function askQuestion(caller: Caller, id: string, text: string) {
  const { deps, scope, actor } = caller;
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  const state = stateOf(session, now);
  if (state !== "open") throw conflict(state === "upcoming" ? "session_not_started" : "session_over");
  const question = { id: newId("vqu"), sessionId: id, askerId: actor.userId, text, status: "pending" as const, createdAt: now };
  await deps.db.insert(viewingQuestions).values(question);
  announceViewing(deps, id, now, { type: "viewing.question", question: { id: question.id, asker: actor.displayName, text, status: "pending", answer: null, createdAt: toIso(now), answeredAt: null } });
  return getSession(caller, id);
}

/** The host answers a pending question or hides it (stored either way; hidden ones stay in the record for the school and the regulator). */
export async function moderateQuestion(caller: Caller, questionId: string, action: { answer: string } | "hide") {
  const { deps, scope, actor } = caller;
  const [question] = await deps.db.select().from(viewingQuestions).where(eq(viewingQuestions.id, questionId));
  if (!question) throw notFound();
  await sessionInScope(deps.db, scope, actor, question.sessionId);
  const now = nowOf(deps);
  const patch = action === "hide" ? { status: "hidden" as const } : { status: "answered" as const, answer: action.answer, answeredBy: actor.userId, answeredAt: now };
  await deps.db.transaction(async (tx) => {
    const [moved] = await tx.update(viewingQuestions).set(patch).where(and(eq(viewingQuestions.id, questionId), eq(viewingQuestions.status, "pending"))).returning({ id: viewingQuestions.id });
    if (!moved) throw conflict("question_not_pending");
    await appendAudit(tx, { actorId: actor.userId, action: `viewing.question_${patch.status}`, targetType: "viewing_question", targetId: questionId, change: patch }, now);
  });
  const [asker] = await deps.db.select({ displayName: users.displayName }).from(users).where(eq(users.id, question.askerId));
  const moved = { id: question.id, asker: asker?.displayName ?? "", text: question.text, status: patch.status, answer: action === "hide" ? null : action.answer, createdAt: toIso(question.createdAt), answeredAt: action === "hide" ? null : toIso(now) };
  if (patch.status === "hidden") {
    // the host and the asker keep it (marked hidden); the other parents drop it
    const keepers = [actor.userId, question.askerId];
    announceViewing(deps, question.sessionId, now, { type: "viewing.question", question: moved }, { only: keepers });
    announceViewing(deps, question.sessionId, now, { type: "viewing.question_hidden", questionId }, { except: keepers });
  } else announceViewing(deps, question.sessionId, now, { type: "viewing.question", question: moved });
  return getSession(caller, question.sessionId);
}

export interface EvaluationInput {
  hygiene: number;
  operations: number;
  food: number;
  comment?: string;
  problems?: string;
  frameId?: string;
}

/** An attending parent's evaluation, once, after the session started; its problems go to the school's to-do. */
export async function evaluate(caller: Caller, id: string, input: EvaluationInput) {
  const { deps, scope, actor } = caller;
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  if (stateOf(session, now) === "upcoming") throw conflict("session_not_started");
  const [attended] = await deps.db.select({ id: viewingAttendance.id }).from(viewingAttendance).where(and(eq(viewingAttendance.sessionId, id), eq(viewingAttendance.userId, actor.userId))).limit(1);
  if (!attended) throw conflict("not_attended");
  const frameId = input.frameId ? await ownFrame(deps.db, id, actor.userId, input.frameId) : null;
  const row = { id: newId("vev"), sessionId: id, userId: actor.userId, hygiene: input.hygiene, operations: input.operations, food: input.food, comment: input.comment || null, problems: input.problems || null, frameId, createdAt: now };
  await deps.db.transaction(async (tx) => {
    const [done] = await tx.insert(viewingEvaluations).values(row).onConflictDoNothing().returning({ id: viewingEvaluations.id });
    if (!done) throw conflict("already_evaluated");
    await appendAudit(tx, { actorId: actor.userId, action: "viewing.evaluate", targetType: "viewing_session", targetId: id, change: row }, now);
  });
  return getSession(caller, id);
}

/** The school answers the problems an evaluation names. */
export async function answerEvaluation(caller: Caller, evaluationId: string, answer: string) {
  const { deps, scope, actor } = caller;
  const [evaluation] = await deps.db.select().from(viewingEvaluations).where(eq(viewingEvaluations.id, evaluationId));
  if (!evaluation) throw notFound();
  await sessionInScope(deps.db, scope, actor, evaluation.sessionId);
  const now = nowOf(deps);
  await deps.db.transaction(async (tx) => {
    await tx.update(viewingEvaluations).set({ answer, answeredBy: actor.userId, answeredAt: now }).where(eq(viewingEvaluations.id, evaluationId));
    await appendAudit(tx, { actorId: actor.userId, action: "viewing.evaluation_answer", targetType: "viewing_evaluation", targetId: evaluationId, change: { answer } }, now);
  });
  return getSession(caller, evaluation.sessionId);
}
