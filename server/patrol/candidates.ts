import { and, between, count, eq, inArray, max, notInArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, cameras, canteens, inspections, memberships, orders, orgs, regions, users } from "../../db/schema/index.ts";
import { REGULATOR_INSPECTION_KINDS } from "../contracts/enums.ts";
import { invalid } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, visibleCameraCount } from "../scope/lists.ts";
import type { z } from "zod";
import type { CreateDraw } from "./contracts.ts";
import { riskOf, type RiskContribution } from "./rules.ts";
import type { DrawCandidate, DrawInspector, RiskGrade } from "./sampler.ts";

const DAY = 86_400_000;

export interface CandidateRow {
  canteenId: string;
  canteenName: string;
  district: string;
  score: number;
  grade: RiskGrade;
  factors: RiskContribution[];
}

/** A region's level, or a 400 when the code names no region. */
export async function regionOf(db: DbOrTx, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  if (!row) throw invalid("region_unknown", [{ path: "regionCode", message: "no such region" }]);
  return row;
}

/**
 * The facts behind each canteen's risk grade, for the schools of a region inside the caller's scope: open alerts,
 * overdue orders, the cameras (and how many are online), the last ended inspection, 量化等级. Grouped queries,
 * one per fact, over the region's code range. The food-safety map (server/overview/map.ts) reads them too.
 */
export async function canteenFacts(db: DbOrTx, scope: Scope, region: { code: string; level: "province" | "city" | "district" }, extra: SQL[] = []) {
  const [lo, hi] = regionRange(region.code, region.level);
  const inRegion = between(orgs.regionCode, lo, hi);
  const lists = scopedLists(db, scope);
  // cameras counted per canteen by correlated subqueries (see visibleCameraCount): 129 → 7 ms for a district of the province
  const camerasOf = (online: boolean) => visibleCameraCount(scope, online ? eq(cameras.status, "online") : undefined);
  const [base, openAlerts, overdue, patrols] = await Promise.all([
    lists.canteens({ id: canteens.id, name: canteens.name, orgId: canteens.orgId, grade: canteens.grade, district: orgs.regionCode, cameras: camerasOf(false), online: camerasOf(true) }, inRegion, eq(orgs.kind, "school"), ...extra),
    lists.alerts({ canteenId: alerts.canteenId, n: count() }, inRegion, inArray(alerts.status, ["new", "acknowledged"])).groupBy(alerts.canteenId),
    lists.orders({ canteenId: orders.canteenId, n: count() }, inRegion, eq(orders.overdue, true), notInArray(orders.status, ["accepted", "closed"])).groupBy(orders.canteenId),
    lists.inspections({ canteenId: inspections.canteenId, last: max(inspections.endedAt) }, inRegion, eq(inspections.status, "ended"), inArray(inspections.kind, REGULATOR_INSPECTION_KINDS)).groupBy(inspections.canteenId),
  ]);
  const alertsOf = new Map(openAlerts.map((r) => [r.canteenId, r.n]));
  const overdueOf = new Map(overdue.map((r) => [r.canteenId, r.n]));
  const lastOf = new Map(patrols.map((r) => [r.canteenId, r.last]));
  return base.map((c) => ({
    canteenId: c.id, canteenName: c.name, orgId: c.orgId, district: c.district, grade: c.grade,
    openAlerts: alertsOf.get(c.id) ?? 0, overdueOrders: overdueOf.get(c.id) ?? 0,
    cameras: Number(c.cameras), online: Number(c.online), lastPatrolAt: lastOf.get(c.id) ?? null,
  }));
}
export type CanteenFacts = Awaited<ReturnType<typeof canteenFacts>>[number];

/** A canteen's risk grade from its facts (the rules of ./rules.ts) at `now`. */
export const riskOfFacts = (f: CanteenFacts, now: number) =>
  riskOf({
    openAlerts: f.openAlerts,
    overdueOrders: f.overdueOrders,
    cameraOnlineRate: f.cameras ? f.online / f.cameras : null,
    daysSincePatrol: f.lastPatrolAt === null ? null : Math.floor((now - f.lastPatrolAt) / DAY),
    grade: f.grade,
  });

/** Each canteen's risk grade with its facts' contributions (the draw's candidates, the overview's top ten). */
export async function riskFacts(db: DbOrTx, scope: Scope, region: { code: string; level: "province" | "city" | "district" }, now: number, extra: SQL[] = []) {
  return (await canteenFacts(db, scope, region, extra)).map(
    (c): CandidateRow & { lastPatrolAt: number | null } => ({ canteenId: c.canteenId, canteenName: c.canteenName, district: c.district, lastPatrolAt: c.lastPatrolAt, ...riskOfFacts(c, now) }),
  );
}

/** The candidates of a draw: the region's schools in scope, less those the filters leave out. */
export async function drawCandidates(db: DbOrTx, scope: Scope, region: { code: string; level: "province" | "city" | "district" }, body: z.infer<typeof CreateDraw>, now: number) {
  const f = body.filters;
  const extra = [f.grades ? inArray(canteens.grade, f.grades) : undefined, f.districts ? inArray(orgs.regionCode, f.districts) : undefined].filter((x): x is SQL => !!x);
  const rows = await riskFacts(db, scope, region, now, extra);
  const recent = f.notCheckedDays ? now - f.notCheckedDays * DAY : null;
  const kept = rows.filter((r) => recent === null || r.lastPatrolAt === null || r.lastPatrolAt < recent);
  const candidates: DrawCandidate[] = kept.map((r) => ({ id: r.canteenId, district: r.district, grade: r.grade }));
  return { rows: kept, candidates };
}

/** The inspector pool: inspectors of regulators in the region (or the ones named, each of whom must be one). */
export async function inspectorPool(db: DbOrTx, scope: Scope, region: { code: string; level: "province" | "city" | "district" }, ids: string[] | undefined) {
  const [lo, hi] = regionRange(region.code, region.level);
  const rows = await scopedLists(db, scope)
    .memberships({ userId: memberships.userId, district: orgs.regionCode, name: users.displayName }, between(orgs.regionCode, lo, hi), eq(orgs.kind, "regulator"), eq(memberships.role, "inspector"), ids ? inArray(memberships.userId, ids) : undefined)
    .innerJoin(users, eq(users.id, memberships.userId));
  const byUser = new Map<string, { district: string; name: string }>();
  // a user in two regulators counts once, with the most local one (the longest non-zero code prefix)
  for (const r of rows) {
    const prev = byUser.get(r.userId);
    if (!prev || r.district.replace(/0+$/, "").length > prev.district.replace(/0+$/, "").length) byUser.set(r.userId, { district: r.district, name: r.name });
  }
  if (ids && ids.some((id) => !byUser.has(id))) {
    throw invalid("inspector_not_in_pool", ids.filter((id) => !byUser.has(id)).map((id) => ({ path: "inspectorIds", message: `${id} is not an inspector of a regulator in the region` })));
  }
  const pool: DrawInspector[] = [...byUser].map(([id, v]) => ({ id, district: v.district }));
  return { pool, names: new Map([...byUser].map(([id, v]) => [id, v.name])) };
}
