import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { overviewReports, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { type Scope, systemRegionScope } from "../scope/actor.ts";
import { resolveArea } from "./area.ts";
import type { SurveyQuery } from "./contracts.ts";
import { chinaDay, monthPeriod } from "./period.ts";
import { rankingBody } from "./ranking.ts";
import { computeArea } from "./service.ts";

/**
 * The monthly reports kept (issue 16, item 4): on the report day (OVERVIEW_REPORT_DAY, default the 25th, seed
 * 002's 每月25日前上报) each region's ranking of the month so far is kept as the scheduled edition; once a month has
 * closed, its final edition. Each is written once (insert or nothing, so instances running the job side by side
 * keep one); a closed month's report is read from its final edition.
 */

type Edition = "scheduled" | "final";
export { keptReport } from "./snapshot-read.ts";

/** pure: the month before "2026-12" → "2026-11" */
export const monthBefore = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};

/** pure: which editions are due on a day (China), given the report day */
export function dueEditions(today: string, reportDay: number): Array<{ month: string; edition: Edition }> {
  const month = today.slice(0, 7);
  const due: Array<{ month: string; edition: Edition }> = [{ month: monthBefore(month), edition: "final" }];
  if (Number(today.slice(8, 10)) >= reportDay) due.push({ month, edition: "scheduled" });
  return due;
}

export async function keepReports(deps: AppDeps, reportDay = deps.config.overviewReportDay) {
  const now = nowOf(deps);
  const due = dueEditions(chinaDay(now), reportDay);
  const all = await deps.db.select({ code: regions.code, level: regions.level }).from(regions).orderBy(asc(regions.code));
  let kept = 0;
  for (const { month, edition } of due) {
    const have = new Set((await deps.db.select({ code: overviewReports.regionCode }).from(overviewReports).where(and(eq(overviewReports.month, month), eq(overviewReports.edition, edition)))).map((r) => r.code));
    for (const r of all.filter((x) => !have.has(x.code))) {
      const scope = systemRegionScope(r.code, r.level);
      const area = await resolveArea(deps.db, scope, { regionCode: r.code });
      const period = monthPeriod(now, month);
      const computed = await computeArea(deps, scope, area, period);
      if (!computed.collected.canteens.length) continue;
      const ranking = await rankingBody(deps, area, period, computed);
      await deps.db.insert(overviewReports).values({ regionCode: r.code, month, edition, generatedAt: computed.now, ranking: JSON.stringify(ranking) }).onConflictDoNothing();
      kept++;
    }
  }
  return kept;
}

/** The editions kept for a region of the caller's, newest first. */
export async function listReports(deps: AppDeps, scope: Scope, q: z.infer<typeof SurveyQuery>) {
  const area = await resolveArea(deps.db, scope, q);
  const rows = await deps.db
    .select({ month: overviewReports.month, edition: overviewReports.edition, generatedAt: overviewReports.generatedAt })
    .from(overviewReports)
    .where(inArray(overviewReports.regionCode, [area.place.code]))
    .orderBy(desc(overviewReports.month), asc(overviewReports.edition))
    .limit(48);
  return { place: area.place, items: rows.map((r) => ({ ...r, generatedAt: toIso(r.generatedAt) })) };
}
