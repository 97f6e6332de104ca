import { type ChainLink, foldChain, GENESIS, linkHash } from "../../media/record/chain-hash.ts";

/** The recording rules the API applies (pure): extending the anchored chain, day shares, challenges. */

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY = 86_400_000;
/** no gateway cuts segments longer than this (RECORD_SEGMENT_S ≤ 300) */
const MAX_SEGMENT_MS = 3_600_000;

/** The China Standard Time day of an instant, YYYY-MM-DD. */
export const dayOf = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
/** The instant a CST day starts (a day past its month's end rolls over, as Date.UTC does: 2026-02-31 is 03-03). */
export function dayStart(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!) - CST_OFFSET_MS;
}

/** Milliseconds of [start, end) falling in each CST day. */
export function splitByDay(start: number, end: number): Array<{ day: string; ms: number; from: number; to: number }> {
  const out: Array<{ day: string; ms: number; from: number; to: number }> = [];
  let t = start;
  while (t < end) {
    const day = dayOf(t);
    const next = Math.min(end, dayStart(day) + DAY);
    out.push({ day, ms: next - t, from: t, to: next });
    t = next;
  }
  return out;
}

/**
 * The recorded spans of a day: from its first to its last recorded instant, less the gaps (sorted by start). A
 * span recorded before the gateway's first anchor of the day is not known apart from a gap, so this is the
 * timeline's picture, while recordedMs is the exact share.
 */
export function recordedSpans(firstAt: number, lastAt: number, gaps: ReadonlyArray<{ startAt: number; endAt: number }>): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let t = firstAt;
  for (const g of gaps) {
    if (g.endAt <= t || g.startAt >= lastAt) continue;
    if (g.startAt > t) out.push({ start: t, end: g.startAt });
    t = Math.max(t, g.endAt);
  }
  if (t < lastAt) out.push({ start: t, end: lastAt });
  return out;
}

export interface Head {
  seq: number;
  hash: string;
}

export type Extension =
  | { ok: true; fresh: ChainLink[]; head: Head & { endAt: number }; anchors: Array<Head & { takenAt: number; endAt: number }> }
  | { ok: false; why: string };

/**
 * New links continue the anchored head: the ones already held are skipped, the rest must start right after it
 * and fold from its hash; every head the gateway reports must be the fold at its seq. A rewritten, reordered or
 * inserted link breaks the fold.
 */
export function extendChain(anchored: Head | null, links: readonly ChainLink[], heads: ReadonlyArray<{ seq: number; hash: string; takenAt: number }>, now: number): Extension {
  const from = anchored?.seq ?? 0;
  const fresh = links.filter((l) => l.seq > from);
  if (!fresh.length) return { ok: true, fresh: [], head: { seq: from, hash: anchored?.hash ?? GENESIS, endAt: 0 }, anchors: [] };
  if (fresh[0]!.seq !== from + 1) return { ok: false, why: `links start at ${fresh[0]!.seq}, the anchored head is ${from}` };
  const long = fresh.find((l) => l.kind === "segment" && l.end - l.start > MAX_SEGMENT_MS);
  if (long) return { ok: false, why: `segment ${long.seq} spans more than an hour` };
  const folded = foldChain(anchored?.hash ?? GENESIS, fresh);
  if ("broken" in folded) return { ok: false, why: folded.why };
  const hashes = new Map<number, { hash: string; endAt: number }>();
  let h = anchored?.hash ?? GENESIS;
  for (const l of fresh) hashes.set(l.seq, { hash: (h = linkHash(h, l)), endAt: l.end });
  const anchors: Array<Head & { takenAt: number; endAt: number }> = [];
  for (const head of heads) {
    if (head.seq <= from) continue;
    const at = hashes.get(head.seq);
    if (!at) continue; // a head past these links: it comes with the next batch
    if (at.hash !== head.hash) return { ok: false, why: `head ${head.seq} is not the chain's hash there` };
    anchors.push({ seq: head.seq, hash: head.hash, takenAt: head.takenAt, endAt: at.endAt });
  }
  const last = fresh.at(-1)!;
  // the latest link is always anchored, so the chain the API holds ends where the links end
  if (!anchors.some((a) => a.seq === last.seq)) anchors.push({ seq: last.seq, hash: folded.head, takenAt: now, endAt: last.end });
  return { ok: true, fresh, head: { seq: last.seq, hash: folded.head, endAt: last.end }, anchors };
}

