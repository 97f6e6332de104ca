import { nowOf } from "../clock/clock.ts";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, canteens, gateways } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { areaInScope, cameraInScope, canteenInScope } from "../scope/loaders.ts";
import { scopedLists } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { CamerasQuery, CreateCamera, UpdateCamera } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { conflict, invalid } from "../http/errors.ts";
import { managesOrg } from "../canteens/service.ts";
import { toCamera } from "./views.ts";
import { MASK, maskSource, unmaskSource } from "./rules.ts";
import type { z } from "zod";
import type { Caller } from "../http/env.ts";

/** Cameras of a canteen: reads through the caller's scope (sources only to those who manage it), audited writes. */
/** The area and gateway a camera points at must belong to the camera's canteen, and the gateway must not be revoked. */
async function assertSameCanteen(tx: DbOrTx, canteenId: string, areaCanteenId: string | null, gatewayId: string | null | undefined) {
  if (areaCanteenId !== null && areaCanteenId !== canteenId) throw conflict("area_not_in_canteen", [{ path: "areaId", message: "area of another canteen" }]);
  if (gatewayId) {
    const [gw] = await tx.select({ canteenId: gateways.canteenId, revokedAt: gateways.revokedAt }).from(gateways).where(eq(gateways.id, gatewayId));
    if (!gw || gw.canteenId !== canteenId) throw conflict("area_not_in_canteen", [{ path: "gatewayId", message: "gateway of another canteen" }]);
    // a revoked gateway publishes nothing: a camera attached to it would silently never be seen
    if (gw.revokedAt !== null) throw conflict("gateway_revoked_attach");
  }
}

export async function listCameras({ deps, scope, actor }: Caller, input: { query: z.infer<typeof CamerasQuery> }) {
  const { db } = deps;
  const { canteenId } = input.query;
  const { org } = await canteenInScope(db, scope, canteenId);
  const rows = await scopedLists(db, scope)
    .cameras({ camera: cameras }, eq(cameras.canteenId, canteenId))
    .orderBy(asc(cameras.name), asc(cameras.id));
  const withSource = managesOrg(actor, org);
  return { items: rows.map((r) => toCamera(r.camera, withSource)) };
}

export async function getCamera({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { camera, org } = await cameraInScope(deps.db, scope, input.param.id);
  return toCamera(camera, managesOrg(actor, org));
}

export async function createCamera({ deps, scope, actor }: Caller, input: { json: z.infer<typeof CreateCamera> }) {
  const { db } = deps;
  const body = input.json;
  const camera = await writeAudited(deps, async (tx) => {
    const { area } = await areaInScope(tx, scope, body.areaId);
    await assertSameCanteen(tx, area.canteenId, area.canteenId, body.gatewayId);
    if (body.source.includes(MASK)) throw conflict("source_masked", [{ path: "source", message: "the masked password stands for no stored one: type it again" }]);
    const row = { id: newId("cam"), canteenId: area.canteenId, areaId: area.id, gatewayId: body.gatewayId ?? null, name: body.name, source: body.source, ptz: body.ptz, publicVisible: body.publicVisible, status: "unknown" as const, lastSeenAt: null, detection: null, codec: null, sourceWidth: null, sourceHeight: null, referenceFingerprint: null, referenceApprovedAt: null, referenceRequestedAt: null, createdAt: nowOf(deps) };
    await tx.insert(cameras).values(row);
    return { result: row, audit: { actorId: actor.userId, action: "camera.create", targetType: "camera", targetId: row.id, change: { ...row, source: maskSource(row.source) } } };
  });
  return toCamera(camera, true);
}

export async function updateCamera({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>, json: z.infer<typeof UpdateCamera> }) {
  const { db } = deps;
  const { id } = input.param;
  const patch = input.json;
  const camera = await writeAudited(deps, async (tx) => {
    const { camera } = await cameraInScope(tx, scope, id);
    // an area the body names that does not exist is a conflict of the body (like its gateway), not a missing camera
    const areaCanteen = patch.areaId
      ? (await areaInScope(tx, scope, patch.areaId).catch(() => { throw conflict("area_not_in_canteen", [{ path: "areaId", message: "no such area" }]); })).area.canteenId
      : null;
    await assertSameCanteen(tx, camera.canteenId, areaCanteen, patch.gatewayId);
    const source = patch.source === undefined ? undefined : unmaskSource(patch.source, camera.source);
    if (source === null) throw conflict("source_masked", [{ path: "source", message: "the masked password stands for no stored one: type it again" }]);
    const [row] = await tx.update(cameras).set({ ...patch, source }).where(eq(cameras.id, id)).returning();
    // the audit log keeps the change without the secret
    return { result: row!, audit: { actorId: actor.userId, action: "camera.update", targetType: "camera", targetId: id, change: source === undefined ? patch : { ...patch, source: maskSource(source) } } };
  });
  return toCamera(camera, true);
}

/**
 * 视频诊断 (issue 17): the school approves the camera's current picture as its reference view. The picture is
 * at the gateway, so this records the request; the gateway answers with the fingerprint of its current frame
 * in its next heartbeats (the answer to one heartbeat asks, the next one brings it) and the angle check starts.
 * A camera not yet on a gateway keeps the request until one carries it.
 */
export async function approveReference({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const camera = await writeAudited(deps, async (tx) => {
    const { camera } = await cameraInScope(tx, scope, input.param.id);
    const [row] = await tx.update(cameras).set({ referenceRequestedAt: nowOf(deps) }).where(eq(cameras.id, camera.id)).returning();
    return { result: row!, audit: { actorId: actor.userId, action: "camera.reference_approve", targetType: "camera", targetId: camera.id, change: { requestedAt: row!.referenceRequestedAt } } };
  });
  return toCamera(camera, true);
}
