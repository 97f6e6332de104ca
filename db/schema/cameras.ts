import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { areas, canteens } from "./canteens.ts";
import { CAMERA_STATUSES } from "../../server/contracts/enums.ts";

/** A school's edge box. The device token is shown once at creation; only its sha256 is kept. */
export const gateways = sqliteTable(
  "gateways",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** first characters of the token, so an admin can tell tokens apart */
    tokenHint: text("token_hint").notNull(),
    revokedAt: integer("revoked_at"),
    lastSeenAt: integer("last_seen_at"),
    /**
     * The heartbeat throttle's token bucket (issue 18): heartbeats this gateway may still send at once, as of
     * `heartbeatAt`. Kept on the row, not in an instance's memory, so every API instance applies the same limit.
     */
    heartbeatAllowance: real("heartbeat_allowance"),
    heartbeatAt: integer("heartbeat_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("gateways_canteen_idx").on(t.canteenId), uniqueIndex("gateways_token_idx").on(t.tokenHash)],
);

export { CAMERA_STATUSES };

export const cameras = sqliteTable(
  "cameras",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    areaId: text("area_id").notNull().references(() => areas.id),
    gatewayId: text("gateway_id").references(() => gateways.id),
    name: text("name").notNull(),
    /** rtsp://…, http(s)://…, a file path, or test:<label> */
    source: text("source").notNull(),
    ptz: integer("ptz", { mode: "boolean" }).notNull().default(false),
    publicVisible: integer("public_visible", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: CAMERA_STATUSES }).notNull().default("unknown"),
    lastSeenAt: integer("last_seen_at"),
    /** JSON DetectionOverride of this camera, applied over its area's (issue 5); null: none */
    detection: text("detection"),
    /** what the gateway last saw the source send (issue 17): codec (h264, hevc…) and full size; null: not yet reported */
    codec: text("codec"),
    sourceWidth: integer("source_width"),
    sourceHeight: integer("source_height"),
    /**
     * 视频诊断's approved view (issue 17): the 32×18 luma fingerprint (base64) the gateway compares each sample
     * with to tell a camera knocked off its angle. Approving asks the gateway for its current picture
     * (referenceRequestedAt, answered with the next heartbeat); who approved stays in the audit log.
     */
    referenceFingerprint: text("reference_fingerprint"),
    referenceApprovedAt: integer("reference_approved_at"),
    referenceRequestedAt: integer("reference_requested_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    // with the status: a canteen's online cameras are counted from the index alone (the schools list counts them for
    // every school of its page, the overview and map for every canteen), not by reading each camera's row
    index("cameras_canteen_idx").on(t.canteenId, t.status),
    index("cameras_area_idx").on(t.areaId),
    index("cameras_gateway_idx").on(t.gatewayId),
  ],
);

/** Online/offline transitions; the online rate (在线率) is computed from them. */
export const cameraStatusEvents = sqliteTable(
  "camera_status_events",
  {
    id: text("id").primaryKey(),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    status: text("status", { enum: CAMERA_STATUSES }).notNull(),
    at: integer("at").notNull(),
    reason: text("reason"),
  },
  (t) => [index("camera_status_events_camera_idx").on(t.cameraId, t.at)],
);
