import { and, eq, gt, isNull, min } from "drizzle-orm";
import { gateways, recordingDays, recordingPlaybacks } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { HEARTBEAT_SECONDS } from "../cameras/device-service.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, invalid, notFound } from "../http/errors.ts";
import { cameraInScope, canteenInScope } from "../scope/loaders.ts";
import { MIN_RETENTION_DAYS } from "../../media/record/retention.ts";
import { type PlaybackControl, PLAYBACK_TOPIC, playbackTrack } from "./playback-contracts.ts";
import { applyControl, outOfRange } from "./playback-rules.ts";

type Row = typeof recordingPlaybacks.$inferSelect;
const DAY = 86_400_000;
/** a playback the gateway never reported ended (it restarted meanwhile) stops counting after this long */
export const PLAYBACK_LEASE_MS = 4 * 3_600_000;

const active = (now: number) => and(isNull(recordingPlaybacks.endedAt), gt(recordingPlaybacks.startedAt, now - PLAYBACK_LEASE_MS));

/** The oldest instant that can be played: the first recorded one inside the 7 days every gateway keeps. */
export async function oldestOf(deps: AppDeps, cameraId: string, now: number): Promise<number | null> {
  const [row] = await deps.db.select({ first: min(recordingDays.firstAt) }).from(recordingDays).where(and(eq(recordingDays.cameraId, cameraId), gt(recordingDays.lastAt, now - MIN_RETENTION_DAYS * DAY)));
  return row?.first == null ? null : Math.max(row.first, now - MIN_RETENTION_DAYS * DAY);
}

function rangeError(at: number, now: number, oldest: number | null) {
  const why = outOfRange(at, now, oldest);
  if (!why) return null;
  const message = oldest === null ? "nothing is recorded for this camera yet" : `${why === "future" ? "the time is in the future" : "the time is older than the oldest recording"}; the oldest recording is ${toIso(oldest)}`;
  return invalid("playback_out_of_range", [{ path: "at", message }]);
}

const view = (r: Row, cameraName: string, oldest: number | null) => ({
  id: r.id,
  canteenId: r.canteenId,
  cameraId: r.cameraId,
  cameraName,
  room: canteenRoom(r.canteenId),
  track: playbackTrack(r.id),
  at: toIso(r.at),
  position: toIso(r.position),
  since: toIso(r.since),
  speed: r.speed as 1 | 2 | 4 | 8,
  paused: r.paused,
  startedBy: r.startedBy,
  endedAt: toIsoOrNull(r.endedAt),
  endReason: r.endReason,
  oldest: toIsoOrNull(oldest),
});

/** The state to everyone in the canteen's room (the gateway follows it; browsers show the time). */
function announce(deps: AppDeps, r: Row) {
  const message = { type: "playback.state" as const, id: r.id, cameraId: r.cameraId, position: r.position, since: r.since, speed: r.speed as 1 | 2 | 4 | 8, paused: r.paused, ended: r.endReason };
  publish(deps, announcement(canteenRoom(r.canteenId), PLAYBACK_TOPIC, message));
}

/**
 * Starts a playback of a camera from `at` (ISO): 404 out of scope, 400 naming the oldest recording for a time in the
 * future or older than it, 503 when LiveKit or the camera's gateway is offline, 429 at the gateway's PLAYBACK_MAX.
 */
export async function startPlayback({ deps, scope, actor }: Caller, body: { cameraId: string; at: string }) {
  const now = nowOf(deps);
  const { camera } = await cameraInScope(deps.db, scope, body.cameraId);
  const at = Date.parse(body.at);
  const oldest = await oldestOf(deps, camera.id, now);
  const bad = rangeError(at, now, oldest);
  if (bad) throw bad;
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  const [gw] = camera.gatewayId ? await deps.db.select().from(gateways).where(eq(gateways.id, camera.gatewayId)) : [];
  if (!gw || gw.revokedAt != null || gw.lastSeenAt == null || now - gw.lastSeenAt > 3 * HEARTBEAT_SECONDS * 1000) throw new ApiError("service_unavailable", "gateway_offline_playback");
  const cap = deps.config.playbackMax;
  const row: Row = { id: newId("pb"), canteenId: camera.canteenId, cameraId: camera.id, gatewayId: gw.id, startedBy: actor.userId, at, position: at, since: now, speed: 1, paused: false, startedAt: now, endedAt: null, endReason: null };
  await deps.db.transaction(async (tx) => {
    const running = await tx.select({ id: recordingPlaybacks.id }).from(recordingPlaybacks).where(and(eq(recordingPlaybacks.gatewayId, gw.id), active(now)));
    if (running.length >= cap) throw new ApiError("rate_limited", "playback_limit", [{ path: "PLAYBACK_MAX", message: `at most ${cap} playbacks at once on this gateway (PLAYBACK_MAX=${cap})` }], { "Retry-After": "60" });
    await tx.insert(recordingPlaybacks).values(row);
    await appendAudit(tx, { actorId: actor.userId, action: "recording.playback_started", targetType: "camera", targetId: camera.id, change: { playbackId: row.id, at: toIso(at) } }, now);
  });
  announce(deps, row);
  return view(row, camera.name, oldest);
}

