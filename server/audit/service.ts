import { nowOf, systemNow } from "../clock/clock.ts";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { auditLog } from "../../db/schema/index.ts";
import { type AuditRow, type ChainBreak, chainHash, digestOf, GENESIS_HASH, verifyChainAll } from "./rules.ts";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  change: unknown;
}

/** Appends one entry to the hash chain. Call inside the write's transaction (see `writeAudited`). */
export async function appendAudit(tx: DbOrTx, entry: AuditEntry, now = systemNow()): Promise<void> {
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    at: now,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    digest: digestOf(entry.change),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(auditLog).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Runs a write and its audit entry in one (immediate) transaction: both land or neither does.
 * The write returns its result and the audit entry describing it.
 */
export async function writeAudited<T>(deps: { db: Db; now?: () => number }, write: (tx: Tx) => Promise<{ result: T; audit: AuditEntry }>): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const { result, audit } = await write(tx);
    await appendAudit(tx, audit, nowOf(deps));
    return result;
  });
}

const VERIFY_PAGE = 5000;
/** how many broken entries the verify answer names (it counts them all) */
export const BROKEN_LISTED = 20;

const utf8 = new TextDecoder();
const fromHex = (hex: string) => utf8.decode(Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16)));

/**
 * The text columns as the bytes stored: the libSQL driver hands text back cut at the first NUL, so every
 * text column is read as hex(...) and decoded here (a NUL that got in before the contracts refused it
 * then verifies as what was hashed).
 */
const exactColumns = {
  seq: auditLog.seq,
  at: auditLog.at,
  actorIsNull: sql<number>`${auditLog.actorId} is null`,
  actorId: sql<string>`hex(${auditLog.actorId})`,
  action: sql<string>`hex(${auditLog.action})`,
  targetType: sql<string>`hex(${auditLog.targetType})`,
  targetId: sql<string>`hex(${auditLog.targetId})`,
  digest: sql<string>`hex(${auditLog.digest})`,
  prevHash: sql<string>`hex(${auditLog.prevHash})`,
  hash: sql<string>`hex(${auditLog.hash})`,
};

/** Reads a page of the log byte-exactly (see exactColumns). */
export async function readAuditPage(db: DbOrTx, afterSeq: number, limit: number): Promise<AuditRow[]> {
  const rows = await db.select(exactColumns).from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actorId: Number(r.actorIsNull) ? null : fromHex(r.actorId),
    action: fromHex(r.action),
    targetType: fromHex(r.targetType),
    targetId: fromHex(r.targetId),
    digest: fromHex(r.digest),
    prevHash: fromHex(r.prevHash),
    hash: fromHex(r.hash),
  }));
}

/**
 * Recomputes the whole hash chain page by page, from the first entry. Names the first broken entry
 * (`firstBroken`, `checked` = the intact entries before it) and counts every broken one (`broken`).
 */
export async function verifyAuditChain(db: Db) {
  let previous = null as { seq: number; hash: string } | null;
  let total = 0;
  let checkedBeforeBreak: number | null = null;
  let count = 0;
  const first: ChainBreak[] = [];
  for (;;) {
    const rows = await readAuditPage(db, previous?.seq ?? 0, VERIFY_PAGE);
    const broken = verifyChainAll(rows, previous);
    if (broken.length > 0 && checkedBeforeBreak === null) checkedBeforeBreak = total + rows.findIndex((r) => r.seq === broken[0]!.seq);
    count += broken.length;
    first.push(...broken.slice(0, BROKEN_LISTED - first.length));
    total += rows.length;
    if (rows.length < VERIFY_PAGE) break;
    previous = rows[rows.length - 1]!;
  }
  return {
    ok: count === 0,
    checked: checkedBeforeBreak ?? total,
    firstBroken: first[0] ?? null,
    broken: { count, first },
  };
}
