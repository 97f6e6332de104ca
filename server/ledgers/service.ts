import { and, desc, eq, gte, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { ledgerEntries, ledgerPhotos } from "../../db/schema/index.ts";
import { raiseLedgerAlert } from "../alerts/ledger-alerts.ts";
import { linkDisinfectionCycle } from "../sensors/ledger-link.ts";
import { pushAlerts } from "../alerts/push.ts";
import { type AuditEntry, writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { keyset } from "../http/pagination.ts";
import { mediaStoreOf, type StoredMedia } from "../media-store/store.ts";
import { scopeHasRoleIn, type Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { type CheckedEntry, checkEntry, settingsOf } from "./check.ts";
import type { CorrectEntry, CreateEntry, EntriesQuery, LedgerEntry } from "./contracts.ts";
import { kindDef, type LedgerKind } from "./kinds.ts";
import { rollupDays } from "./rollup.ts";
import { entryHash } from "./rules.ts";
import { entriesOf, type EntryRow, isCurrent, selectEntries } from "./view.ts";
import type { z } from "zod";

/** The ledger engine's writes and reads (issue 14): one code path for every kind of the registry. */

const GENESIS = "0".repeat(64);

async function byKey(db: DbOrTx, canteenId: string, key: string): Promise<EntryRow | undefined> {
  const [row] = await selectEntries(db, eq(ledgerEntries.canteenId, canteenId), eq(ledgerEntries.idempotencyKey, key));
  return row;
}
async function one(db: DbOrTx, id: string): Promise<LedgerEntry> {
  const [row] = await selectEntries(db, eq(ledgerEntries.id, id));
  return (await entriesOf(db, [row!]))[0]!;
}

/** The canteen in the caller's scope, and the caller allowed to fill this kind there. */
async function fillerCanteen(caller: Caller, canteenId: string, kind: LedgerKind) {
  const found = await canteenInScope(caller.deps.db, caller.scope, canteenId);
  if (!scopeHasRoleIn(caller.scope, found.org.id, kindDef(kind).fillers)) throw forbidden("not_a_filler_of_this_kind");
  return found;
}

export interface Version {
  canteenId: string;
  kind: LedgerKind;
  idempotencyKey: string;
  eventAt: number;
  checked: CheckedEntry;
  previous: { id: string; entryKey: string; version: number; day: string } | null;
  reason: string | null;
}

type Tx = Parameters<Parameters<Caller["deps"]["db"]["transaction"]>[0]>[0];

/**
 * Appends one version to its canteen's chain inside the caller's transaction (photos already stored): the ledger
 * rows, the day's rollup, and the audit entry describing it. Other domains that write a ledger entry as part of
 * their own record (a delivery's 进货查验, issue 15) call this, so both land or neither does.
 */
export async function appendVersionTx(tx: Tx, caller: Caller, v: Version, stored: StoredMedia[]): Promise<{ result: { id: string; created: boolean; alertId?: string | null }; audit: AuditEntry }> {
  const now = nowOf(caller.deps);
  const again = await byKey(tx, v.canteenId, v.idempotencyKey);
  if (again) return { result: { id: again.entry.id, created: false }, audit: { actorId: caller.actor.userId, action: "ledger.duplicate", targetType: "ledger_entry", targetId: again.entry.id, change: { idempotencyKey: v.idempotencyKey } } };
  if (v.previous) {
    const [later] = await tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.supersedesId, v.previous.id));
    if (later) throw conflict("already_corrected");
  }
  const [last] = await tx.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.canteenId, v.canteenId)).orderBy(desc(ledgerEntries.seq)).limit(1);
  const id = newId("led");
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    id,
    canteenId: v.canteenId,
    kind: v.kind,
    entryKey: v.previous?.entryKey ?? id,
    version: (v.previous?.version ?? 0) + 1,
    supersedesId: v.previous?.id ?? null,
    reason: v.reason,
    subject: v.checked.subject,
    data: JSON.stringify(v.checked.data),
    derived: v.checked.derived ? JSON.stringify(v.checked.derived) : null,
    eventAt: v.eventAt,
    day: v.checked.day,
    enteredAt: now,
    enteredBy: caller.actor.userId,
    late: v.checked.late,
    flagged: v.checked.flagged,
    idempotencyKey: v.idempotencyKey,
    seq,
    prevHash,
  };
  const hash = entryHash(prevHash, { ...row, photos: stored.map((s) => s.sha256) });
  await tx.insert(ledgerEntries).values({ ...row, hash });
  await rollupDays(tx, v.canteenId, v.previous ? [row.day, v.previous.day] : [row.day]);
  if (stored.length) await tx.insert(ledgerPhotos).values(stored.map((s, i) => ({ id: newId("lph"), entryId: id, seq: i + 1, mediaKey: s.key, sha256: s.sha256, contentType: s.contentType, bytes: s.bytes })));
  // a positive 农残快检 is an alert to the school and its regulators (pushed by the caller once committed)
  const alertId = await raiseLedgerAlert(tx, { entryId: id, entryKey: row.entryKey, canteenId: v.canteenId, kind: v.kind, flagged: v.checked.flagged, note: sampleOf(v.checked.data) }, now, (type) => caller.deps.config.alertDeadlines[type]);
  // a disinfection filled from a cabinet's cycle (issue 17): the cycle says which entry holds it
  await linkDisinfectionCycle(tx, { entryId: id, canteenId: v.canteenId, kind: v.kind, data: v.checked.data });
  const action = v.previous ? "ledger.correct" : "ledger.create";
  return { result: { id, created: true, alertId }, audit: { actorId: caller.actor.userId, action, targetType: "ledger_entry", targetId: id, change: { ...row, hash, reason: v.reason, photos: stored.map((s) => s.sha256) } } };
}

