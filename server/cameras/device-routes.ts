import { asc, eq, inArray } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import { areas, cameras, cameraStatusEvents, gateways } from "../../db/schema/index.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { GatewayConfig, Heartbeat, HeartbeatResult } from "../live/contracts.ts";
import { type CameraStatus, statusTransitions } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { ApiError, invalid } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { cameraOfflineAlerts, fpCounts, pushAlerts } from "../alerts/service.ts";
import { DEFAULT_DETECTION_SETTINGS } from "../detection/contracts.ts";
import { effectiveDetection, parseOverride } from "../detection/rules.ts";
import { nowOf } from "../http/env.ts";

export const HEARTBEAT_SECONDS = 20;

const config = apiRoute("device", {
  method: "get",
  path: "/api/v1/gateway/config",
  tags: ["gateway"],
  summary: "A gateway's cameras and its publish-only LiveKit token (device token)",
  responses: { 200: jsonOk(GatewayConfig) },
});

const heartbeat = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/heartbeat",
  tags: ["gateway"],
  summary: "Camera states from a gateway; each change is recorded as a camera_status_event",
  request: { body: jsonBody(Heartbeat) },
  responses: { 200: jsonOk(HeartbeatResult) },
});

export function gatewayDeviceRoutes(app: App) {
  app.openapi(config, async (c) => {
    const { db, config: appConfig } = c.var.deps;
    const gw = c.var.gateway;
    if (!appConfig.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
    const rows = await db
      .select({ id: cameras.id, name: cameras.name, source: cameras.source, areaKind: areas.kind, publicVisible: cameras.publicVisible, cameraDetection: cameras.detection, areaDetection: areas.detection })
      .from(cameras)
      .innerJoin(areas, eq(areas.id, cameras.areaId))
      .where(eq(cameras.gatewayId, gw.id))
      .orderBy(asc(cameras.name));
    const counts = await fpCounts(db, rows.map((r) => r.id), nowOf(c.var.deps));
    const cameraList = rows.map(({ cameraDetection, areaDetection, ...cam }) => ({
      ...cam,
      detection: effectiveDetection(DEFAULT_DETECTION_SETTINGS, parseOverride(areaDetection), parseOverride(cameraDetection), counts.filter((n) => n.cameraId === cam.id)),
    }));
    const room = canteenRoom(gw.canteenId);
    const identity = gw.id;
    const { token, expiresAt } = await mintLiveToken({
      apiKey: appConfig.livekit.apiKey,
      apiSecret: appConfig.livekit.apiSecret,
      identity,
      name: gw.name,
      role: "gateway",
      room,
      attributes: { role: "gateway", displayName: gw.name, orgName: "" },
    });
    await db.update(gateways).set({ lastSeenAt: nowOf(c.var.deps) }).where(eq(gateways.id, gw.id));
    return c.json(
      { gatewayId: gw.id, canteenId: gw.canteenId, room, livekit: { url: appConfig.livekit.publicUrl, token, identity, expiresAt: toIso(expiresAt) }, cameras: cameraList, heartbeatSeconds: HEARTBEAT_SECONDS },
      200,
    );
  });

  app.openapi(heartbeat, async (c) => {
    const { db } = c.var.deps;
    const gw = c.var.gateway;
    const { cameras: reports } = c.req.valid("json");
    const now = nowOf(c.var.deps);
    const { transitions, offline } = await db.transaction(async (tx) => {
      const ids = reports.map((r) => r.id);
      const own = ids.length ? await tx.select({ id: cameras.id, status: cameras.status, gatewayId: cameras.gatewayId }).from(cameras).where(inArray(cameras.id, ids)) : [];
      const foreign = ids.filter((id) => !own.some((o) => o.id === id && o.gatewayId === gw.id));
      if (foreign.length) throw invalid("camera_not_on_gateway", foreign.map((id) => ({ path: "cameras", message: `camera ${id} is not on this gateway` })));
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
      const offline = await cameraOfflineAlerts(tx, gw.id, changes, now, c.var.deps.config.alertDeadlines.camera_offline);
      return { transitions: changes.length, offline };
    });
    pushAlerts(c.var.deps, "alert.raised", offline.raised);
    pushAlerts(c.var.deps, "alert.updated", offline.closed);
    return c.json({ ok: true as const, transitions }, 200);
  });
}
