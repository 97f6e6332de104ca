import { and, eq, gte, inArray, isNull, lt, min, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { canteens, fieldTasks, inspections, orders, regions, riskDays, riskWarnings, spotChecks } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { opsRegionRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import { REGULATOR_INSPECTION_KINDS } from "../contracts/enums.ts";
import type { AppDeps } from "../http/env.ts";
import { riskFacts } from "../patrol/candidates.ts";
import type { RiskGrade } from "../patrol/sampler.ts";
import { systemRegionScope } from "../scope/actor.ts";
import { chinaDay } from "./period.ts";
import { firstActionOf, stepWarning, type WarningAction } from "./risk-warning.ts";

/** risk days kept: a year's trend and the month before it */
export const RISK_DAYS_KEPT = 400;
const DAY = 86_400_000;
const CHUNK = 500;

/**
 * The risk sweep (issue 16 item 6), idempotent across instances: each canteen's score of the day (the day's row
 * replaced until it ends), a red warning opened for each canteen whose grade is high (once: the partial unique index),
 * each open warning stepped (acted on, cleared, or flagged to the level above once its deadline passed — the
 * conditional update lets one instance flag it and push it), and risk days past their keeping deleted.
 */
export async function sweepRisk(deps: AppDeps): Promise<{ days: number; opened: number; flagged: string[] }> {
  const now = nowOf(deps);
  const today = chinaDay(now);
  const provinces = await deps.db.select({ code: regions.code }).from(regions).where(eq(regions.level, "province"));
  const gradeOf = new Map<string, RiskGrade>();
  let days = 0;
  let opened = 0;
  for (const p of provinces) {
    const facts = await riskFacts(deps.db, systemRegionScope(p.code, "province"), { code: p.code, level: "province" }, now);
    for (const f of facts) gradeOf.set(f.canteenId, f.grade);
    for (let i = 0; i < facts.length; i += CHUNK) {
      const part = facts.slice(i, i + CHUNK);
      await deps.db
        .insert(riskDays)
        .values(part.map((f) => ({ canteenId: f.canteenId, day: today, score: f.score, grade: f.grade })))
        .onConflictDoUpdate({ target: [riskDays.canteenId, riskDays.day], set: { score: sql`excluded.score`, grade: sql`excluded.grade` } });
      days += part.length;
      const high = part.filter((f) => f.grade === "high");
      if (high.length) {
        const rows = high.map((f) => ({ id: newId("rwn"), canteenId: f.canteenId, district: f.district, score: f.score, openedAt: now, dueAt: now + deps.config.riskActionMs }));
        opened += (await deps.db.insert(riskWarnings).values(rows).onConflictDoNothing().returning({ id: riskWarnings.id })).length;
      }
    }
  }
  const flagged = await stepOpenWarnings(deps, gradeOf, now);
  await deps.db.delete(riskDays).where(lt(riskDays.day, chinaDay(now - RISK_DAYS_KEPT * DAY)));
  return { days, opened, flagged };
}

const isOpen = and(isNull(riskWarnings.actedAt), isNull(riskWarnings.clearedAt));

/** Each open warning's first action of one kind since it opened: a grouped join on the canteen's rows. */
function firstSince(deps: AppDeps, table: typeof inspections | typeof orders | typeof spotChecks | typeof fieldTasks, canteenCol: SQLiteColumn, at: SQLiteColumn, extra?: SQL) {
  return deps.db
    .select({ id: riskWarnings.id, at: min(at) })
    .from(riskWarnings)
    .innerJoin(table, and(eq(canteenCol, riskWarnings.canteenId), gte(at, riskWarnings.openedAt), extra))
    .where(isOpen)
    .groupBy(riskWarnings.id);
}

async function stepOpenWarnings(deps: AppDeps, gradeOf: Map<string, RiskGrade>, now: number) {
  const open = await deps.db.select().from(riskWarnings).where(isOpen);
  if (!open.length) return [];
  const found = await Promise.all([
    firstSince(deps, inspections, inspections.canteenId, inspections.startedAt, inArray(inspections.kind, REGULATOR_INSPECTION_KINDS)),
    firstSince(deps, orders, orders.canteenId, orders.issuedAt),
    firstSince(deps, spotChecks, spotChecks.canteenId, spotChecks.completedAt),
    firstSince(deps, fieldTasks, fieldTasks.canteenId, fieldTasks.createdAt),
  ]);
  const kinds: WarningAction[] = ["inspection", "order", "spot_check", "field_task"];
  const actions = new Map<string, Partial<Record<WarningAction, number | null>>>();
  found.forEach((rows, i) => rows.forEach((r) => actions.set(r.id, { ...actions.get(r.id), [kinds[i]!]: r.at })));
  const flagged: string[] = [];
  for (const w of open) {
    const step = stepWarning(w, gradeOf.get(w.canteenId) ?? null, firstActionOf(actions.get(w.id) ?? {}), now);
    if (step.kind === "acted") await deps.db.update(riskWarnings).set({ actedAt: step.at, actedBy: step.by }).where(and(eq(riskWarnings.id, w.id), isOpen));
    else if (step.kind === "cleared") await deps.db.update(riskWarnings).set({ clearedAt: now }).where(and(eq(riskWarnings.id, w.id), isOpen));
    else if (step.kind === "flag") {
      const won = await deps.db.update(riskWarnings).set({ flaggedAt: now }).where(and(eq(riskWarnings.id, w.id), isNull(riskWarnings.flaggedAt), isOpen)).returning({ id: riskWarnings.id });
      if (won.length) flagged.push(w.id);
    }
  }
  if (flagged.length) await announceFlagged(deps, flagged);
  return flagged;
}

/** Tells the district and the level above it (its city, and the province) that red warnings went unanswered. */
async function announceFlagged(deps: AppDeps, ids: string[]) {
  const rows = await deps.db
    .select({ id: riskWarnings.id, canteenId: riskWarnings.canteenId, canteenName: canteens.name, district: riskWarnings.district, parent: regions.parentCode, flaggedAt: riskWarnings.flaggedAt })
    .from(riskWarnings)
    .innerJoin(canteens, eq(canteens.id, riskWarnings.canteenId))
    .innerJoin(regions, eq(regions.code, riskWarnings.district))
    .where(inArray(riskWarnings.id, ids));
  const parents = await deps.db.select({ code: regions.code, parent: regions.parentCode }).from(regions).where(inArray(regions.code, [...new Set(rows.map((r) => r.parent).filter((c): c is string => !!c))]));
  const grand = new Map(parents.map((p) => [p.code, p.parent]));
  const byDistrict = new Map<string, typeof rows>();
  for (const r of rows) byDistrict.set(r.district, [...(byDistrict.get(r.district) ?? []), r]);
  for (const [district, list] of byDistrict) {
    const parent = list[0]!.parent;
    const rooms = [district, parent, parent ? grand.get(parent) : null].filter((c): c is string => !!c).map(opsRegionRoom);
    const message = { type: "risk.flagged" as const, district, count: list.length, at: toIso(list[0]!.flaggedAt ?? nowOf(deps)) };
    publish(deps, ...rooms.map((room) => announcement(room, "risk", message)));
  }
}
