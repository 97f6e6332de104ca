import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import { areas, cameras, cameraStatusEvents, gateways } from "../../db/schema/index.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import type { Heartbeat } from "../live/contracts.ts";
import { type CameraStatus, heartbeatAllowance, heartbeatRetryAfterS, lastReports, statusTransitions } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/env.ts";
import { pushAlerts } from "../alerts/push.ts";
import { fpCounts } from "../alerts/view.ts";
import { cameraOfflineAlerts, closeVideoQualityAlerts } from "../alerts/raise.ts";
import { DEFAULT_DETECTION_SETTINGS } from "../detection/contracts.ts";
import { effectiveDetection, parseOverride } from "../detection/rules.ts";
import { nowOf } from "../clock/clock.ts";
import { livekitOf } from "../live/service.ts";
import type { z } from "zod";
import { gatewayDevices } from "../gb28181/gateway-service.ts";

/** What a gateway (device token) reads and reports: its cameras with their detection settings, and camera states. */
type Gateway = typeof gateways.$inferSelect;
type Tx = Parameters<Parameters<AppDeps["db"]["transaction"]>[0]>[0];

export const HEARTBEAT_SECONDS = 20;

/** The gateway's cameras and a publish-only LiveKit token for its canteen's room. */
export async function gatewayConfig(deps: AppDeps, gw: Gateway) {
  const livekit = livekitOf(deps);
  const { db } = deps;
  const rows = await db
    .select({ id: cameras.id, name: cameras.name, source: cameras.source, areaKind: areas.kind, publicVisible: cameras.publicVisible, cameraDetection: cameras.detection, areaDetection: areas.detection, referenceFingerprint: cameras.referenceFingerprint })
    .from(cameras)
    .innerJoin(areas, eq(areas.id, cameras.areaId))
    .where(eq(cameras.gatewayId, gw.id))
    .orderBy(asc(cameras.name));
  const counts = await fpCounts(db, rows.map((r) => r.id), nowOf(deps));
  const cameraList = rows.map(({ cameraDetection, areaDetection, referenceFingerprint, ...cam }) => ({
    ...cam,
    ...(referenceFingerprint ? { referenceFingerprint } : {}),
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
  // a transaction, not a bare UPDATE: within one process writes take turns (db/client.ts), and a bare write
  // beside another's transaction busy-waits on the event loop (seen at province load as 10 s stalls and 500s)
  await db.transaction((tx) => tx.update(gateways).set({ lastSeenAt: nowOf(deps) }).where(eq(gateways.id, gw.id)));
  return { gatewayId: gw.id, canteenId: gw.canteenId, room, livekit: { url: livekit.publicUrl, token, identity, expiresAt: toIso(expiresAt) }, cameras: cameraList, heartbeatSeconds: HEARTBEAT_SECONDS, gb28181Devices: await gatewayDevices(deps, gw) };
}

/**
 * Admits one heartbeat of this gateway or refuses it with 429 and Retry-After (a gateway flooding heartbeats,
 * issue 18). One conditional UPDATE spends a unit of the bucket kept on the gateway's row (and stamps it seen),
 * so API instances side by side share one limit and two requests racing cannot both spend the last unit. It is
 * the heartbeat transaction's first statement: a refusal rolls back nothing, and the write takes its turn.
 */
async function admitHeartbeat(deps: AppDeps, tx: Tx, gw: Gateway, now: number) {
  const t = deps.config.heartbeatThrottle;
  const perMs = t.perMinute / 60_000;
  const refilled = sql`min(${t.burst}, coalesce(${gateways.heartbeatAllowance}, ${t.burst}) + max(0, ${now} - coalesce(${gateways.heartbeatAt}, ${now})) * ${perMs})`;
  const admitted = await tx
    .update(gateways)
    .set({ heartbeatAllowance: sql`${refilled} - 1`, heartbeatAt: now, lastSeenAt: now })
    .where(and(eq(gateways.id, gw.id), sql`${refilled} >= 1`))
    .returning({ id: gateways.id });
  if (admitted.length) return;
  const [row] = await tx.select({ allowance: gateways.heartbeatAllowance, at: gateways.heartbeatAt }).from(gateways).where(eq(gateways.id, gw.id));
  const retryAfter = heartbeatRetryAfterS(heartbeatAllowance(row?.allowance ?? null, row?.at ?? null, now, t), t);
  throw new ApiError("rate_limited", "heartbeat_rate_limited", [{ path: "HEARTBEAT_PER_MINUTE", message: `at most ${t.burst} heartbeats at once, then ${t.perMinute} a minute per gateway` }], { "Retry-After": String(retryAfter) });
}

/** Records each camera's change of state (event + audit) and raises or closes its offline alerts, announced after commit. */
export async function heartbeat(deps: AppDeps, gw: Gateway, input: { json: z.infer<typeof Heartbeat> }) {
  const { db } = deps;
  // one state per camera: a camera listed twice counts as its last report (lastReports)
  const reports = lastReports(input.json.cameras);
  const now = nowOf(deps);
  const { transitions, offline, referenceRequests } = await db.transaction(async (tx) => {
    await admitHeartbeat(deps, tx, gw, now);
    const ids = reports.map((r) => r.id);
    const own = ids.length
      ? await tx
          .select({ id: cameras.id, status: cameras.status, gatewayId: cameras.gatewayId, codec: cameras.codec, sourceWidth: cameras.sourceWidth, sourceHeight: cameras.sourceHeight, referenceRequestedAt: cameras.referenceRequestedAt })
          .from(cameras)
          .where(inArray(cameras.id, ids))
      : [];
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
    if (changes.length) {
      await appendAudit(tx, { actorId: null, action: "camera.status", targetType: "gateway", targetId: gw.id, change: changes }, now);
    }
    const offline = await cameraOfflineAlerts(tx, gw.id, changes, now, deps.config.alertDeadlines.camera_offline);
    // issue 17: the source's codec and size (written when they change), approved reference pictures, 视频诊断 closes
    for (const r of reports) {
      const row = own.find((o) => o.id === r.id)!;
      if (r.source && (r.source.codec !== row.codec || r.source.width !== row.sourceWidth || r.source.height !== row.sourceHeight)) {
        await tx.update(cameras).set({ codec: r.source.codec, sourceWidth: r.source.width, sourceHeight: r.source.height }).where(eq(cameras.id, r.id));
        await appendAudit(tx, { actorId: null, action: "camera.source_video", targetType: "camera", targetId: r.id, change: r.source }, now);
      }
      if (r.reference && row.referenceRequestedAt !== null) {
        await tx.update(cameras).set({ referenceFingerprint: r.reference, referenceApprovedAt: now, referenceRequestedAt: null }).where(eq(cameras.id, r.id));
        await appendAudit(tx, { actorId: null, action: "camera.reference_captured", targetType: "camera", targetId: r.id, change: { requestedAt: row.referenceRequestedAt } }, now);
      }
    }
    const goodAgain = reports.flatMap((r) => (r.videoQuality && !r.videoQuality.problems.length ? [{ cameraId: r.id, since: Date.parse(r.videoQuality.since) }] : []));
    const qualityClosed = await closeVideoQualityAlerts(tx, goodAgain, now);
    const referenceRequests = own.filter((o) => o.referenceRequestedAt !== null && !reports.some((r) => r.id === o.id && r.reference)).map((o) => o.id);
    return { transitions: changes.length, offline: { raised: offline.raised, closed: [...offline.closed, ...qualityClosed] }, referenceRequests };
  });
  pushAlerts(deps, "alert.raised", offline.raised);
  pushAlerts(deps, "alert.updated", offline.closed);
  return { ok: true as const, transitions, referenceRequests };
}
