import { nowOf } from "../clock/clock.ts";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, canteens, gateways, orgs } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { areaInScope, cameraInScope, canteenInScope } from "../scope/loaders.ts";
import { scopedLists } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { Camera, CameraList, CamerasQuery, CreateCamera, UpdateCamera } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { toIsoOrNull } from "../clock/time.ts";
import { conflict, invalid } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { managesOrg } from "../canteens/service.ts";
import { toCamera } from "./views.ts";


const listCameras = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/cameras",
  tags: ["cameras"],
  summary: "Cameras of a canteen the caller may see (parents: public-visible ones only)",
  request: { query: CamerasQuery },
  responses: { 200: jsonOk(CameraList) },
});
const getCamera = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/cameras/{id}",
  tags: ["cameras"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Camera) },
});
const createCamera = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/cameras",
  tags: ["cameras"],
  request: { body: jsonBody(CreateCamera) },
  responses: { 201: jsonOk(Camera, "created") },
});
const updateCamera = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/cameras/{id}",
  tags: ["cameras"],
  request: { params: IdParam, body: jsonBody(UpdateCamera) },
  responses: { 200: jsonOk(Camera) },
});

/** The area and gateway a camera points at must belong to the camera's canteen, and the gateway must not be revoked. */
async function assertSameCanteen(tx: DbOrTx, canteenId: string, areaCanteenId: string | null, gatewayId: string | null | undefined) {
  if (areaCanteenId !== null && areaCanteenId !== canteenId) throw invalid("area_not_in_canteen", [{ path: "areaId", message: "area of another canteen" }]);
  if (gatewayId) {
    const [gw] = await tx.select({ canteenId: gateways.canteenId, revokedAt: gateways.revokedAt }).from(gateways).where(eq(gateways.id, gatewayId));
    if (!gw || gw.canteenId !== canteenId) throw invalid("area_not_in_canteen", [{ path: "gatewayId", message: "gateway of another canteen" }]);
    // a revoked gateway publishes nothing: a camera attached to it would silently never be seen
    if (gw.revokedAt !== null) throw conflict("gateway_revoked_attach");
  }
}

export function cameraRoutes(app: App) {
  app.openapi(listCameras, async (c) => {
    const { db } = c.var.deps;
    const { canteenId } = c.req.valid("query");
    const { org } = await canteenInScope(db, c.var.scope, canteenId);
    const rows = await scopedLists(db, c.var.scope)
      .cameras({ camera: cameras }, eq(cameras.canteenId, canteenId))
      .orderBy(asc(cameras.name), asc(cameras.id));
    const withSource = managesOrg(c.var.actor, org);
    return c.json({ items: rows.map((r) => toCamera(r.camera, withSource)) }, 200);
  });

  app.openapi(getCamera, async (c) => {
    const { camera, org } = await cameraInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    return c.json(toCamera(camera, managesOrg(c.var.actor, org)), 200);
  });

  app.openapi(createCamera, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const camera = await writeAudited(c.var.deps, async (tx) => {
      const { area } = await areaInScope(tx, c.var.scope, body.areaId);
      await assertSameCanteen(tx, area.canteenId, area.canteenId, body.gatewayId);
      const row = { id: newId("cam"), canteenId: area.canteenId, areaId: area.id, gatewayId: body.gatewayId ?? null, name: body.name, source: body.source, ptz: body.ptz, publicVisible: body.publicVisible, status: "unknown" as const, lastSeenAt: null, detection: null, createdAt: nowOf(c.var.deps) };
      await tx.insert(cameras).values(row);
      return { result: row, audit: { actorId: c.var.actor.userId, action: "camera.create", targetType: "camera", targetId: row.id, change: row } };
    });
    return c.json(toCamera(camera, true), 201);
  });

  app.openapi(updateCamera, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const camera = await writeAudited(c.var.deps, async (tx) => {
      const { camera } = await cameraInScope(tx, c.var.scope, id);
      const areaCanteen = patch.areaId ? (await areaInScope(tx, c.var.scope, patch.areaId)).area.canteenId : null;
      await assertSameCanteen(tx, camera.canteenId, areaCanteen, patch.gatewayId);
      const [row] = await tx.update(cameras).set(patch).where(eq(cameras.id, id)).returning();
      return { result: row!, audit: { actorId: c.var.actor.userId, action: "camera.update", targetType: "camera", targetId: id, change: patch } };
    });
    return c.json(toCamera(camera, true), 200);
  });
}
