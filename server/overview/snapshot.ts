import { inArray, sql } from "drizzle-orm";
import { overviewSnapshots, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import type { AppDeps } from "../http/env.ts";
import { type RegionLevel, systemRegionScope } from "../scope/actor.ts";
import { resolveArea } from "./area.ts";
import { monthPeriod } from "./period.ts";
import { rankingBody } from "./ranking.ts";
import { computeArea, overviewBody } from "./service.ts";

/**
 * The job that precomputes each province's, city's and district's overview of this month so far, with the month's ranking from
 * the same figures (issue 16: the overview at province scale within 100 ms; "precompute where you must, and say
 * how fresh the figures are" — the answer's asOf is the computation's time). Idempotent across instances: each
 * region's row is replaced whole. Computed on nobody's behalf, for the region alone: what any caller whose
 * jurisdiction covers the region sees there.
 */
export async function refreshSnapshots(deps: AppDeps, levels: readonly RegionLevel[] = ["province", "city", "district"]) {
  const rows = await deps.db.select({ code: regions.code, level: regions.level }).from(regions).where(inArray(regions.level, [...levels]));
  let done = 0;
  for (const r of rows) {
    const scope = systemRegionScope(r.code, r.level);
    const area = await resolveArea(deps.db, scope, { regionCode: r.code });
    const now = nowOf(deps);
    const period = monthPeriod(now, new Date(now + 8 * 3_600_000).toISOString().slice(0, 7));
    const computed = await computeArea(deps, scope, area, period, { risk: true });
    if (!computed.collected.canteens.length) continue;
    const [overview, ranking] = await Promise.all([overviewBody(deps, area, period, computed), rankingBody(deps, area, period, computed)]);
    const values = { regionCode: r.code, month: period.month, fromDay: period.from, toDay: period.to, computedAt: computed.now, overview: JSON.stringify(overview), ranking: JSON.stringify(ranking) };
    await deps.db
      .insert(overviewSnapshots)
      .values(values)
      .onConflictDoUpdate({ target: overviewSnapshots.regionCode, set: { month: values.month, fromDay: values.fromDay, toDay: values.toDay, computedAt: values.computedAt, overview: values.overview, ranking: values.ranking }, setWhere: sql`${overviewSnapshots.computedAt} <= ${values.computedAt}` });
    done++;
  }
  return done;
}