/** the tested sample's name, for the alert's first event */
const sampleOf = (data: unknown) => String((data as { sample?: unknown }).sample ?? "");

/** Stores the photos, then appends the version to the canteen's chain with its audit entry, in one transaction. */
async function append(caller: Caller, v: Version): Promise<{ entry: LedgerEntry; created: boolean }> {
  const store = mediaStoreOf(caller.deps);
  const stored: StoredMedia[] = [];
  for (const p of v.checked.photos) stored.push(await store.put(p.bytes, p.contentType, "evidence"));
  const id = await writeAudited(caller.deps, (tx) => appendVersionTx(tx, caller, v, stored));
  if (id.alertId) pushAlerts(caller.deps, "alert.raised", [id.alertId]);
  return { entry: await one(caller.deps.db, id.id), created: id.created };
}

/** A new entry; the same idempotency key again answers the first entry (created: false). */
export async function createEntry(caller: Caller, body: CreateEntry) {
  const db = caller.deps.db;
  await fillerCanteen(caller, body.canteenId, body.kind);
  const existing = await byKey(db, body.canteenId, body.idempotencyKey);
  if (existing) return { entry: (await entriesOf(db, [existing]))[0]!, created: false };
  const eventAt = Date.parse(body.eventAt);
  if (Number.isNaN(eventAt)) throw invalid("invalid_event_time", [{ path: "eventAt", message: "not a time" }]);
  const settings = await settingsOf(db, body.canteenId);
  const checked = await checkEntry(db, { canteenId: body.canteenId, kind: body.kind, data: body.data, eventAt, photos: body.photos ?? [], now: nowOf(caller.deps), settings });
  return append(caller, { canteenId: body.canteenId, kind: body.kind, idempotencyKey: body.idempotencyKey, eventAt, checked, previous: null, reason: null });
}

/** An entry in scope (404 like a missing one otherwise). */
async function entryInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await selectEntries(db, eq(ledgerEntries.id, id));
  if (!row) throw notFound();
  const found = await canteenInScope(db, scope, row.entry.canteenId);
  return { row, ...found };
}

/** A correction: a new version of the entry with a reason; the corrected one stays, marked superseded. */
export async function correctEntry(caller: Caller, id: string, body: z.infer<typeof CorrectEntry>) {
  const db = caller.deps.db;
  const { row } = await entryInScope(db, caller.scope, id);
  const kind = row.entry.kind as LedgerKind;
  await fillerCanteen(caller, row.entry.canteenId, kind);
  const existing = await byKey(db, row.entry.canteenId, body.idempotencyKey);
  if (existing) return { entry: (await entriesOf(db, [existing]))[0]!, created: false };
  if (row.supersededBy) throw conflict("already_corrected");
  const eventAt = body.eventAt ? Date.parse(body.eventAt) : row.entry.eventAt;
  const settings = await settingsOf(db, row.entry.canteenId);
  const checked = await checkEntry(db, { canteenId: row.entry.canteenId, kind, data: body.data, eventAt, photos: body.photos ?? [], now: nowOf(caller.deps), settings, sameDayAs: row.entry.day });
  return append(caller, { canteenId: row.entry.canteenId, kind, idempotencyKey: body.idempotencyKey, eventAt, checked, previous: row.entry, reason: body.reason });
}

/** One entry version with every version of its entry, oldest first. */
export async function getEntry(db: DbOrTx, scope: Scope, id: string) {
  const { row } = await entryInScope(db, scope, id);
  const versions = await selectEntries(db, eq(ledgerEntries.entryKey, row.entry.entryKey)).orderBy(ledgerEntries.version);
  const [entry] = await entriesOf(db, [row]);
  return { ...entry!, versions: await entriesOf(db, versions) };
}

const byDay = keyset("desc", [ledgerEntries.day, ledgerEntries.eventAt, ledgerEntries.id], (r: EntryRow) => [r.entry.day, r.entry.eventAt, r.entry.id]);

/** A canteen's entries, newest day first; the current versions unless `history`. */
export async function listEntries(db: DbOrTx, scope: Scope, q: z.infer<typeof EntriesQuery>) {
  await canteenInScope(db, scope, q.canteenId);
  const rows = await selectEntries(
    db,
    eq(ledgerEntries.canteenId, q.canteenId),
    q.kind ? eq(ledgerEntries.kind, q.kind) : undefined,
    q.from ? gte(ledgerEntries.day, q.from) : undefined,
    q.to ? lte(ledgerEntries.day, q.to) : undefined,
    q.history === "true" ? undefined : isNull(isCurrent),
    byDay.after(q.cursor),
  )
    .orderBy(...byDay.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byDay.page(rows, q.limit);
  return { items: await entriesOf(db, page), nextCursor };
}

export async function entryPhoto(deps: AppDeps, scope: Scope, id: string, photoId: string) {
  await entryInScope(deps.db, scope, id);
  const [photo] = await deps.db.select().from(ledgerPhotos).where(and(eq(ledgerPhotos.id, photoId), eq(ledgerPhotos.entryId, id)));
  if (!photo) throw notFound();
  const bytes = await mediaStoreOf(deps).get(photo.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, photo.contentType, photo.sha256);
}
