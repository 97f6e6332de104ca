import { nowOf, systemNow } from "../clock/clock.ts";
import { asc, desc, gt } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { auditLog } from "../../db/schema/index.ts";
import { chainHash, digestOf, GENESIS_HASH, verifyChain } from "./rules.ts";

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

/** Recomputes the whole hash chain page by page, from the first entry; names the first broken one. */
export async function verifyAuditChain(db: Db) {
  let previous = null as { seq: number; hash: string } | null;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, previous?.seq ?? 0))
      .orderBy(asc(auditLog.seq))
      .limit(VERIFY_PAGE);
    const broken = verifyChain(rows, previous);
    if (broken) return { ok: false, checked: checked + rows.findIndex((r) => r.seq === broken.seq), firstBroken: broken };
    checked += rows.length;
    if (rows.length < VERIFY_PAGE) return { ok: true, checked, firstBroken: null };
    previous = rows[rows.length - 1]!;
  }
}
