import { gb28181Devices } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { GbChannel, type GbDevice } from "./contracts.ts";

/** `gb28181:<device>/<channel>` (two 20-digit ids), the camera source of a device's channel. */
export const GB28181_SOURCE = /^gb28181:(\d{20})\/(\d{20})$/;

/** The stored channels, each checked (a row written by an older gateway is read, not trusted). */
export function parseChannels(json: string): GbChannel[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(raw) ? raw.flatMap((c) => (GbChannel.safeParse(c).success ? [GbChannel.parse(c)] : [])) : [];
}

/** "device/channel" → camera id, for the canteen's gb28181: cameras. */
export function gbCameraIds(cams: readonly { id: string; source: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cams) {
    const m = GB28181_SOURCE.exec(c.source);
    if (m) out.set(`${m[1]}/${m[2]}`, c.id);
  }
  return out;
}

/** A device as the API shows it: never its password. */
export function toGbDevice(row: typeof gb28181Devices.$inferSelect, cameraIds: Map<string, string>): GbDevice {
  return {
    id: row.id,
    canteenId: row.canteenId,
    deviceId: row.deviceId,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    lastSeenAt: row.lastSeenAt === null ? null : toIso(row.lastSeenAt),
    channels: parseChannels(row.channels).map((c) => ({ ...c, cameraId: cameraIds.get(`${row.deviceId}/${c.channelId}`) ?? null })),
    createdAt: toIso(row.createdAt),
  };
}
