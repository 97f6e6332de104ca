import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { cameras } from "./cameras.ts";
import { canteens } from "./canteens.ts";
import { inspections } from "./inspections.ts";
import { SHAPE_KINDS } from "../../server/contracts/enums.ts";

export { SHAPE_KINDS };

/** A frozen frame of one camera: the image lives in the media store under media_key; its sha256 is kept here. */
export const snapshots = sqliteTable(
  "snapshots",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    inspectionId: text("inspection_id").references(() => inspections.id),
    takenBy: text("taken_by").notNull().references(() => users.id),
    takenAt: integer("taken_at").notNull(),
    mediaKey: text("media_key").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png"] }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** bumped by every commit and undo of an annotation, so clients can tell when they missed one */
    annotVersion: integer("annot_version").notNull().default(0),
  },
  (t) => [index("snapshots_canteen_idx").on(t.canteenId, t.takenAt), index("snapshots_inspection_idx").on(t.inspectionId)],
);

/** One committed shape on a snapshot. Undo sets deleted_at: the shape stays on record. */
export const annotations = sqliteTable(
  "annotations",
  {
    id: text("id").primaryKey(),
    snapshotId: text("snapshot_id").notNull().references(() => snapshots.id),
    authorId: text("author_id").notNull().references(() => users.id),
    kind: text("kind", { enum: SHAPE_KINDS }).notNull(),
    /** JSON of the Shape contract (normalised coordinates) */
    shape: text("shape").notNull(),
    colour: text("colour").notNull(),
    clientId: text("client_id"),
    /** the snapshot's annot_version this commit produced */
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("annotations_snapshot_idx").on(t.snapshotId, t.version)],
);
