import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs } from "./orgs.ts";
import { AREA_KINDS, CANTEEN_GRADES, REQUIRED_PATROL_AREAS } from "../../server/contracts/enums.ts";

export { AREA_KINDS, CANTEEN_GRADES, REQUIRED_PATROL_AREAS };

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


export const areas = sqliteTable(
  "areas",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    name: text("name").notNull(),
    /** JSON DetectionOverride for every camera in the area (issue 5); null: the defaults */
    detection: text("detection"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("areas_canteen_idx").on(t.canteenId)],
);
