import { inArray } from "drizzle-orm";
import type { z } from "zod";
import { regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import type { Scope } from "../scope/actor.ts";
import { type Area, childKeyOf, resolveArea } from "./area.ts";
import type { Figures, ReportQuery } from "./contracts.ts";
import { figuresOf, groupOrgs } from "./figures.ts";
import { percentOf } from "./online-rate.ts";
import { monthPeriod } from "./period.ts";
import { computeArea } from "./service.ts";
import { freshSnapshot, keptReport } from "./snapshot-read.ts";

/**
 * 月报与排名 (issue 16, item 4; seed 001: coverage and online rate are scored, progress published monthly): for a
 * month and a region, its sub-regions and schools ranked by the scored targets. The figures are the overview's for
 * from = the month's first day, to = its last (or today, marked provisional) — the same code computes both.
 */

/** the scored targets and their weights in the score (equal: none is said to matter more) */
export const WEIGHTS = { coverage: 0.25, onlineRate: 0.25, disposalOnTime: 0.25, patrolCoverage: 0.25 } as const;
type Scored = Record<keyof typeof WEIGHTS, number | null>;
const byName = new Intl.Collator("zh-CN");

/** pure: the four targets of a set of figures, and their weighted mean over the targets that have a value */
export function scoreOf(f: z.infer<typeof Figures>): Scored & { score: number | null } {
  const s: Scored = { coverage: f.coverage.rate, onlineRate: f.online.period.rate, disposalOnTime: f.alerts.onTimeRate, patrolCoverage: f.patrol.rate };
  let sum = 0;
  let weight = 0;
  for (const [k, w] of Object.entries(WEIGHTS) as Array<[keyof Scored, number]>) {
    if (s[k] === null) continue;
    sum += s[k] * w;
    weight += w;
  }
  return { ...s, score: weight ? sum / weight : null };
}

/** pure: rank rows by score, best first (no score last), ties sharing a rank */
export function ranked<T extends { name: string; score: number | null }>(rows: T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || byName.compare(a.name, b.name));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...r, rank };
  });
}

/** The month's ranking from an area's computed figures (the snapshot job stores the same). */
export async function rankingBody(deps: AppDeps, area: Area, period: ReturnType<typeof monthPeriod>, computed: Awaited<ReturnType<typeof computeArea>>) {
  const { now, collected } = computed;
  const total = figuresOf(collected, null);
  const subRegions = area.level === "district" ? new Map<string, Set<string>>() : groupOrgs(collected, childKeyOf(area));
  const codes = [...subRegions.keys()];
  const names = new Map((codes.length ? await deps.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : []).map((r) => [r.code, r.name]));
  const schoolNames = new Map(collected.canteens.map((c) => [c.orgId, c.orgName]));
  const schools = groupOrgs(collected, (o) => o.orgId);
  return {
    month: period.month,
    provisional: period.provisional,
    place: area.place,
    period: { from: period.from, to: period.to, asOf: toIso(Math.min(now, period.end)) },
    total: { ...scoreOf(total), onlinePercent: percentOf(total.online.period.rate) },
    regions: ranked([...subRegions].map(([key, ids]) => ({ key, name: names.get(key) ?? key, ...scoreOf(figuresOf(collected, ids)) }))),
    schools: ranked([...schools].map(([key, ids]) => ({ key, name: schoolNames.get(key) ?? key, ...scoreOf(figuresOf(collected, ids)) }))),
    weights: { ...WEIGHTS },
  };
}

export async function ranking(deps: AppDeps, scope: Scope, q: z.infer<typeof ReportQuery>) {
  const area = await resolveArea(deps.db, scope, { regionCode: q.regionCode });
  const now = nowOf(deps);
  const period = monthPeriod(now, q.month);
  // this month of a region: from the snapshot the overview answers from, so the two agree
  if (period.provisional && area.level !== "school") {
    const snap = await freshSnapshot(deps.db, area.place.code, now);
    if (snap) return JSON.parse(snap.ranking) as Awaited<ReturnType<typeof rankingBody>>;
  }
  // a closed month: its final edition, kept when the month closed
  if (!period.provisional) {
    const kept = await keptReport(deps.db, area.place.code, q.month, "final");
    if (kept) return kept;
  }
  return rankingBody(deps, area, period, await computeArea(deps, scope, area, period));
}
