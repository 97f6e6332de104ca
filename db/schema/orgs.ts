import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
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
  },
  (t) => [
    index("orgs_region_idx").on(t.regionCode, t.kind),
    index("orgs_kind_name_idx").on(t.kind, t.name),
    // a regulator's count of the schools in its region (kind = school, region code in a range) reads this index alone
    index("orgs_kind_region_idx").on(t.kind, t.regionCode),
  ],
);
