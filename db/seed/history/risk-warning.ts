import { and, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../../client.ts";
import { canteens, fieldTasks, inspections, orders, regions, riskWarnings, spotChecks } from "../../schema/index.ts";
import { REGULATOR_INSPECTION_KINDS } from "../../../server/contracts/enums.ts";
import { riskFacts } from "../../../server/patrol/candidates.ts";
import { riskOf, RISK_THRESHOLDS } from "../../../server/patrol/rules.ts";
import { systemRegionScope } from "../../../server/scope/actor.ts";
import { newId } from "../../../server/auth/tokens.ts";
import { DAY } from "./shared.ts";

/** the district whose inspector the demo signs in as (echeng.inspector): its neglected canteen is the one shown */
const DEMO_DISTRICT = "420704";
const HOUR = 3_600_000;

export interface PlantedWarning {
  id: string;
  canteenId: string;
  canteenName: string;
  district: string;
  score: number;
  openedAt: number;
  dueAt: number;
  flaggedAt: number;
}

/**
 * 红色预警 in the demo (issue 16 item 6; seed 004 "对履职不到位的管理端进行靶向监管"): without one, a regulator trying
 * the overview never sees a warning flagged to the level above — the sweep opens warnings at boot, so none would be
 * overdue for two days. After the history is written, one canteen (鄂城区's first, the demo inspector's district) gets
 * the warning the sweep would have opened three days ago, past its deadline with nothing done, flagged when the
 * deadline passed. The story must hold under the live rules, or the sweep at boot would undo it: the canteen is high
 * risk now and no regulator acted on it since the warning opened. The history's random alerts and outages leave the
 * city's top score either side of the high threshold (40), so the canteen chosen — the highest of those with no
 * action since — is given 量化等级 C (its latest assessment, when it had a better one) where that is what makes it
 * high; a canteen that even so stays under 40 is passed over. 鄂城区 always has one: the history leaves a canteen
 * there neglected (city.ts, NEGLECTED_SCHOOL), high with C at any hour. Returns the warning, or null when none qualifies.
 */
export async function plantRiskWarning(db: Db, now: number, riskActionMs = 48 * HOUR): Promise<PlantedWarning | null> {
  const openedAt = Math.min(now - 3 * DAY, now - riskActionMs - 12 * HOUR);
  const facts: Awaited<ReturnType<typeof riskFacts>> = [];
  for (const p of await db.select({ code: regions.code }).from(regions).where(eq(regions.level, "province"))) {
    facts.push(...(await riskFacts(db, systemRegionScope(p.code, "province"), { code: p.code, level: "province" }, now)));
  }
  // the score each canteen has once graded C: its factors but the grade's, plus C's points
  const asC = (f: (typeof facts)[number]) => f.score - (f.factors.find((x) => x.factor === "quantified_grade")?.points ?? 0) + C_POINTS;
  const ranked = facts.sort((a, b) => Number(b.district === DEMO_DISTRICT) - Number(a.district === DEMO_DISTRICT) || asC(b) - asC(a) || a.canteenId.localeCompare(b.canteenId));
  for (const hot of ranked) {
    const score = asC(hot);
    if (score < RISK_THRESHOLDS.high) continue;
    const lastAction = await lastRegulatorAction(db, hot.canteenId);
    if (lastAction !== null && lastAction >= openedAt) continue;
    if (hot.factors.find((x) => x.factor === "quantified_grade")?.value !== "C") await db.update(canteens).set({ grade: "C" }).where(eq(canteens.id, hot.canteenId));
    const row = { id: newId("rwn"), canteenId: hot.canteenId, district: hot.district, score, openedAt, dueAt: openedAt + riskActionMs, flaggedAt: openedAt + riskActionMs + 5 * 60_000 };
    await db.insert(riskWarnings).values(row);
    return { ...row, canteenName: hot.canteenName };
  }
  return null;
}

/** 量化等级 C's points in the risk score (server/patrol/rules.ts) */
const C_POINTS = riskOf({ openAlerts: 0, overdueOrders: 0, cameraOnlineRate: 1, daysSincePatrol: 0, grade: "C" }).score;

/** The latest thing a regulator did on a canteen that settles a warning (risk-sweep.ts counts the same four). */
async function lastRegulatorAction(db: Db, canteenId: string): Promise<number | null> {
  const [i] = await db.select({ at: max(inspections.startedAt) }).from(inspections).where(and(eq(inspections.canteenId, canteenId), inArray(inspections.kind, REGULATOR_INSPECTION_KINDS)));
  const [o] = await db.select({ at: max(orders.issuedAt) }).from(orders).where(eq(orders.canteenId, canteenId));
  const [s] = await db.select({ at: max(spotChecks.completedAt) }).from(spotChecks).where(eq(spotChecks.canteenId, canteenId));
  const [f] = await db.select({ at: max(fieldTasks.createdAt) }).from(fieldTasks).where(eq(fieldTasks.canteenId, canteenId));
  const all = [i?.at, o?.at, s?.at, f?.at].filter((x): x is number => x != null);
  return all.length ? Math.max(...all) : null;
}
