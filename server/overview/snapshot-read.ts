import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { overviewSnapshots } from "../../db/schema/index.ts";
import { chinaDay } from "./period.ts";

/** older than this, a snapshot is not answered from (the job refreshes every OVERVIEW_REFRESH_SECONDS, default 300) */
export const SNAPSHOT_MAX_AGE_MS = 15 * 60_000;

/** A region's snapshot of this month so far, when it was computed today and recently enough; else null. */
export async function freshSnapshot(db: DbOrTx, regionCode: string, now: number) {
  const [row] = await db.select().from(overviewSnapshots).where(eq(overviewSnapshots.regionCode, regionCode));
  if (!row || row.toDay !== chinaDay(now) || now - row.computedAt > SNAPSHOT_MAX_AGE_MS || row.computedAt > now) return null;
  return row;
}
