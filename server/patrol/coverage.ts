import { between, eq, gte, inArray, lt } from "drizzle-orm";
import type { z } from "zod";
import { canteens, inspections, orgs, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { Caller } from "../http/env.ts";
import { forbidden, invalid } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { regionInScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { regionOf } from "./candidates.ts";
import type { CoverageQuery } from "./contracts.ts";
import { coverage, defaultSemesters, type Period } from "./rules.ts";

const UNCOVERED_LISTED = 50;
const cstDate = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

/** The semester holding `now` (or the next one, between semesters). */
function semesterAt(now: number): Period {
  const year = new Date(now + 8 * 3_600_000).getUTCFullYear();
  const all = [...defaultSemesters(year - 1), ...defaultSemesters(year)];
  return all.find((s) => now < s.end)!;
}

/** Coverage of a region's schools for a period, per district: every school patrolled at least once (第二十条). */
export async function regionCoverage({ deps, scope }: Caller, q: z.infer<typeof CoverageQuery>) {
  if (!regionInScope(scope, q.regionCode)) throw forbidden("region_out_of_scope");
  const region = await regionOf(deps.db, q.regionCode);
  const now = nowOf(deps);
  const period = q.from && q.to ? { start: cstDate(q.from), end: cstDate(q.to) + 86_400_000 } : semesterAt(now);
  if (period.end <= period.start) throw invalid("period_invalid", [{ path: "to", message: "to must not be before from" }]);
  const [lo, hi] = regionRange(region.code, region.level);
  const inRegion = between(orgs.regionCode, lo, hi);
  const lists = scopedLists(deps.db, scope);
  const [schools, patrolled] = await Promise.all([
    lists.canteens({ canteenId: canteens.id, name: canteens.name, district: orgs.regionCode }, inRegion, eq(orgs.kind, "school")),
    lists
      .inspections({ canteenId: inspections.canteenId }, inRegion, eq(inspections.status, "ended"), gte(inspections.endedAt, period.start), lt(inspections.endedAt, period.end))
      .groupBy(inspections.canteenId),
  ]);
  const districts = coverage(schools, new Set(patrolled.map((p) => p.canteenId)), period, now);
  const codes = districts.map((d) => d.district);
  const names = new Map((codes.length ? await deps.db.select().from(regions).where(inArray(regions.code, codes)) : []).map((r) => [r.code, r.name]));
  const nameOf = new Map(schools.map((s) => [s.canteenId, s.name]));
  return {
    regionCode: region.code,
    from: toIso(period.start),
    to: toIso(period.end),
    districts: districts.map((d) => ({
      ...d,
      districtName: names.get(d.district) ?? d.district,
      uncovered: d.uncovered.slice(0, UNCOVERED_LISTED).map((id) => ({ canteenId: id, canteenName: nameOf.get(id) ?? "" })),
    })),
  };
}
