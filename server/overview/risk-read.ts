import { and, asc, between, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, orgs, regions, riskDays, riskWarnings } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import type { Area } from "./area.ts";
import type { RiskWarnings } from "./contracts.ts";
import { chinaDay } from "./period.ts";
import { trendOf } from "./risk-warning.ts";

const DAY = 86_400_000;
/** the days of a canteen's trend on the overview */
export const TREND_DAYS = 30;
/** red warnings listed on the overview */
const WARNINGS_LISTED = 20;

/** The last TREND_DAYS China days up to `now`'s, oldest first. */
export const trendDays = (now: number) => Array.from({ length: TREND_DAYS }, (_, i) => chinaDay(now - (TREND_DAYS - 1 - i) * DAY));

/** Each canteen's score over the trend's days (the risk sweep's daily rows). */
export async function trendsOf(db: DbOrTx, canteenIds: string[], now: number) {
  const days = trendDays(now);
  const rows = canteenIds.length
    ? await db.select({ canteenId: riskDays.canteenId, day: riskDays.day, score: riskDays.score }).from(riskDays).where(and(inArray(riskDays.canteenId, canteenIds), gte(riskDays.day, days[0]!)))
    : [];
  return new Map(canteenIds.map((id) => [id, trendOf(rows.filter((r) => r.canteenId === id), days)]));
}

/** The area's open red warnings in the caller's scope: counts, and the flagged ones first (oldest first). */
export async function warningsOf(db: DbOrTx, scope: Scope, area: Area): Promise<z.infer<typeof RiskWarnings>> {
  const [lo, hi] = regionRange(area.regionCode, area.level === "school" ? "district" : area.level);
  const where = [isNull(riskWarnings.actedAt), isNull(riskWarnings.clearedAt), area.school ? eq(orgs.id, area.school.id) : between(orgs.regionCode, lo, hi)];
  const lists = scopedLists(db, scope);
  const [[counts], items] = await Promise.all([
    lists.riskWarnings({ open: count(), flagged: sql<number>`count(${riskWarnings.flaggedAt})` }, ...where),
    lists
      .riskWarnings({ w: riskWarnings, canteenName: canteens.name, districtName: regions.name }, ...where)
      .innerJoin(regions, eq(regions.code, riskWarnings.district))
      .orderBy(sql`${riskWarnings.flaggedAt} is null`, asc(riskWarnings.openedAt), asc(riskWarnings.id))
      .limit(WARNINGS_LISTED),
  ]);
  return {
    open: Number(counts?.open ?? 0),
    flagged: Number(counts?.flagged ?? 0),
    items: items.map(({ w, canteenName, districtName }) => ({
      id: w.id,
      canteenId: w.canteenId,
      canteenName,
      district: w.district,
      districtName,
      score: w.score,
      openedAt: toIso(w.openedAt),
      dueAt: toIso(w.dueAt),
      flaggedAt: w.flaggedAt === null ? null : toIso(w.flaggedAt),
    })),
  };
}
