import { asc, eq, inArray } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import { areas, cameras, cameraStatusEvents, gateways } from "../../db/schema/index.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import type { Heartbeat } from "../live/contracts.ts";
import { type CameraStatus, lastReports, statusTransitions } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/env.ts";
import { pushAlerts } from "../alerts/push.ts";
import { fpCounts } from "../alerts/view.ts";
import { cameraOfflineAlerts } from "../alerts/raise.ts";
import { DEFAULT_DETECTION_SETTINGS } from "../detection/contracts.ts";
import { effectiveDetection, parseOverride } from "../detection/rules.ts";
import { nowOf } from "../clock/clock.ts";
import { livekitOf } from "../live/service.ts";
import type { z } from "zod";
import { gatewayDevices } from "../gb28181/gateway-service.ts";

/** What a gateway (device token) reads and reports: its cameras with their detection settings, and camera states. */
type Gateway = typeof gateways.$inferSelect;

export const HEARTBEAT_SECONDS = 20;

/** The gateway's cameras and a publish-only LiveKit token for its canteen's room. */
export async function gatewayConfig(deps: AppDeps, gw: Gateway) {
  const livekit = livekitOf(deps);
  const { db } = deps;
  const rows = await db
    .select({ id: cameras.id, name: cameras.name, source: cameras.source, areaKind: areas.kind, publicVisible: cameras.publicVisible, cameraDetection: cameras.detection, areaDetection: areas.detection })
    .from(cameras)
    .innerJoin(areas, eq(areas.id, cameras.areaId))
    .where(eq(cameras.gatewayId, gw.id))
    .orderBy(asc(cameras.name));
  const counts = await fpCounts(db, rows.map((r) => r.id), nowOf(deps));
  const cameraList = rows.map(({ cameraDetection, areaDetection, ...cam }) => ({
    ...cam,
    detection: effectiveDetection(DEFAULT_DETECTION_SETTINGS, parseOverride(areaDetection), parseOverride(cameraDetection), counts.filter((n) => n.cameraId === cam.id)),
  }));
  const room = canteenRoom(gw.canteenId);
  const identity = gw.id;
  const { token, expiresAt } = await mintLiveToken({
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
    identity,
    name: gw.name,
    role: "gateway",
    room,
    attributes: { role: "gateway", displayName: gw.name, orgName: "" },
  });
  await db.update(gateways).set({ lastSeenAt: nowOf(deps) }).where(eq(gateways.id, gw.id));
  return { gatewayId: gw.id, canteenId: gw.canteenId, room, livekit: { url: livekit.publicUrl, token, identity, expiresAt: toIso(expiresAt) }, cameras: cameraList, heartbeatSeconds: HEARTBEAT_SECONDS, gb28181Devices: await gatewayDevices(deps, gw) };
}

/** Records each camera's change of state (event + audit) and raises or closes its offline alerts, announced after commit. */
export async function heartbeat(deps: AppDeps, gw: Gateway, input: { json: z.infer<typeof Heartbeat> }) {
  const { db } = deps;
  // one state per camera: a camera listed twice counts as its last report (lastReports)
  const reports = lastReports(input.json.cameras);
  const now = nowOf(deps);
  const { transitions, offline } = await db.transaction(async (tx) => {
    const ids = reports.map((r) => r.id);
    const own = ids.length ? await tx.select({ id: cameras.id, status: cameras.status, gatewayId: cameras.gatewayId }).from(cameras).where(inArray(cameras.id, ids)) : [];
    const foreign = ids.filter((id) => !own.some((o) => o.id === id && o.gatewayId === gw.id));
    if (foreign.length) throw notFound("camera_not_on_gateway", foreign.map((id) => ({ path: "cameras", message: `camera ${id} is not on this gateway` })));
    const current = new Map<string, CameraStatus>(own.map((o) => [o.id, o.status]));
    const changes = statusTransitions(current, reports);
    for (const t of changes) {
      await tx.update(cameras).set({ status: t.to, lastSeenAt: t.to === "online" ? now : undefined }).where(eq(cameras.id, t.cameraId));
      await tx.insert(cameraStatusEvents).values({ id: newId("cse"), cameraId: t.cameraId, status: t.to, at: now, reason: t.reason });
    }
    const online = reports.filter((r) => r.status === "online").map((r) => r.id);
    if (online.length) await tx.update(cameras).set({ lastSeenAt: now }).where(inArray(cameras.id, online));
    await tx.update(gateways).set({ lastSeenAt: now }).where(eq(gateways.id, gw.id));
    if (changes.length) {
      await appendAudit(tx, { actorId: null, action: "camera.status", targetType: "gateway", targetId: gw.id, change: changes }, now);
    }
    const offline = await cameraOfflineAlerts(tx, gw.id, changes, now, deps.config.alertDeadlines.camera_offline);
    return { transitions: changes.length, offline };
  });
  pushAlerts(deps, "alert.raised", offline.raised);
  pushAlerts(deps, "alert.updated", offline.closed);
  return { ok: true as const, transitions };
}
