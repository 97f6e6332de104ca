import { and, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import { ledgerEntries, ledgerPhotos, users } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import type { LedgerEntry } from "./contracts.ts";
import type { LedgerKind } from "./kinds.ts";

/** Entry rows as the API answers them: the author's name, the photos, the version that superseded it. */

const next = alias(ledgerEntries, "next_version");
export const entryColumns = { entry: ledgerEntries, authorName: users.displayName, supersededBy: next.id };

export function selectEntries(db: DbOrTx, ...filters: Array<SQL | undefined>) {
  return db
    .select(entryColumns)
    .from(ledgerEntries)
    .innerJoin(users, eq(users.id, ledgerEntries.enteredBy))
    .leftJoin(next, eq(next.supersedesId, ledgerEntries.id))
    .where(and(...filters))
    .$dynamic();
}
export const isCurrent = next.id;

export type EntryRow = { entry: typeof ledgerEntries.$inferSelect; authorName: string; supersededBy: string | null };

export async function entriesOf(db: DbOrTx, rows: EntryRow[]): Promise<LedgerEntry[]> {
  const ids = rows.map((r) => r.entry.id);
  const photos = ids.length ? await db.select().from(ledgerPhotos).where(inArray(ledgerPhotos.entryId, ids)).orderBy(ledgerPhotos.seq) : [];
  return rows.map(({ entry: e, authorName, supersededBy }) => ({
    id: e.id,
    entryKey: e.entryKey,
    version: e.version,
    supersedesId: e.supersedesId,
    supersededBy,
    reason: e.reason,
    canteenId: e.canteenId,
    kind: e.kind as LedgerKind,
    subject: e.subject,
    data: JSON.parse(e.data),
    derived: e.derived ? JSON.parse(e.derived) : null,
    eventAt: toIso(e.eventAt),
    day: e.day,
    enteredAt: toIso(e.enteredAt),
    enteredBy: { id: e.enteredBy, name: authorName },
    late: e.late,
    flagged: e.flagged,
    seq: e.seq,
    hash: e.hash,
    photos: photos.filter((p) => p.entryId === e.id).map((p) => ({ id: p.id, sha256: p.sha256, contentType: p.contentType, bytes: p.bytes })),
  }));
}