async function playbackInScope({ deps, scope }: Caller, id: string) {
  const [row] = await deps.db.select().from(recordingPlaybacks).where(eq(recordingPlaybacks.id, id));
  if (!row) throw notFound();
  const { camera } = await cameraInScope(deps.db, scope, row.cameraId);
  return { row, camera };
}

export async function getPlayback(caller: Caller, id: string) {
  const { row, camera } = await playbackInScope(caller, id);
  return view(row, camera.name, await oldestOf(caller.deps, camera.id, nowOf(caller.deps)));
}

/** pause, resume, seek, speed (1×/2×/4×/8×), stop: for everyone in the room. 409 once it has ended. */
export async function controlPlayback(caller: Caller, id: string, c: PlaybackControl) {
  const { deps, actor } = caller;
  const now = nowOf(deps);
  const { row, camera } = await playbackInScope(caller, id);
  const oldest = await oldestOf(deps, camera.id, now);
  if (row.endedAt != null || row.startedAt <= now - PLAYBACK_LEASE_MS) throw conflict("playback_ended");
  let next: Row;
  if (c.action === "stop") next = { ...row, endedAt: now, endReason: "stopped" };
  else {
    const at = c.action === "seek" ? Date.parse(c.at) : undefined;
    const bad = at === undefined ? null : rangeError(at, now, oldest);
    if (bad) throw bad;
    next = { ...row, ...applyControl(row, c, now, at) };
  }
  const { position, since, speed, paused, endedAt, endReason } = next;
  await deps.db.update(recordingPlaybacks).set({ position, since, speed, paused, endedAt, endReason }).where(eq(recordingPlaybacks.id, id));
  if (c.action === "stop") await appendAudit(deps.db, { actorId: actor.userId, action: "recording.playback_stopped", targetType: "camera", targetId: camera.id, change: { playbackId: id } }, now);
  announce(deps, next);
  return view(next, camera.name, oldest);
}

/** The playbacks running in a canteen's room (for a browser that joins after they started). */
export async function canteenPlaybacks(caller: Caller, canteenId: string) {
  const { deps, scope } = caller;
  const now = nowOf(deps);
  await canteenInScope(deps.db, scope, canteenId);
  const rows = await deps.db.select().from(recordingPlaybacks).where(and(eq(recordingPlaybacks.canteenId, canteenId), active(now)));
  const items = [];
  for (const r of rows) {
    const found = await cameraInScope(deps.db, scope, r.cameraId).catch(() => null);
    if (found) items.push(view(r, found.camera.name, await oldestOf(deps, r.cameraId, now)));
  }
  return { items };
}

/** The gateway ended a playback (nobody watched for 60 s, the recording ran out, ffmpeg failed, over its limit). */
export async function gatewayEndedPlayback(deps: AppDeps, gw: { id: string }, id: string, body: { reason: "unwatched" | "ended" | "failed" | "refused" }) {
  const [row] = await deps.db.select().from(recordingPlaybacks).where(and(eq(recordingPlaybacks.id, id), eq(recordingPlaybacks.gatewayId, gw.id)));
  if (!row) throw notFound();
  if (row.endedAt == null) {
    const now = nowOf(deps);
    const next = { ...row, endedAt: now, endReason: body.reason };
    await deps.db.update(recordingPlaybacks).set({ endedAt: now, endReason: body.reason }).where(eq(recordingPlaybacks.id, id));
    announce(deps, next);
  }
  return { ok: true as const };
}
