import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { regions } from "./regions.ts";
import { ORG_KINDS } from "../../server/contracts/enums.ts";

export { ORG_KINDS };

/** Every organisation sits in one region; a regulator's or bureau's jurisdiction is its region and all below it. */
export const orgs = sqliteTable(
  "orgs",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    name: text("name").notNull(),
    regionCode: text("region_code").notNull().references(() => regions.code),
    /** 统一社会信用代码 (18 characters), optional */
    creditCode: text("credit_code"),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    createdAt: integer("created_at").notNull(),
    /**
     * Where the school is, WGS-84 degrees, for the food-safety map (食安地图, issue 16 item 7); null: not placed yet.
     * On the org, not the canteen: the map shows schools and opens the school's file (一户一档, by org id), and a
     * school's canteens share its campus. Stored as given (WGS-84); a GCJ-02 basemap would shift, not these.
     */
    latitude: real("latitude"),
    longitude: real("longitude"),
  },
  (t) => [
    index("orgs_region_idx").on(t.regionCode, t.kind),
    index("orgs_kind_name_idx").on(t.kind, t.name),
    // a regulator's count of the schools in its region (kind = school, region code in a range) reads this index alone
    index("orgs_kind_region_idx").on(t.kind, t.regionCode),
  ],
);
