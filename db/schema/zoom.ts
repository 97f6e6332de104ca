import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { cameras } from "./cameras.ts";
import { canteens } from "./canteens.ts";
import { inspections } from "./inspections.ts";

export const ZOOM_STATUSES = ["pending", "ready", "failed"] as const;

/**
 * 数字变焦 (issue 17): a region of one camera's picture cropped by its gateway from the source's full resolution
 * (the live track is scaled down to ≤ 1280x720). The crop and the source size it was computed for are in source
 * pixels; the JPEG lives in the media store. Kept as asked; saved as evidence it becomes a snapshot (hash-chained
 * through the audit log like a frozen frame).
 */
export const zooms = sqliteTable(
  "zooms",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    gatewayId: text("gateway_id").notNull(),
    inspectionId: text("inspection_id").references(() => inspections.id),
    requestedBy: text("requested_by").notNull().references(() => users.id),
    requestedAt: integer("requested_at").notNull(),
    sourceWidth: integer("source_width").notNull(),
    sourceHeight: integer("source_height").notNull(),
    cropX: integer("crop_x").notNull(),
    cropY: integer("crop_y").notNull(),
    cropWidth: integer("crop_width").notNull(),
    cropHeight: integer("crop_height").notNull(),
    status: text("status", { enum: ZOOM_STATUSES }).notNull().default("pending"),
    error: text("error"),
    doneAt: integer("done_at"),
    mediaKey: text("media_key"),
    sha256: text("sha256"),
    bytes: integer("bytes"),
  },
  (t) => [index("zooms_camera_idx").on(t.cameraId, t.requestedAt)],
);
