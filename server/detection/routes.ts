import { eq } from "drizzle-orm";
import { areas, cameras } from "../../db/schema/index.ts";
import { fpCounts } from "../alerts/service.ts";
import { writeAudited } from "../audit/service.ts";
import { areaInScope, cameraInScope } from "../scope/loaders.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AreaDetection, CameraDetection, UpdateAreaDetection, UpdateCameraDetection } from "../alerts/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { DEFAULT_DETECTION_SETTINGS } from "./contracts.ts";
import { fpRateOf } from "../alerts/rules.ts";
import { effectiveDetection, parseOverride } from "./rules.ts";
import { type App, nowOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const get = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/cameras/{id}/detection",
  tags: ["cameras"],
  summary: "A camera's AI抓拍 settings: its override, its area's, the effective settings the gateway gets, and its false-positive rates",
  request: { params: IdParam },
  responses: { 200: jsonOk(CameraDetection) },
});
const put = apiRoute("canteens.manage", {
  method: "put",
  path: "/api/v1/cameras/{id}/detection",
  tags: ["cameras"],
  summary: "Replace a camera's detection override (null: back to its area's and the defaults); the gateway picks it up with its next config",
  request: { params: IdParam, body: jsonBody(UpdateCameraDetection) },
  responses: { 200: jsonOk(CameraDetection) },
});

const getArea = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/areas/{id}/detection",
  tags: ["cameras"],
  summary: "An area's detection override (applies to its cameras, under each camera's own)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AreaDetection) },
});
const putArea = apiRoute("canteens.manage", {
  method: "put",
  path: "/api/v1/areas/{id}/detection",
  tags: ["cameras"],
  summary: "Replace an area's detection override (null: the defaults); e.g. empty working hours for a storeroom kept locked",
  request: { params: IdParam, body: jsonBody(UpdateAreaDetection) },
  responses: { 200: jsonOk(AreaDetection) },
});

async function view(db: DbOrTx, camera: typeof cameras.$inferSelect, now: number): Promise<CameraDetection> {
  const [area] = await db.select({ detection: areas.detection }).from(areas).where(eq(areas.id, camera.areaId));
  const counts = await fpCounts(db, [camera.id], now);
  const areaOverride = parseOverride(area?.detection);
  const override = parseOverride(camera.detection);
  return {
    cameraId: camera.id,
    areaOverride,
    override,
    effective: effectiveDetection(DEFAULT_DETECTION_SETTINGS, areaOverride, override, counts),
    fpRates: counts.map((n) => ({ type: n.type, ...fpRateOf(n.falsePositives, n.judged) })),
  };
}

export function detectionRoutes(app: App) {
  app.openapi(getArea, async (c) => {
    const { area } = await areaInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    return c.json({ areaId: area.id, override: parseOverride(area.detection) }, 200);
  });

  app.openapi(putArea, async (c) => {
    const { id } = c.req.valid("param");
    const { override } = c.req.valid("json");
    await writeAudited(c.var.deps, async (tx) => {
      await areaInScope(tx, c.var.scope, id);
      await tx.update(areas).set({ detection: override ? JSON.stringify(override) : null }).where(eq(areas.id, id));
      return { result: null, audit: { actorId: c.var.actor.userId, action: "area.detection", targetType: "area", targetId: id, change: { override } } };
    });
    return c.json({ areaId: id, override }, 200);
  });

  app.openapi(get, async (c) => {
    const { camera } = await cameraInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    return c.json(await view(c.var.deps.db, camera, nowOf(c.var.deps)), 200);
  });

  app.openapi(put, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const { override } = c.req.valid("json");
    const camera = await writeAudited(c.var.deps, async (tx) => {
      const { camera } = await cameraInScope(tx, c.var.scope, id);
      const detection = override ? JSON.stringify(override) : null;
      await tx.update(cameras).set({ detection }).where(eq(cameras.id, id));
      return { result: { ...camera, detection }, audit: { actorId: c.var.actor.userId, action: "camera.detection", targetType: "camera", targetId: id, change: { override } } };
    });
    return c.json(await view(db, camera, nowOf(c.var.deps)), 200);
  });
}
