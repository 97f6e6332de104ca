import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so the same change always digests the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export const digestOf = (change: unknown) => sha256(canonicalJson(change));

export interface AuditFields {
  seq: number;
  at: number;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  digest: string;
}

export function chainHash(prevHash: string, e: AuditFields): string {
  return sha256([prevHash, e.seq, e.at, e.actorId ?? "", e.action, e.targetType, e.targetId, e.digest].join("\n"));
}

export interface AuditRow extends AuditFields {
  prevHash: string;
  hash: string;
}

export type ChainBreak = { seq: number; reason: "hash_mismatch" | "prev_hash_mismatch" | "gap" };

/** Checks one entry against the entry stored before it: its seq follows, it links to that hash, its own hash holds. */
function checkEntry(row: AuditRow, prev: { seq: number; hash: string }): ChainBreak | null {
  if (row.seq !== prev.seq + 1) return { seq: row.seq, reason: "gap" };
  if (row.prevHash !== prev.hash) return { seq: row.seq, reason: "prev_hash_mismatch" };
  if (chainHash(row.prevHash, row) !== row.hash) return { seq: row.seq, reason: "hash_mismatch" };
  return null;
}

/**
 * Walks rows in seq order; returns the first entry whose link or own hash does not hold.
 * `previous` lets a caller verify in pages: the last row of the page before.
 */
export function verifyChain(rows: AuditRow[], previous: { seq: number; hash: string } | null): ChainBreak | null {
  return verifyChainAll(rows, previous)[0] ?? null;
}

/**
 * Every broken entry, not only the first: each entry is judged against the one stored before it, so one
 * altered row shows as itself (or the next one's link) and the walk goes on past it.
 */
export function verifyChainAll(rows: AuditRow[], previous: { seq: number; hash: string } | null): ChainBreak[] {
  let prev = previous ?? { seq: 0, hash: GENESIS_HASH };
  const broken: ChainBreak[] = [];
  for (const row of rows) {
    const problem = checkEntry(row, prev);
    if (problem) broken.push(problem);
    prev = row;
  }
  return broken;
}
