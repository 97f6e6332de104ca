import { and, asc, eq, like } from "drizzle-orm";
import type { z } from "zod";
import { cameras, gb28181Devices } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { managesOrg } from "../canteens/service.ts";
import { nowOf } from "../clock/clock.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import type { Caller } from "../http/env.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { GbDeviceCreate, GbDevicesQuery } from "./contracts.ts";
import { gbCameraIds, toGbDevice } from "./rules.ts";

/** The canteen's GB/T 28181 devices with their channels and which camera each channel is (managers only). */
export async function listDevices({ deps, scope, actor }: Caller, input: { query: z.infer<typeof GbDevicesQuery> }) {
  const { db } = deps;
  const { org } = await canteenInScope(db, scope, input.query.canteenId);
  // device ids and channels are part of the camera configuration: only those who manage the canteen see them
  if (!managesOrg(actor, org)) throw forbidden();
  const rows = await db.select().from(gb28181Devices).where(eq(gb28181Devices.canteenId, input.query.canteenId)).orderBy(asc(gb28181Devices.name), asc(gb28181Devices.id));
  const cams = await db.select({ id: cameras.id, source: cameras.source }).from(cameras).where(and(eq(cameras.canteenId, input.query.canteenId), like(cameras.source, "gb28181:%")));
  const byChannel = gbCameraIds(cams);
  return { items: rows.map((r) => toGbDevice(r, byChannel)) };
}

export async function createDevice({ deps, scope, actor }: Caller, input: { json: z.infer<typeof GbDeviceCreate> }) {
  const body = input.json;
  const row = await writeAudited(deps, async (tx) => {
    const { org } = await canteenInScope(tx, scope, body.canteenId);
    if (!managesOrg(actor, org)) throw forbidden();
    const [taken] = await tx.select({ id: gb28181Devices.id }).from(gb28181Devices).where(eq(gb28181Devices.deviceId, body.deviceId));
    if (taken) throw conflict("gb28181_device_exists", [{ path: "deviceId", message: "already added" }]);
    const row = { id: newId("gbd"), canteenId: body.canteenId, deviceId: body.deviceId, name: body.name, password: body.password, status: "unknown" as const, statusReason: null, lastSeenAt: null, channels: "[]", createdAt: nowOf(deps) };
    await tx.insert(gb28181Devices).values(row);
    // the audit log keeps the device, never its password
    const { password: _secret, ...audited } = row;
    return { result: row, audit: { actorId: actor.userId, action: "gb28181.device.create", targetType: "gb28181_device", targetId: row.id, change: audited } };
  });
  return toGbDevice(row, new Map());
}

export async function deleteDevice({ deps, scope, actor }: Caller, input: { param: { id: string } }) {
  await writeAudited(deps, async (tx) => {
    const [row] = await tx.select().from(gb28181Devices).where(eq(gb28181Devices.id, input.param.id));
    if (!row) throw notFound();
    // out of scope reads as not found (canteenInScope), like every other loader
    const { org } = await canteenInScope(tx, scope, row.canteenId);
    if (!managesOrg(actor, org)) throw forbidden();
    await tx.delete(gb28181Devices).where(eq(gb28181Devices.id, row.id));
    return { result: null, audit: { actorId: actor.userId, action: "gb28181.device.delete", targetType: "gb28181_device", targetId: row.id, change: { deviceId: row.deviceId, name: row.name } } };
  });
  return { ok: true as const };
}
