import { z } from "zod";
import { Id, IsoTime, line, secret } from "../contracts/common.ts";

/**
 * GB/T 28181 devices (cameras and NVRs speaking SIP) that a school adds to a canteen (issue 17): the gateway
 * registers them with their password, reports their channels (the catalog) and whether they are online; a
 * channel becomes a camera with the source `gb28181:<device id>/<channel id>`.
 */

/** GB/T 28181 ids (devices and channels) are 20 decimal digits (附录D). */
export const GbId = z.string().regex(/^\d{20}$/, "a GB/T 28181 id is 20 digits");

export const GbChannel = z.object({
  channelId: GbId,
  name: line({ min: 1, max: 100 }),
  /** as the device reports it: ON / OFF */
  status: z.enum(["ON", "OFF"]),
  manufacturer: line({ max: 100 }).optional(),
  model: line({ max: 100 }).optional(),
});
export type GbChannel = z.infer<typeof GbChannel>;

/** Gateway → API: a device registered or went offline, and/or its catalog. */
export const GbDeviceReport = z.strictObject({
  deviceId: GbId,
  online: z.boolean(),
  reason: line({ max: 300, trim: false }).optional(),
  channels: z.array(GbChannel).max(512).optional(),
});
export type GbDeviceReport = z.infer<typeof GbDeviceReport>;
export const GbDeviceReportResult = z.object({ ok: z.literal(true) });

/** What the gateway gets in its configuration: whom to accept, with which password. */
export const GatewayGbDevice = z.object({ deviceId: GbId, password: z.string() });

export const GbDevicesQuery = z.strictObject({ canteenId: Id });

export const GbDeviceCreate = z.strictObject({
  canteenId: Id,
  deviceId: GbId,
  name: line({ min: 1, max: 60 }),
  /** the SIP password configured on the device; write-only (never shown again) */
  password: secret({ min: 1, max: 64 }),
});
export type GbDeviceCreate = z.infer<typeof GbDeviceCreate>;

export const GbDevice = z.object({
  id: Id,
  canteenId: Id,
  deviceId: GbId,
  name: z.string(),
  status: z.enum(["unknown", "online", "offline"]),
  statusReason: z.string().nullable(),
  lastSeenAt: IsoTime.nullable(),
  channels: z.array(GbChannel.extend({ cameraId: Id.nullable() })),
  createdAt: IsoTime,
});
export type GbDevice = z.infer<typeof GbDevice>;
export const GbDeviceList = z.object({ items: z.array(GbDevice) });
