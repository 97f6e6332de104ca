import { and, eq, isNull } from "drizzle-orm";
import type { WebhookEvent } from "livekit-server-sdk";
import { gateways, viewingAttendance, viewingInvitees, viewingSessionCameras, viewingSessions } from "../../db/schema/index.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenIdOfRoom, canteenRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, notFound } from "../http/errors.ts";
import { SYSTEM } from "../scope/lists.ts";
import { closesAt, stateOf, windowText } from "./rules.ts";
import { announceViewing } from "./push.ts";
import { getSession } from "./service.ts";
import { selectSessions, sessionInScope } from "./view.ts";

function livekitOf(deps: AppDeps) {
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  return deps.config.livekit;
}

/** The session's window must be open now: before it or after it, a 403 that names it. */
export function requireOpen(session: { startsAt: number; endsAt: number; status: "scheduled" | "ended" | "cancelled"; endedAt: number | null }, now: number) {
  if (stateOf(session, now) !== "open") throw new ApiError("forbidden", "outside_window", [{ path: "window", message: windowText(session.startsAt, closesAt(session)) }]);
}

/**
 * An invited parent's token: subscribe only (the parent role's grants), the session's cameras and window signed
 * into its attributes, which the canteen's gateway reads to grant exactly those tracks until the window closes.
 */
export async function joinToken({ deps, scope, actor }: Caller, id: string) {
  const livekit = livekitOf(deps);
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  requireOpen(session, now);
  const cams = await deps.db.select({ id: viewingSessionCameras.cameraId }).from(viewingSessionCameras).where(eq(viewingSessionCameras.sessionId, id));
  const room = canteenRoom(session.canteenId);
  const until = closesAt(session);
  const orgName = scope.memberships.find((m) => m.orgId === session.orgId)?.orgName ?? "";
  const minted = await mintLiveToken({
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
    identity: actor.userId,
    name: actor.displayName,
    role: "parent_rep",
    room,
    attributes: { role: "parent_rep", displayName: actor.displayName, orgName, sessionCameras: cams.map((c) => c.id).join(","), sessionUntil: String(until) },
  });
  if (deps.livekit) {
    const live = await deps.db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.canteenId, session.canteenId), isNull(gateways.revokedAt)));
    if (live.length) publish(deps, announcement(room, "gateway", { type: "viewer.expected", identity: actor.userId, role: "parent_rep" }, live.map((g) => g.id)));
  }
  return { url: livekit.publicUrl, token: minted.token, room, identity: actor.userId, expiresAt: toIso(minted.expiresAt), cameraIds: cams.map((c) => c.id), endsAt: toIso(until) };
}

/** A parent raises or lowers their hand (inside the window). */
export async function raiseHand(caller: Caller, id: string, raised: boolean) {
  const { deps, scope, actor } = caller;
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  requireOpen(session, now);
  await deps.db.update(viewingInvitees).set({ handRaisedAt: raised ? now : null }).where(and(eq(viewingInvitees.sessionId, id), eq(viewingInvitees.userId, actor.userId)));
  announceViewing(deps, id, now, { type: "viewing.hand", userId: actor.userId, raised });
  return getSession(caller, id);
}

/** The host opens one parent's microphone for a question, or closes it (a participant-permission update on LiveKit). */
export async function setMicrophone(caller: Caller, id: string, userId: string, open: boolean) {
  const { deps, scope, actor } = caller;
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  if (stateOf(session, now) !== "open") throw conflict("session_over");
  const [invite] = await deps.db.select().from(viewingInvitees).where(and(eq(viewingInvitees.sessionId, id), eq(viewingInvitees.userId, userId)));
  if (!invite) throw notFound("not_invited");
  if (deps.livekit?.updateParticipant) {
    const done = await deps.livekit.updateParticipant(canteenRoom(session.canteenId), userId, { microphone: open });
    if (!done) throw conflict("participant_not_connected");
  }
  await deps.db.transaction(async (tx) => {
    await tx.update(viewingInvitees).set({ micOpen: open, ...(open ? { handRaisedAt: null } : {}) }).where(and(eq(viewingInvitees.sessionId, id), eq(viewingInvitees.userId, userId)));
    await appendAudit(tx, { actorId: actor.userId, action: open ? "viewing.mic_open" : "viewing.mic_close", targetType: "viewing_session", targetId: id, change: { userId } }, now);
  });
  announceViewing(deps, id, now, { type: "viewing.mic", userId, open });
  return getSession(caller, id);
}

/** Attendance from LiveKit's webhooks: an invited parent joining the canteen's room while a session of theirs is open. */
export async function recordViewingAttendance(deps: AppDeps, event: WebhookEvent) {
  const canteenId = event.room ? canteenIdOfRoom(event.room.name) : null;
  const p = event.participant;
  if (!canteenId || !p || p.attributes?.role !== "parent_rep") return;
  const at = Number(event.createdAt) * 1000 || nowOf(deps);
  if (event.event === "participant_left") {
    await deps.db.update(viewingAttendance).set({ leftAt: at }).where(and(eq(viewingAttendance.participantSid, p.sid), isNull(viewingAttendance.leftAt)));
    return;
  }
  if (event.event !== "participant_joined") return;
  const sessions = await selectSessions(deps.db, SYSTEM, eq(viewingSessions.canteenId, canteenId), eq(viewingSessions.status, "scheduled"))
    .innerJoin(viewingInvitees, and(eq(viewingInvitees.sessionId, viewingSessions.id), eq(viewingInvitees.userId, p.identity)));
  for (const { session } of sessions) {
    if (stateOf(session, at) !== "open") continue;
    await deps.db.insert(viewingAttendance).values({ id: newId("vat"), sessionId: session.id, userId: p.identity, participantSid: p.sid, joinedAt: at }).onConflictDoNothing();
  }
}
