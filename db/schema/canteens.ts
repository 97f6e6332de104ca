import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs } from "./orgs.ts";

/** 量化等级: A 优秀, B 良好, C 一般 */
export const CANTEEN_GRADES = ["A", "B", "C"] as const;

export const canteens = sqliteTable(
  "canteens",
  {
    id: text("id").primaryKey(),
    /** the school (or supplier) that runs it */
    orgId: text("org_id").notNull().references(() => orgs.id),
    name: text("name").notNull(),
    /** 食品经营许可证号, e.g. JY14207020012345 */
    licenseNo: text("license_no"),
    grade: text("grade", { enum: CANTEEN_GRADES }),
    /** slug of the public QR-code page */
    publicSlug: text("public_slug").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("canteens_org_idx").on(t.orgId), uniqueIndex("canteens_slug_idx").on(t.publicSlug)],
);

/** The first five kinds are the required online-patrol scope (seed 000 第二十一条). */
export const AREA_KINDS = [
  "storage",
  "rough_processing",
  "cooking",
  "prep_room",
  "washing",
  "sample_retention",
  "dining",
  "other",
] as const;
export const REQUIRED_PATROL_AREAS = AREA_KINDS.slice(0, 5);

export const areas = sqliteTable(
  "areas",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("areas_canteen_idx").on(t.canteenId)],
);
