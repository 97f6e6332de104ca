import { and, between, count, eq, gte, inArray, lt } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, inspections, orgs, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { keyset } from "../http/pagination.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { type Area, resolveArea } from "../overview/area.ts";
import { figuresOf } from "../overview/figures.ts";
import { percentOf } from "../overview/online-rate.ts";
import { overviewPeriod, type OverviewPeriod } from "../overview/period.ts";
import { computeArea } from "../overview/service.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import type { RegionPage, RegionPageQuery, RegionRow, SchoolPage, SchoolPageQuery, SchoolRow, UnitPage } from "./contracts.ts";
import { cityOf, flattenFigures, type UnitCamera, type UnitItem } from "./rows.ts";

/**
 * The data exchange's pages (issue 16, item 9). Every figure is the overview's: a page's schools are collected by
 * server/overview/collect.ts (narrowed to the page, through the scoped lists) and added up by figuresOf, so a row
 * equals the overview's row for the same school or region and period. The caller's region is resolved as the
 * overview resolves it (another jurisdiction's: 404), the period validated as the overview's (400).
 */

type SchoolQuery = z.infer<typeof SchoolPageQuery>;
type School = { id: string; name: string; regionCode: string };

const bySchool = keyset("asc", [orgs.regionCode, orgs.id], (r: School) => [r.regionCode, r.id]);
const byCode = keyset("asc", [regions.code], (r: { code: string }) => [r.code]);
const byName = new Intl.Collator("zh-CN");

async function setting(deps: AppDeps, scope: Scope, q: { regionCode?: string; from?: string; to?: string }) {
  const area = await resolveArea(deps.db, scope, { regionCode: q.regionCode });
  const now = nowOf(deps);
  const period = overviewPeriod(now, q.from, q.to);
  return { area, period, head: { place: area.place, period: { from: period.from, to: period.to, asOf: toIso(Math.min(now, period.end)) } } };
}

/** a page of the area's schools in the caller's scope, by (region code, id) */
async function schoolsOf(deps: AppDeps, scope: Scope, area: Area, q: SchoolQuery) {
  const rows = await scopedLists(deps.db, scope)
    .orgs({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode }, eq(orgs.kind, "school"), between(orgs.regionCode, area.range[0], area.range[1]), bySchool.after(q.cursor))
    .orderBy(...bySchool.orderBy)
    .limit(q.limit + 1);
  return bySchool.page(rows, q.limit);
}

async function regionNames(db: DbOrTx, codes: string[]) {
  const rows = codes.length ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, [...new Set(codes)])) : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** the overview's collection for just these schools of the area */
const collectSchools = async (deps: AppDeps, scope: Scope, area: Area, period: OverviewPeriod, ids: string[]) => (await computeArea(deps, scope, { ...area, orgIds: ids }, period)).collected;

async function schoolColumns(db: DbOrTx, page: School[], period: OverviewPeriod) {
  const names = await regionNames(db, page.flatMap((s) => [s.regionCode, cityOf(s.regionCode)]));
  return (s: School) => ({
    from: period.from,
    to: period.to,
    cityCode: cityOf(s.regionCode),
    cityName: names.get(cityOf(s.regionCode)) ?? "",
    regionCode: s.regionCode,
    regionName: names.get(s.regionCode) ?? "",
    schoolId: s.id,
    schoolName: s.name,
  });
}

/** (a) the overview's figures of each school in the caller's scope below a region, for a period */
export async function schoolFigures(deps: AppDeps, scope: Scope, q: SchoolQuery): Promise<z.infer<typeof SchoolPage>> {
  const { area, period, head } = await setting(deps, scope, q);
  const { page, nextCursor } = await schoolsOf(deps, scope, area, q);
  if (!page.length) return { ...head, items: [], nextCursor };
  const collected = await collectSchools(deps, scope, area, period, page.map((s) => s.id));
  const columns = await schoolColumns(deps.db, page, period);
  const items: z.infer<typeof SchoolRow>[] = page.map((s) => ({ ...columns(s), ...flattenFigures(figuresOf(collected, new Set([s.id]))) }));
  return { ...head, items, nextCursor };
}

