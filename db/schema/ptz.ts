import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cameras } from "./cameras.ts";

export const PTZ_RANKS = ["school", "regulator"] as const;

/**
 * Who steers a PTZ camera now (issue 17), one row per camera that was ever steered: one controller at a time,
 * the regulator's inspector before the school's staff; control lapses at `expires_at` unless a command renews it.
 * The presets the camera reported after the last save. Each command and each refusal is in the audit log.
 */
export const ptzControls = sqliteTable("ptz_controls", {
  cameraId: text("camera_id").primaryKey().references(() => cameras.id),
  canteenId: text("canteen_id").notNull(),
  holderId: text("holder_id"),
  holderName: text("holder_name"),
  holderRank: text("holder_rank", { enum: PTZ_RANKS }),
  since: integer("since"),
  expiresAt: integer("expires_at"),
  /** JSON [{ token, name }] as the camera last reported them */
  presets: text("presets").notNull().default("[]"),
  updatedAt: integer("updated_at").notNull(),
});
