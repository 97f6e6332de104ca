import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, canteens, orgs, users, viewingAttendance, viewingEvaluations, viewingInvitees, viewingQuestions, viewingSessionCameras, viewingSessions } from "../../db/schema/index.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { VIEWING_GRACE_MS } from "../contracts/enums.ts";
import { notFound } from "../http/errors.ts";
import type { Actor, Scope } from "../scope/actor.ts";
import { scopedLists, type SYSTEM } from "../scope/lists.ts";
import type { ViewingSession } from "./contracts.ts";
import { framesById, framesOf } from "./frame-reads.ts";
import { stateOf } from "./rules.ts";

export const selectSessions = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope).viewingSessions({ session: viewingSessions, canteenName: canteens.name, schoolName: orgs.name }, ...filters);
export type SessionRow = Awaited<ReturnType<typeof selectSessions>>[number];

/** A parent sees only the sessions they are invited to: the others are as missing (404). */
export const invitedOnly = (scope: Scope | typeof SYSTEM, actor: Actor | null) =>
  scope !== "system" && scope.publicCamerasOnly && actor
    ? inArray(viewingSessions.id, scopedInvites(actor.userId))
    : undefined;
// a subquery of the caller's invitations
const scopedInvites = (userId: string) => sql`(select ${viewingInvitees.sessionId} from ${viewingInvitees} where ${viewingInvitees.userId} = ${userId})`;

export async function sessionInScope(db: DbOrTx, scope: Scope | typeof SYSTEM, actor: Actor | null, id: string) {
  const [row] = await selectSessions(db, scope, eq(viewingSessions.id, id), invitedOnly(scope, actor));
  if (!row) throw notFound();
  return row;
}

/** The summaries of many sessions: host, cameras, invitees in three queries. */
export async function summaries(db: DbOrTx, rows: SessionRow[], actor: Actor | null, now: number) {
  const ids = rows.map((r) => r.session.id);
  if (!ids.length) return [];
  const [hosts, cams, invites] = await Promise.all([
    db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.session.hostId))])),
    db.select({ sessionId: viewingSessionCameras.sessionId, id: cameras.id, name: cameras.name, publicVisible: cameras.publicVisible }).from(viewingSessionCameras).innerJoin(cameras, eq(cameras.id, viewingSessionCameras.cameraId)).where(inArray(viewingSessionCameras.sessionId, ids)).orderBy(asc(cameras.name)),
    db.select({ sessionId: viewingInvitees.sessionId, userId: viewingInvitees.userId }).from(viewingInvitees).where(inArray(viewingInvitees.sessionId, ids)),
  ]);
  return rows.map(({ session: s, canteenName, schoolName }) => ({
    id: s.id,
    canteenId: s.canteenId,
    canteenName,
    schoolName,
    title: s.title,
    startsAt: toIso(s.startsAt),
    endsAt: toIso(s.endsAt),
    graceMs: VIEWING_GRACE_MS,
    status: s.status,
    state: stateOf(s, now),
    host: { id: s.hostId, displayName: hosts.find((h) => h.id === s.hostId)?.displayName ?? "" },
    cameras: cams.filter((c) => c.sessionId === s.id).map(({ sessionId: _s, ...c }) => c),
    inviteeCount: invites.filter((i) => i.sessionId === s.id).length,
    invited: !!actor && invites.some((i) => i.sessionId === s.id && i.userId === actor.userId),
    remindedAt: toIsoOrNull(s.remindedAt),
  }));
}

/** The whole record: attendance, Q&A (hidden questions only for the school and regulators), evaluations (a parent sees their own). */
export async function sessionDetail(db: DbOrTx, row: SessionRow, actor: Actor | null, parentView: boolean, now: number): Promise<ViewingSession> {
  const [summary] = await summaries(db, [row], actor, now);
  const id = row.session.id;
  const [invitees, attendance, questions, evaluations] = await Promise.all([
    db.select({ invite: viewingInvitees, displayName: users.displayName }).from(viewingInvitees).innerJoin(users, eq(users.id, viewingInvitees.userId)).where(eq(viewingInvitees.sessionId, id)).orderBy(asc(users.displayName)),
    db.select().from(viewingAttendance).where(eq(viewingAttendance.sessionId, id)).orderBy(asc(viewingAttendance.joinedAt)),
    db.select({ q: viewingQuestions, asker: users.displayName }).from(viewingQuestions).innerJoin(users, eq(users.id, viewingQuestions.askerId)).where(eq(viewingQuestions.sessionId, id)).orderBy(asc(viewingQuestions.createdAt), sql`viewing_questions.rowid`),
    db
      .select({ e: viewingEvaluations, parent: users.displayName })
      .from(viewingEvaluations)
      .innerJoin(users, eq(users.id, viewingEvaluations.userId))
      .where(and(eq(viewingEvaluations.sessionId, id), parentView && actor ? eq(viewingEvaluations.userId, actor.userId) : undefined))
      .orderBy(asc(viewingEvaluations.createdAt)),
  ]);
  const [frames, sessionFrames] = await Promise.all([
    framesById(db, evaluations.flatMap(({ e }) => (e.frameId ? [e.frameId] : []))),
    framesOf(db, id, parentView ? (actor?.userId ?? "") : null),
  ]);
  return {
    ...summary!,
    invitees: invitees.map(({ invite, displayName }) => ({
      userId: invite.userId,
      displayName,
      handRaised: invite.handRaisedAt !== null,
      micOpen: invite.micOpen,
      attendance: attendance.filter((a) => a.userId === invite.userId).map((a) => ({ joinedAt: toIso(a.joinedAt), leftAt: toIsoOrNull(a.leftAt) })),
    })),
    questions: questions
      .filter(({ q }) => !parentView || q.status !== "hidden" || q.askerId === actor?.userId)
      .map(({ q, asker }) => ({ id: q.id, asker, text: q.text, status: q.status, answer: q.answer, createdAt: toIso(q.createdAt), answeredAt: toIsoOrNull(q.answeredAt) })),
    evaluations: evaluations.map(({ e, parent }) => ({ id: e.id, parent, hygiene: e.hygiene, operations: e.operations, food: e.food, comment: e.comment, problems: e.problems, frame: (e.frameId && frames.get(e.frameId)) || null, answer: e.answer, answeredAt: toIsoOrNull(e.answeredAt), createdAt: toIso(e.createdAt) })),
    frames: sessionFrames,
  };
}
