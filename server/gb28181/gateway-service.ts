import { and, asc, eq } from "drizzle-orm";
import { gateways, gb28181Devices } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/env.ts";
import type { GbDeviceReport } from "./contracts.ts";

/** What a gateway (device token) reads and reports about the canteen's GB/T 28181 devices. */
type Gateway = typeof gateways.$inferSelect;

/** What the gateway accepts: the devices of its canteen with their passwords (device token only). */
export async function gatewayDevices(deps: AppDeps, gw: Gateway) {
  return deps.db.select({ deviceId: gb28181Devices.deviceId, password: gb28181Devices.password }).from(gb28181Devices).where(eq(gb28181Devices.canteenId, gw.canteenId)).orderBy(asc(gb28181Devices.deviceId));
}

/** A gateway's report: registered / offline with the reason, and the channels of its catalog. */
export async function gatewayReport(deps: AppDeps, gw: Gateway, input: { json: GbDeviceReport }) {
  const report = input.json;
  const [row] = await deps.db.select().from(gb28181Devices).where(and(eq(gb28181Devices.deviceId, report.deviceId), eq(gb28181Devices.canteenId, gw.canteenId)));
  if (!row) throw notFound("gb28181_device_unknown", [{ path: "deviceId", message: `device ${report.deviceId} is not in this gateway's canteen` }]);
  const now = nowOf(deps);
  await deps.db
    .update(gb28181Devices)
    .set({
      status: report.online ? "online" : "offline",
      statusReason: report.online ? null : (report.reason ?? null),
      lastSeenAt: report.online ? now : row.lastSeenAt,
      ...(report.channels ? { channels: JSON.stringify(report.channels) } : {}),
    })
    .where(eq(gb28181Devices.id, row.id));
  return { ok: true as const };
}

