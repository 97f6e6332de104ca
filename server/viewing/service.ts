import { and, eq, inArray, isNull } from "drizzle-orm";
import { cameras, committeeMembers, memberships, viewingInvitees, viewingSessionCameras, viewingSessions } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { conflict } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { ViewingQuery, ViewingSession } from "./contracts.ts";
import { windowProblem } from "./rules.ts";
import { announceViewing } from "./push.ts";
import { invitedOnly, selectSessions, sessionDetail, sessionInScope, type SessionRow, summaries } from "./view.ts";

export interface ScheduleInput {
  canteenId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  cameraIds: string[];
  inviteeIds: string[];
  hostId: string;
}

/** A principal or food-safety director schedules a session: the canteen's cameras, the committee's members, a host of the school. */
export async function scheduleSession(caller: Caller, input: ScheduleInput): Promise<ViewingSession> {
  const { deps, scope, actor } = caller;
  const { canteen, org } = await canteenInScope(deps.db, scope, input.canteenId);
  const now = nowOf(deps);
  const startsAt = Date.parse(input.startsAt);
  const endsAt = Date.parse(input.endsAt);
  const problem = windowProblem(startsAt, endsAt, now);
  if (problem) throw conflict(problem);
  const cameraIds = [...new Set(input.cameraIds)];
  const inviteeIds = [...new Set(input.inviteeIds)];
  const id = newId("vws");
  await deps.db.transaction(async (tx) => {
    const found = await tx.select({ id: cameras.id }).from(cameras).where(and(eq(cameras.canteenId, canteen.id), inArray(cameras.id, cameraIds)));
    if (found.length !== cameraIds.length) throw conflict("camera_not_in_canteen");
    const seated = await tx.select({ userId: committeeMembers.userId }).from(committeeMembers).where(and(eq(committeeMembers.orgId, org.id), isNull(committeeMembers.endedAt), inArray(committeeMembers.userId, inviteeIds)));
    if (new Set(seated.map((s) => s.userId)).size !== inviteeIds.length) throw conflict("invitee_not_member");
    const [host] = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, input.hostId), eq(memberships.orgId, org.id), inArray(memberships.role, ["principal", "food_safety_director"])));
    if (!host) throw conflict("host_not_in_school");
    const row = { id, canteenId: canteen.id, orgId: org.id, title: input.title, startsAt, endsAt, hostId: input.hostId, status: "scheduled" as const, createdBy: actor.userId, createdAt: now };
    await tx.insert(viewingSessions).values(row);
    await tx.insert(viewingSessionCameras).values(cameraIds.map((cameraId) => ({ sessionId: id, cameraId })));
    await tx.insert(viewingInvitees).values(inviteeIds.map((userId) => ({ sessionId: id, userId })));
    await appendAudit(tx, { actorId: actor.userId, action: "viewing.schedule", targetType: "viewing_session", targetId: id, change: { ...row, cameraIds, inviteeIds } }, now);
  });
  return getSession(caller, id);
}

/** Newest window first. */
const byStart = keyset("desc", [viewingSessions.startsAt, viewingSessions.id], (r: SessionRow) => [r.session.startsAt, r.session.id]);

export async function listSessions({ deps, scope, actor }: Caller, q: ViewingQuery) {
  const rows = await selectSessions(deps.db, scope, q.canteenId ? eq(viewingSessions.canteenId, q.canteenId) : undefined, invitedOnly(scope, actor), byStart.after(q.cursor))
    .orderBy(...byStart.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byStart.page(rows, q.limit);
  return { items: await summaries(deps.db, page, actor, nowOf(deps)), nextCursor };
}

export async function getSession({ deps, scope, actor }: Caller, id: string): Promise<ViewingSession> {
  const row = await sessionInScope(deps.db, scope, actor, id);
  return sessionDetail(deps.db, row, actor, scope.publicCamerasOnly, nowOf(deps));
}

/** The host ends the session now: its grants are withdrawn at once (the parents' signed window moves to now). */
export async function endSession(caller: Caller, id: string): Promise<ViewingSession> {
  const { deps, scope, actor } = caller;
  const row = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  if (row.session.status !== "scheduled" || now >= row.session.endsAt) throw conflict("session_over");
  await deps.db.transaction(async (tx) => {
    const [moved] = await tx.update(viewingSessions).set({ status: "ended", endedAt: now }).where(and(eq(viewingSessions.id, id), eq(viewingSessions.status, "scheduled"))).returning({ id: viewingSessions.id });
    if (!moved) throw conflict("session_over");
    await tx.update(viewingInvitees).set({ micOpen: false, handRaisedAt: null }).where(eq(viewingInvitees.sessionId, id));
    await appendAudit(tx, { actorId: actor.userId, action: "viewing.end", targetType: "viewing_session", targetId: id, change: { endedAt: now } }, now);
  });
  announceViewing(deps, id, now, { type: "viewing.ended" });
  const bus = deps.livekit;
  if (bus?.updateParticipant) {
    const invitees = await deps.db.select({ userId: viewingInvitees.userId }).from(viewingInvitees).where(eq(viewingInvitees.sessionId, id));
    const room = canteenRoom(row.session.canteenId);
    await Promise.all(invitees.map((i) => bus.updateParticipant!(room, i.userId, { attributes: { sessionUntil: String(now) }, microphone: false })));
  }
  return getSession(caller, id);
}