/** (b) the figures of the region and of each region below it (cities, districts), by code */
export async function regionFigures(deps: AppDeps, scope: Scope, q: z.infer<typeof RegionPageQuery>): Promise<z.infer<typeof RegionPage>> {
  const { area, period, head } = await setting(deps, scope, q);
  const rows = await deps.db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(and(between(regions.code, area.range[0], area.range[1]), byCode.after(q.cursor)))
    .orderBy(...byCode.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byCode.page(rows, q.limit);
  if (!page.length) return { ...head, items: [], nextCursor };
  // collect only the codes the page spans (a page of one city's districts reads that city, not the province)
  const ranges = page.map((r) => regionRange(r.code, r.level));
  const span = [ranges.map((r) => r[0]).sort()[0]!, ranges.map((r) => r[1]).sort().at(-1)!] as const;
  const { collected } = await computeArea(deps, scope, { ...area, range: span }, period);
  const items: z.infer<typeof RegionRow>[] = page.map((r, i) => {
    const [lo, hi] = ranges[i]!;
    const ids = new Set(collected.canteens.filter((c) => c.regionCode >= lo && c.regionCode <= hi).map((c) => c.orgId));
    return { from: period.from, to: period.to, code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, ...flattenFigures(figuresOf(collected, ids)) };
  });
  return { ...head, items, nextCursor };
}

/** (c) 一户一档 as a list: each school with its canteens (licence, grade, cameras and their online rate) and the period's counts */
export async function unitFiles(deps: AppDeps, scope: Scope, q: SchoolQuery): Promise<z.infer<typeof UnitPage>> {
  const { area, period, head } = await setting(deps, scope, q);
  const { page, nextCursor } = await schoolsOf(deps, scope, area, q);
  if (!page.length) return { ...head, items: [], nextCursor };
  const ids = page.map((s) => s.id);
  const lists = scopedLists(deps.db, scope);
  const [collected, columns, canteenRows, inspectionRows] = await Promise.all([
    collectSchools(deps, scope, area, period, ids),
    schoolColumns(deps.db, page, period),
    lists.canteens({ id: canteens.id, name: canteens.name, orgId: canteens.orgId, licenseNo: canteens.licenseNo, grade: canteens.grade }, inArray(canteens.orgId, ids)),
    lists.inspections({ orgId: orgs.id, n: count() }, inArray(orgs.id, ids), gte(inspections.startedAt, period.start), lt(inspections.startedAt, period.end)).groupBy(orgs.id),
  ]);
  const inspected = new Map(inspectionRows.map((r) => [r.orgId, Number(r.n)]));
  const camerasOf = (canteenId: string): UnitCamera[] =>
    collected.cameras
      .filter((c) => c.canteenId === canteenId)
      .sort((a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id))
      .map((c) => ({ id: c.id, name: c.name, status: c.status, rate: c.rate.rate, percent: percentOf(c.rate.rate) }));
  const items: UnitItem[] = page.map((s) => {
    const f = figuresOf(collected, new Set([s.id]));
    const own = canteenRows.filter((c) => c.orgId === s.id).sort((a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id));
    return {
      ...columns(s),
      canteens: own.map((c) => ({ id: c.id, name: c.name, licenseNo: c.licenseNo, grade: c.grade, cameras: camerasOf(c.id) })),
      cameras: f.online.now.cameras,
      camerasOnline: f.online.now.online,
      onlinePeriodRate: f.online.period.rate,
      onlinePeriodPercent: f.online.period.percent,
      inspections: inspected.get(s.id) ?? 0,
      orders: f.orders.issued,
      alerts: f.alerts.total,
      complaints: f.complaints.total,
    };
  });
  return { ...head, items, nextCursor };
}
