import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { canteens } from "./canteens.ts";

/**
 * GB/T 28181 devices (IP cameras, NVRs) a school added to a canteen (issue 17). The canteen's gateways accept
 * their REGISTER with this password (digest needs it in clear, like an rtsp:// source's: write-only in the
 * API) and report their state and catalog; a channel becomes a camera with source gb28181:<device>/<channel>.
 */
export const gb28181Devices = sqliteTable(
  "gb28181_devices",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** the device's 20-digit SIP id: one device registers with one platform, so unique */
    deviceId: text("device_id").notNull(),
    name: text("name").notNull(),
    password: text("password").notNull(),
    status: text("status", { enum: ["unknown", "online", "offline"] }).notNull().default("unknown"),
    statusReason: text("status_reason"),
    lastSeenAt: integer("last_seen_at"),
    /** JSON GbChannel[] of the last catalog */
    channels: text("channels").notNull().default("[]"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("gb28181_devices_device_idx").on(t.deviceId), index("gb28181_devices_canteen_idx").on(t.canteenId)],
);