export type Verdict = { outcome: "passed" | "tampered" | "missing"; detail: string | null };

/**
 * A challenge's answer: links fromSeq..toSeq must fold from the earlier anchor's hash to the later's, and the
 * named segment's bytes must hash to its link's sha256. A gap link answers for itself (it was anchored).
 */
export function judgeChallenge(
  c: { seq: number; fromSeq: number; toSeq: number },
  fromHash: string,
  toHash: string,
  links: readonly ChainLink[],
  bytesSha256: string | null,
): Verdict {
  const expected = c.toSeq - c.fromSeq;
  if (links.length !== expected || links[0]?.seq !== c.fromSeq + 1) return { outcome: "tampered", detail: `links ${c.fromSeq + 1}..${c.toSeq} expected, ${links.length} sent` };
  const folded = foldChain(fromHash, links);
  if ("broken" in folded) return { outcome: "tampered", detail: folded.why };
  if (folded.head !== toHash) return { outcome: "tampered", detail: `the chain from ${c.fromSeq} to ${c.toSeq} does not match its anchors` };
  const link = links.find((l) => l.seq === c.seq)!;
  if (link.kind === "gap") return { outcome: "passed", detail: `gap: ${link.reason}` };
  if (bytesSha256 === null) return { outcome: "missing", detail: `segment ${c.seq} is gone from the gateway` };
  if (bytesSha256 !== link.sha256) return { outcome: "tampered", detail: `segment ${c.seq} was altered (sha256 ${bytesSha256.slice(0, 12)}…)` };
  return { outcome: "passed", detail: null };
}

/**
 * A random segment between two consecutive anchors inside the retention window (`random` in [0, 1)); null when
 * the camera has fewer than one anchored stretch there. Anchors sorted by seq; the first stretch runs from genesis.
 */
export function pickChallenge(anchors: ReadonlyArray<{ seq: number; endAt: number }>, since: number, random: () => number): { seq: number; fromSeq: number; toSeq: number } | null {
  const stretches: Array<{ fromSeq: number; toSeq: number }> = [];
  for (let i = 0; i < anchors.length; i++) {
    const from = i === 0 ? 0 : anchors[i - 1]!.seq;
    if (anchors[i]!.endAt >= since && anchors[i]!.seq > from) stretches.push({ fromSeq: from, toSeq: anchors[i]!.seq });
  }
  if (!stretches.length) return null;
  const s = stretches[Math.floor(random() * stretches.length)]!;
  return { ...s, seq: s.fromSeq + 1 + Math.floor(random() * (s.toSeq - s.fromSeq)) };
}

/** The challenge job's tick: at most every 10 minutes, so that challenges fall at random times of the day. */
export const CHALLENGE_TICK_MS = 600_000;

/**
 * How often the challenge job runs and each camera's chance per run, for a mean of one challenge per camera every
 * `meanMs` (RECORD_CHALLENGE_SECONDS): the times are random (a Bernoulli draw per tick), the rate is the configured
 * one. `meanMs` 0: never.
 */
export function challengeSchedule(meanMs: number): { tickMs: number; chance: number } {
  if (meanMs <= 0) return { tickMs: 0, chance: 0 };
  const tickMs = Math.min(meanMs, CHALLENGE_TICK_MS);
  return { tickMs, chance: tickMs / meanMs };
}
