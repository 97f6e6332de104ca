import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { regions } from "./regions.ts";

/**
 * The overview of a province, city or district for this month so far, precomputed by a job (issue 16: the overview at
 * province scale within 100 ms). A request for a region's default view answers from here while the
 * row is fresh, saying when it was computed; everything else is computed on request. The overview and the month's
 * ranking come from the same computation, so the monthly report equals the overview. One row per region, replaced.
 */
export const overviewSnapshots = sqliteTable("overview_snapshots", {
  regionCode: text("region_code").primaryKey().references(() => regions.code),
  /** the period: the month's first day to the day computed (China days) */
  month: text("month").notNull(),
  fromDay: text("from_day").notNull(),
  toDay: text("to_day").notNull(),
  computedAt: integer("computed_at").notNull(),
  /** JSON: the overview's answer (the caller's trail added on reading) */
  overview: text("overview").notNull(),
  /** JSON: the month's ranking (provisional) */
  ranking: text("ranking").notNull(),
});

/**
 * The monthly reports kept (issue 16, item 4; seed 002: progress reported by the 25th): each region's ranking as it
 * stood on the report day (scheduled, provisional) and once the month closed (final). Written once by a job,
 * never changed; the report of a closed month is read from here.
 */
export const overviewReports = sqliteTable(
  "overview_reports",
  {
    regionCode: text("region_code").notNull().references(() => regions.code),
    month: text("month").notNull(),
    edition: text("edition", { enum: ["scheduled", "final"] }).notNull(),
    generatedAt: integer("generated_at").notNull(),
    /** JSON: the ranking */
    ranking: text("ranking").notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month, t.edition] })],
);

/**
 * The food-safety map's answer for a province or city (issue 16 item 7), precomputed by the overview's job: 20,000
 * schools cannot be read out of the database and rolled up within 100 ms on request. A request for a province's or
 * a city's map answers from here while the row is fresh (its asOf says when it was computed); a district's map is
 * small and computed on request. One row per region, replaced whole.
 */
export const mapSnapshots = sqliteTable("map_snapshots", {
  regionCode: text("region_code").primaryKey().references(() => regions.code),
  computedAt: integer("computed_at").notNull(),
  /** JSON: the map's answer (the SchoolMap contract) */
  body: text("body").notNull(),
});
