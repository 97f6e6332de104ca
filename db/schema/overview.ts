import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { canteens } from "./canteens.ts";
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

/**
 * Each canteen's risk score and grade, one row per China day (issue 16 item 6: the risk's trend). Written by the
 * risk sweep (server/overview/risk-sweep.ts), the day's row replaced by each run until the day ends; kept 400 days
 * (a year's trend and the month before it), then deleted by the same sweep.
 */
export const riskDays = sqliteTable(
  "risk_days",
  {
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    day: text("day").notNull(),
    score: integer("score").notNull(),
    grade: text("grade", { enum: ["low", "medium", "high"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.canteenId, t.day] }), index("risk_days_day_idx").on(t.day)],
);

/**
 * Red warnings (seed 004: 各级管理端第一时间处理风险预警，对履职不到位的管理端进行靶向监管): a warning opens when a
 * canteen's risk grade turns high and waits for its regulators to act — an inspection, a rectification order, a spot
 * check or a field task on that canteen. Cleared when the grade falls before anyone acted; flagged to the level
 * above when the deadline passes with nothing done (once: `flagged_at`). At most one open warning per canteen (the
 * partial unique index makes concurrent sweeps open it once).
 */
export const riskWarnings = sqliteTable(
  "risk_warnings",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** the canteen's district, whose regulators must act (the level above is told when they do not) */
    district: text("district").notNull().references(() => regions.code),
    score: integer("score").notNull(),
    openedAt: integer("opened_at").notNull(),
    dueAt: integer("due_at").notNull(),
    actedAt: integer("acted_at"),
    actedBy: text("acted_by", { enum: ["inspection", "order", "spot_check", "field_task"] }),
    clearedAt: integer("cleared_at"),
    flaggedAt: integer("flagged_at"),
  },
  (t) => [
    uniqueIndex("risk_warnings_open_idx").on(t.canteenId).where(sql`acted_at is null and cleared_at is null`),
    index("risk_warnings_district_idx").on(t.district, t.openedAt),
  ],
);
