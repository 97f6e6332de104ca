import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Administrative regions, keyed by their GB/T 2260 six-digit code (e.g. 420700 鄂州市). */
export const regions = sqliteTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "city", "district"] }).notNull(),
    parentCode: text("parent_code"),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode)],
);
