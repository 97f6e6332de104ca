import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { overviewReports, overviewSnapshots } from "../../db/schema/index.ts";
import type { Ranking } from "./contracts.ts";
import { chinaDay } from "./period.ts";

/** older than this, a snapshot is not answered from (the job refreshes every OVERVIEW_REFRESH_SECONDS, default 300) */
export const SNAPSHOT_MAX_AGE_MS = 15 * 60_000;

/** A region's snapshot of this month so far, when it was computed today and recently enough; else null. */
export async function freshSnapshot(db: DbOrTx, regionCode: string, now: number) {
  const [row] = await db.select().from(overviewSnapshots).where(eq(overviewSnapshots.regionCode, regionCode));
  if (!row || row.toDay !== chinaDay(now) || now - row.computedAt > SNAPSHOT_MAX_AGE_MS || row.computedAt > now) return null;
  return row;
}

/** A kept edition of a region's month, or null. */
export async function keptReport(db: DbOrTx, regionCode: string, month: string, edition: "scheduled" | "final"): Promise<z.infer<typeof Ranking> | null> {
  const [row] = await db.select().from(overviewReports).where(and(eq(overviewReports.regionCode, regionCode), eq(overviewReports.month, month), eq(overviewReports.edition, edition)));
  return row ? (JSON.parse(row.ranking) as z.infer<typeof Ranking>) : null;
}

