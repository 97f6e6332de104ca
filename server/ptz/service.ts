import { eq } from "drizzle-orm";
import { cameras, ptzControls } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { toIsoOrNull } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, notFound } from "../http/errors.ts";
import { cameraInScope } from "../scope/loaders.ts";
import { type PtzCommand, type PtzResult, PTZ_TOPIC, Preset } from "./contracts.ts";
import { claim, type Control, holderAt, mayCommand, PTZ_LEASE_MS, rankOf } from "./rules.ts";

type Row = typeof ptzControls.$inferSelect;
type Camera = typeof cameras.$inferSelect;

const presetsOf = (r: Row | undefined) => {
  const parsed = Preset.array().safeParse(JSON.parse(r?.presets ?? "[]"));
  return parsed.success ? parsed.data : [];
};

function view(cameraId: string, r: Row | undefined, now: number) {
  const h = holderAt(r ?? null, now);
  return {
    cameraId,
    holder: h && r ? { userId: h.id, name: r.holderName ?? "", rank: h.rank } : null,
    expiresAt: h ? toIsoOrNull(r!.expiresAt) : null,
    presets: presetsOf(r),
  };
}

function announceControl(deps: AppDeps, camera: Camera, r: Row, now: number) {
  const h = holderAt(r, now);
  const holder = h ? { userId: h.id, name: r.holderName ?? "", rank: h.rank } : null;
  publish(deps, announcement(canteenRoom(camera.canteenId), PTZ_TOPIC, { type: "ptz.control", cameraId: camera.id, holder, expiresAt: h ? r.expiresAt : null }));
}

/** A PTZ camera the caller may see, with its control row: 404 outside scope, 409 for a camera without PTZ. */
async function ptzCamera(caller: Caller, cameraId: string) {
  const { camera } = await cameraInScope(caller.deps.db, caller.scope, cameraId);
  if (!camera.ptz) throw conflict("ptz_not_supported");
  const [row] = await caller.deps.db.select().from(ptzControls).where(eq(ptzControls.cameraId, camera.id));
  return { camera, row };
}

export async function getPtz(caller: Caller, cameraId: string) {
  const { row } = await ptzCamera(caller, cameraId);
  return view(cameraId, row, nowOf(caller.deps));
}

/** Take control (or renew it): granted when free, one's own, or held by a lower rank (the inspector over the school); 409 otherwise. */
export async function takeControl(caller: Caller, cameraId: string) {
  const { deps, actor, scope } = caller;
  const now = nowOf(deps);
  const { camera, row } = await ptzCamera(caller, cameraId);
  const rank = rankOf(scope.memberships);
  const c = claim(row ?? null, { userId: actor.userId, rank }, now);
  if (!c.granted) {
    await appendAudit(deps.db, { actorId: actor.userId, action: "ptz.control_refused", targetType: "camera", targetId: camera.id, change: { heldBy: c.heldBy } }, now);
    throw conflict("ptz_control_held", [{ path: "holder", message: `${row?.holderName ?? c.heldBy} holds control of this camera` }]);
  }
  const next: Row = { cameraId: camera.id, canteenId: camera.canteenId, holderId: actor.userId, holderName: actor.displayName, holderRank: rank, since: row && holderAt(row, now)?.id === actor.userId ? row.since : now, expiresAt: now + PTZ_LEASE_MS, presets: row?.presets ?? "[]", updatedAt: now };
  await deps.db.transaction(async (tx) => {
    await tx.insert(ptzControls).values(next).onConflictDoUpdate({ target: ptzControls.cameraId, set: { holderId: next.holderId, holderName: next.holderName, holderRank: next.holderRank, since: next.since, expiresAt: next.expiresAt, updatedAt: now } });
    await appendAudit(tx, { actorId: actor.userId, action: "ptz.control_taken", targetType: "camera", targetId: camera.id, change: { rank, preempted: c.preempted } }, now);
  });
  announceControl(deps, camera, next, now);
  return view(camera.id, next, now);
}

/** Hand control back; a caller who does not hold it changes nothing. */
export async function releaseControl(caller: Caller, cameraId: string) {
  const { deps, actor } = caller;
  const now = nowOf(deps);
  const { camera, row } = await ptzCamera(caller, cameraId);
  if (!row || holderAt(row, now)?.id !== actor.userId) return view(camera.id, row, now);
  const next: Row = { ...row, holderId: null, holderName: null, holderRank: null, since: null, expiresAt: null, updatedAt: now };
  await deps.db.transaction(async (tx) => {
    await tx.update(ptzControls).set({ holderId: null, holderName: null, holderRank: null, since: null, expiresAt: null, updatedAt: now }).where(eq(ptzControls.cameraId, camera.id));
    await appendAudit(tx, { actorId: actor.userId, action: "ptz.control_released", targetType: "camera", targetId: camera.id, change: {} }, now);
  });
  announceControl(deps, camera, next, now);
  return view(camera.id, next, now);
}

/**
 * A command from the holder goes to the camera's gateway on the bus (202: carried out there, its outcome comes
 * back as `ptz.result`); each renews the lease. A command from anyone else is dropped, logged (audit) and
 * answered 409. 503 without LiveKit or a gateway for the camera.
 */
export async function sendCommand(caller: Caller, cameraId: string, command: PtzCommand) {
  const { deps, actor } = caller;
  const now = nowOf(deps);
  const { camera, row } = await ptzCamera(caller, cameraId);
  if (!mayCommand(row as Control | undefined ?? null, actor.userId, now)) {
    await appendAudit(deps.db, { actorId: actor.userId, action: "ptz.command_refused", targetType: "camera", targetId: camera.id, change: { command, heldBy: holderAt(row ?? null, now)?.id ?? null } }, now);
    throw conflict("ptz_not_in_control");
  }
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  if (!camera.gatewayId) throw new ApiError("service_unavailable", "ptz_no_gateway");
  const id = newId("ptz");
  await deps.db.transaction(async (tx) => {
    await tx.update(ptzControls).set({ expiresAt: now + PTZ_LEASE_MS, updatedAt: now }).where(eq(ptzControls.cameraId, camera.id));
    await appendAudit(tx, { actorId: actor.userId, action: "ptz.command", targetType: "camera", targetId: camera.id, change: { commandId: id, command } }, now);
  });
  publish(deps, announcement(canteenRoom(camera.canteenId), PTZ_TOPIC, { type: "ptz.command", id, cameraId: camera.id, by: actor.userId, command, at: now }));
  return { id, cameraId: camera.id };
}

/** The gateway carried out a command (or could not): the presets it reported are kept, the outcome goes to the room. */
export async function gatewayResult(deps: AppDeps, gw: { id: string }, r: PtzResult) {
  const [camera] = await deps.db.select().from(cameras).where(eq(cameras.id, r.cameraId));
  if (!camera || camera.gatewayId !== gw.id) throw notFound();
  const now = nowOf(deps);
  if (r.presets) {
    const presets = JSON.stringify(r.presets);
    await deps.db
      .insert(ptzControls)
      .values({ cameraId: camera.id, canteenId: camera.canteenId, presets, updatedAt: now })
      .onConflictDoUpdate({ target: ptzControls.cameraId, set: { presets, updatedAt: now } });
  }
  publish(deps, announcement(canteenRoom(camera.canteenId), PTZ_TOPIC, { type: "ptz.result", id: r.commandId, cameraId: camera.id, ok: r.ok, error: r.error ?? null, presets: r.presets ?? null }));
  return { ok: true as const };
}
