import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { orgs, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { riskFacts } from "../patrol/candidates.ts";
import { semesterAt } from "../patrol/coverage.ts";
import type { Scope } from "../scope/actor.ts";
import { type Area, childKeyOf, resolveArea } from "./area.ts";
import { type Collected, collect } from "./collect.ts";
import type { OverviewQuery } from "./contracts.ts";
import { figuresOf, groupOrgs } from "./figures.ts";
import { percentOf } from "./online-rate.ts";
import { chinaDay, type OverviewPeriod, overviewPeriod } from "./period.ts";
import { freshSnapshot } from "./snapshot-read.ts";
import { trendsOf, warningsOf } from "./risk-read.ts";

/** 首页驾驶舱 (issue 16, item 1): the figures of the caller's area for a period, a row per sub-area, the lists behind them. */

const byName = new Intl.Collator("zh-CN");
/** cameras listed behind the online rate (the worst first) */
export const MAX_CAMERAS_LISTED = 200;
/** the canteens of highest risk listed */
const TOP_RISK = 10;

const qs = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : "";
};

const NO_WARNINGS: Awaited<ReturnType<typeof warningsOf>> = { open: 0, flagged: 0, items: [] };

/** The area and its figures: what the overview, the camera list and the monthly report share. */
export async function computeArea(deps: AppDeps, scope: Scope, area: Area, period: OverviewPeriod, opts: { risk?: boolean } = {}) {
  const now = nowOf(deps);
  const semester = semesterAt(now);
  const collected = await collect(deps, scope, area, period, semester, now);
  // the risk grades of server/patrol (open alerts, overdue orders, cameras online, days since patrol, 量化等级)
  const risk = opts.risk
    ? (await riskFacts(deps.db, scope, { code: area.regionCode, level: area.level === "school" ? "district" : area.level }, now, area.school ? [eq(orgs.id, area.school.id)] : []))
        .sort((a, b) => b.score - a.score || byName.compare(a.canteenName, b.canteenName))
        .slice(0, TOP_RISK)
        .map(({ lastPatrolAt: _l, ...r }) => r)
    : [];
  const [trends, warnings] = await Promise.all([trendsOf(deps.db, risk.map((r) => r.canteenId), now), warningsOf(deps.db, scope, area)]);
  return { now, semester, collected, risk: risk.map((r) => ({ ...r, trend: trends.get(r.canteenId) ?? [] })), warnings };
}

/** Names of the rows' keys: regions by code, schools by id. */
async function rowNames(deps: AppDeps, area: Area, c: Collected, keys: string[]) {
  if (area.level === "district") return new Map(c.canteens.map((r) => [r.orgId, r.orgName]));
  const rows = keys.length ? await deps.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, keys)) : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

function linksOf(area: Area, period: OverviewPeriod, c: Collected) {
  const canteenId = area.school ? c.canteens[0]?.canteenId : undefined;
  const region = area.school ? undefined : area.place.code;
  const where = { region, school: area.school?.id, from: period.from, to: period.to };
  return {
    coverage: `/overview/survey${qs({ region: region ?? area.regionCode })}`,
    online: `/overview/cameras${qs(where)}`,
    alerts: `/alerts${qs({ canteenId })}`,
    alertsOverdue: `/alerts${qs({ canteenId, open: "1" })}`,
    orders: `/orders${qs({ canteenId })}`,
    ordersOverdue: `/orders${qs({ canteenId, overdue: "true" })}`,
    patrol: area.school && canteenId ? `/patrol/records${qs({ canteenId })}` : `/patrol/coverage${qs({ region })}`,
    ledgers: area.school && canteenId ? `/ledgers${qs({ canteen: canteenId })}` : `/ledgers/overview${qs({ from: period.from, to: period.to })}`,
    complaints: `/complaints${qs({ canteenId })}`,
    schools: area.school ? `/canteens${qs({ orgId: area.school.id })}` : `/schools${qs({ region })}`,
  };
}

export function cameraRows(c: Collected, limit = Infinity) {
  return [...c.cameras]
    .sort((a, b) => (a.rate.rate ?? 2) - (b.rate.rate ?? 2) || byName.compare(a.name, b.name))
    .slice(0, limit)
    .map((cam) => ({ id: cam.id, name: cam.name, status: cam.status, rate: cam.rate.rate, percent: percentOf(cam.rate.rate), windows: cam.rate.windows.map((w) => ({ from: toIso(w.from), to: toIso(w.to), ongoing: w.ongoing })) }));
}

/** The answer for an area and period from its computed figures (the snapshot job stores the same). */
export async function overviewBody(deps: AppDeps, area: Area, period: OverviewPeriod, computed: Awaited<ReturnType<typeof computeArea>>) {
  const { now, semester, collected } = computed;
  const groups = groupOrgs(collected, childKeyOf(area));
  const names = await rowNames(deps, area, collected, [...groups.keys()]);
  const rows = [...groups]
    .map(([key, orgIds]) => ({
      key,
      name: names.get(key) ?? key,
      kind: area.level === "district" ? ("school" as const) : ("region" as const),
      drill: area.level === "district" ? `/overview${qs({ school: key, from: period.from, to: period.to })}` : `/overview${qs({ region: key, from: period.from, to: period.to })}`,
      ...figuresOf(collected, orgIds),
    }))
    .sort((a, b) => (area.level === "district" ? byName.compare(a.name, b.name) : a.key.localeCompare(b.key)));
  return {
    level: area.level,
    place: area.place,
    school: area.school ? { ...area.school, canteenIds: collected.canteens.map((r) => r.canteenId) } : null,
    trail: area.trail,
    period: { from: period.from, to: period.to, asOf: toIso(Math.min(now, period.end)), current: period.current, semesterFrom: chinaDay(semester.start), semesterTo: chinaDay(semester.end - 1) },
    total: figuresOf(collected, null),
    links: linksOf(area, period, collected),
    rows,
    cameras: area.school ? cameraRows(collected) : [],
    risk: computed.risk,
    warnings: computed.warnings,
  };
}

export async function overview(deps: AppDeps, scope: Scope, q: z.infer<typeof OverviewQuery>) {
  const area = await resolveArea(deps.db, scope, q);
  const now = nowOf(deps);
  // a region's default view (this month so far) from its precomputed snapshot while fresh
  if (!q.from && !q.to && area.level !== "school") {
    const snap = await freshSnapshot(deps.db, area.place.code, now);
    // a snapshot kept before red warnings were counted has none (until the next refresh)
    if (snap) {
      const kept = JSON.parse(snap.overview) as Omit<Awaited<ReturnType<typeof overviewBody>>, "warnings"> & { warnings?: typeof NO_WARNINGS };
      return { ...kept, warnings: kept.warnings ?? NO_WARNINGS, trail: area.trail };
    }
  }
  const period = overviewPeriod(now, q.from, q.to);
  return overviewBody(deps, area, period, await computeArea(deps, scope, area, period, { risk: true }));
}

/** The list behind the online rate: the area's cameras, worst first, with their offline windows. */
export async function overviewCameras(deps: AppDeps, scope: Scope, q: z.infer<typeof OverviewQuery>) {
  const area = await resolveArea(deps.db, scope, q);
  const period = overviewPeriod(nowOf(deps), q.from, q.to);
  const { collected } = await computeArea(deps, scope, area, period);
  const total = figuresOf(collected, null);
  return { place: area.place, period: { from: period.from, to: period.to }, online: total.online, total: collected.cameras.length, items: cameraRows(collected, MAX_CAMERAS_LISTED) };
}
