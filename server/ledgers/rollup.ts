import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, DbOrTx } from "../../db/client.ts";
import { ledgerDayRollups, ledgerEntries, staffMembers } from "../../db/schema/index.ts";
import { settingsOf } from "./check.ts";
import { cadencesOf, dayRollup } from "./rules.ts";

/**
 * The per-canteen-day completeness rollup (issue 14, item 3 at province scale). `rollupDays` runs inside the
 * transaction that appends a version (so the overview never disagrees with the entries); `rebuildCanteen` runs
 * inside the transaction that changes a canteen's settings or the activity of a person; `rebuildRollups`
 * recomputes every canteen from its entries (existing data, or after a change of the rules).
 */

const later = alias(ledgerEntries, "later_version");

async function contextOf(tx: DbOrTx, canteenId: string) {
  const settings = await settingsOf(tx, canteenId);
  const staff = await tx.select({ id: staffMembers.id }).from(staffMembers).where(and(eq(staffMembers.canteenId, canteenId), eq(staffMembers.active, true)));
  return { cadences: cadencesOf(settings.cadences), meals: settings.meals, staffIds: staff.map((s) => s.id) };
}

/** Current versions of a canteen (on the given days, or all), grouped by day. */
async function currentByDay(tx: DbOrTx, canteenId: string, days?: string[]) {
  const rows = await tx
    .select({ day: ledgerEntries.day, kind: ledgerEntries.kind, subject: ledgerEntries.subject, flagged: ledgerEntries.flagged })
    .from(ledgerEntries)
    .leftJoin(later, eq(later.supersedesId, ledgerEntries.id))
    .where(and(eq(ledgerEntries.canteenId, canteenId), days ? inArray(ledgerEntries.day, days) : undefined, isNull(later.id)));
  const byDay = new Map<string, typeof rows>((days ?? []).map((d) => [d, []]));
  for (const r of rows) (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push(r);
  return byDay;
}

async function write(tx: DbOrTx, canteenId: string, byDay: Awaited<ReturnType<typeof currentByDay>>, ctx: Awaited<ReturnType<typeof contextOf>>) {
  const values = [...byDay].map(([day, rows]) => ({ canteenId, day, ...dayRollup(day, rows, ctx) }));
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    await tx
      .insert(ledgerDayRollups)
      .values(chunk)
      .onConflictDoUpdate({ target: [ledgerDayRollups.canteenId, ledgerDayRollups.day], set: { done: sqlExcluded("done"), periodic: sqlExcluded("periodic"), flagged: sqlExcluded("flagged"), entries: sqlExcluded("entries") } });
  }
}
const sqlExcluded = (col: string) => sql.raw(`excluded.${col}`);

/** Recomputes a canteen's rollup of the given days (the day of a new version, and the corrected version's day). */
export async function rollupDays(tx: DbOrTx, canteenId: string, days: string[]) {
  const unique = [...new Set(days)];
  await write(tx, canteenId, await currentByDay(tx, canteenId, unique), await contextOf(tx, canteenId));
}

/** Recomputes every day of one canteen (its settings or staff changed). */
export async function rebuildCanteen(tx: DbOrTx, canteenId: string) {
  await write(tx, canteenId, await currentByDay(tx, canteenId), await contextOf(tx, canteenId));
}

/** Recomputes the rollups of every canteen that has entries, a batch of canteens per transaction. */
export async function rebuildRollups(db: Db, opts: { batch?: number; onProgress?: (canteens: number) => void } = {}) {
  const batch = opts.batch ?? 100;
  let after = "";
  let done = 0;
  for (;;) {
    const ids = await db
      .selectDistinct({ id: ledgerEntries.canteenId })
      .from(ledgerEntries)
      .where(gt(ledgerEntries.canteenId, after))
      .orderBy(asc(ledgerEntries.canteenId))
      .limit(batch);
    if (!ids.length) return done;
    await db.transaction(async (tx) => {
      for (const { id } of ids) await rebuildCanteen(tx, id);
    });
    done += ids.length;
    after = ids.at(-1)!.id;
    opts.onProgress?.(done);
  }
}
