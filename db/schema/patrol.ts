import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { inspections } from "./inspections.ts";
import { regions } from "./regions.ts";

/**
 * 网上抽查 draws (issue 12): defined as a draft over a region's canteens, committed (the commitment published,
 * never to change again), then revealed with the named public value. `input` holds the canonical candidate list
 * and rules whose sha256 is `commitment` (server/patrol/sampler.ts); the secret stays on the server until the reveal.
 */
export const patrolDraws = sqliteTable(
  "patrol_draws",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").notNull().references(() => regions.code),
    name: text("name").notNull(),
    status: text("status", { enum: ["draft", "committed", "revealed"] }).notNull(),
    /** the named future public value, e.g. "2026-12-07 上证指数收盘价" */
    publicValueSource: text("public_value_source").notNull(),
    publicValue: text("public_value"),
    /** canonical JSON of the candidates, inspectors and rules */
    input: text("input").notNull(),
    /** JSON: per candidate, its risk score and each factor's contribution (explains the grades; not part of the seed) */
    risk: text("risk").notNull(),
    commitment: text("commitment").notNull(),
    secret: text("secret").notNull(),
    secretHash: text("secret_hash").notNull(),
    seed: text("seed"),
    /** JSON DrawResult once revealed */
    result: text("result"),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    committedAt: integer("committed_at"),
    revealedAt: integer("revealed_at"),
  },
  (t) => [index("patrol_draws_region_idx").on(t.regionCode, t.createdAt)],
);

/** One drawn canteen: the unannounced spot check its assigned inspectors run (never shown on the school's side). */
export const spotChecks = sqliteTable(
  "spot_checks",
  {
    id: text("id").primaryKey(),
    drawId: text("draw_id").notNull().references(() => patrolDraws.id),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    status: text("status", { enum: ["pending", "done"] }).notNull(),
    result: text("result", { enum: ["satisfactory", "issues_found"] }),
    inspectionId: text("inspection_id").references(() => inspections.id),
    note: text("note"),
    completedBy: text("completed_by").references(() => users.id),
    completedAt: integer("completed_at"),
  },
  (t) => [uniqueIndex("spot_checks_draw_canteen_idx").on(t.drawId, t.canteenId), index("spot_checks_canteen_idx").on(t.canteenId)],
);

/** 双随机: the inspectors drawn for one spot check. */
export const spotCheckInspectors = sqliteTable(
  "spot_check_inspectors",
  {
    spotCheckId: text("spot_check_id").notNull().references(() => spotChecks.id),
    userId: text("user_id").notNull().references(() => users.id),
  },
  (t) => [uniqueIndex("spot_check_inspectors_idx").on(t.spotCheckId, t.userId), index("spot_check_inspectors_user_idx").on(t.userId)],
);

/**
 * 年度网上巡查工作计划 (seed 000 第二十条): a regulator's plan for its region and a school year — the semesters
 * with their dates, the coverage rule (every school at least once per semester), each district's monthly quota.
 */
export const patrolPlans = sqliteTable(
  "patrol_plans",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").notNull().references(() => regions.code),
    /** the school year it starts in, e.g. 2026 for 2026–2027 */
    year: integer("year").notNull(),
    name: text("name").notNull(),
    /** JSON: [{ name, from, to }] with China dates (to inclusive) */
    semesters: text("semesters").notNull(),
    /** JSON: { [districtCode]: patrols per month } */
    monthlyQuotas: text("monthly_quotas").notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("patrol_plans_region_year_idx").on(t.regionCode, t.year)],
);

/**
 * A district falling behind its plan (第二十条): one row per plan, district and China day, written by the periodic
 * sweep (server/patrol/lag.ts) — the unique index makes the sweep idempotent across instances, and only the instance
 * that wrote the row pushes it (topic `patrol`, the district's and the plan region's ops rooms). The regulators' to-do.
 */
export const patrolNotices = sqliteTable(
  "patrol_notices",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id").notNull().references(() => patrolPlans.id),
    district: text("district").notNull().references(() => regions.code),
    /** China date YYYY-MM-DD */
    day: text("day").notNull(),
    /** JSON: { coverage: { covered, total, permille, daysLeft, behind }, quota: { month, quota, done, expectedByNow, behind } } */
    detail: text("detail").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("patrol_notices_day_idx").on(t.planId, t.district, t.day), index("patrol_notices_district_idx").on(t.district, t.createdAt)],
);
