import { type ChainLink, foldChain, linkHash } from "../../media/record/chain-hash.ts";

/** Evidence clips (视频抓拍, issue 19 item 5): the pure rules — spans, the alert's window, byte ranges, the chain. */

/** A clip is at most five minutes long (the issue; the gateway refuses longer too). */
export const MAX_CLIP_MS = 5 * 60_000;
/** An AI alert's clip: 5 s before its detection to 10 s after (pre- and post-capture, as the best NVRs keep). */
export const ALERT_CLIP_BEFORE_MS = 5_000;
export const ALERT_CLIP_AFTER_MS = 10_000;
/** a clip's end may run this far past the server's clock (the browser's clock, "the last 20 s" from live) */
export const CLIP_CLOCK_SKEW_MS = 5_000;
/** a clip the gateway has not sent after this long is shown as expired (gateway offline, recording stopped) */
export const CLIP_PENDING_MS = 10 * 60_000;

export const alertClipSpan = (occurredAt: number) => ({ start: occurredAt - ALERT_CLIP_BEFORE_MS, end: occurredAt + ALERT_CLIP_AFTER_MS });

type Problem = { orderId: string; seq: number; text: string };
/**
 * A clip's attachments, each to an order's problem saying which problem it is where `problems` knows it (those the
 * caller may read); the others as they are.
 */
export const withProblems = <A extends { targetType: string; targetId: string }>(list: A[], problems: ReadonlyMap<string, Problem>): Array<A & { problem?: Problem }> =>
  list.map((a) => {
    const problem = a.targetType === "order_item" ? problems.get(a.targetId) : undefined;
    return problem ? { ...a, problem } : a;
  });

export type SpanProblem =
  | { status: 400; reason: "clip_span_reversed" | "clip_too_long" | "clip_in_future"; message: string }
  | { status: 409; reason: "clip_not_recorded"; message: string };

/**
 * Why a span cannot be cut, or null. 400 for the request itself (end not after start, over 5 minutes, ending in the
 * future); 409 when nothing is recorded there as far as the API knows: nothing recorded at all, the whole span before
 * the oldest recording kept, or the whole span inside one recorded gap (named with its reason). A span after the last
 * anchored instant is left to the gateway (anchors are hourly: the API does not know the last hour yet).
 */
export function clipSpanProblem(span: { start: number; end: number }, now: number, oldest: number | null, gaps: ReadonlyArray<{ startAt: number; endAt: number; reason: string }>): SpanProblem | null {
  if (!(span.end > span.start)) return { status: 400, reason: "clip_span_reversed", message: "the clip must end after it starts" };
  if (span.end - span.start > MAX_CLIP_MS) return { status: 400, reason: "clip_too_long", message: `a clip is at most ${MAX_CLIP_MS / 60_000} minutes long` };
  if (span.end > now + CLIP_CLOCK_SKEW_MS) return { status: 400, reason: "clip_in_future", message: "the clip ends in the future" };
  if (oldest === null) return { status: 409, reason: "clip_not_recorded", message: "nothing is recorded for this camera" };
  if (span.end <= oldest) return { status: 409, reason: "clip_not_recorded", message: `nothing is recorded then; the oldest recording is ${new Date(oldest).toISOString()}` };
  const gap = gaps.find((g) => g.startAt <= span.start && g.endAt >= span.end);
  if (gap) return { status: 409, reason: "clip_not_recorded", message: `nothing is recorded then (${gap.reason}: ${new Date(gap.startAt).toISOString()} – ${new Date(gap.endAt).toISOString()})` };
  return null;
}

export type ByteRange = { start: number; end: number };

/**
 * An HTTP Range header over a body of `size` bytes (RFC 9110 §14): null to send it whole (no header, another unit,
 * several ranges, or a malformed one — a server may ignore those), "unsatisfiable" (416) when it starts past the end,
 * else the inclusive byte range. Forms: bytes=a-b, bytes=a-, bytes=-n (the last n).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [a, b] = [m[1]!, m[2]!];
  if (a === "" && b === "") return null;
  if (a === "") {
    const n = Number(b);
    if (n === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (start >= size) return "unsatisfiable";
  if (end < start) return null;
  return { start, end: Math.min(end, size - 1) };
}

export type ClipChain =
  | { ok: true; toSeq: number; toHash: string; sources: Array<{ seq: number; start: number; end: number; sha256: string; hash: string }> }
  | { ok: false; why: string };

/**
 * The chain a clip came from: `links` must start right after the anchor `fromSeq` and fold from its hash; some
 * anchor at or after the last source segment must be the fold at its seq (the first such is `toSeq`); every source
 * must be a segment link there with the same sha256. The link hashes are the API's own fold, not the gateway's word.
 */
export function checkClipChain(
  from: { seq: number; hash: string },
  links: readonly ChainLink[],
  anchors: ReadonlyArray<{ seq: number; hash: string }>,
  sources: ReadonlyArray<{ seq: number; sha256: string }>,
): ClipChain {
  if (!sources.length) return { ok: false, why: "no source segments" };
  if (!links.length || links[0]!.seq !== from.seq + 1) return { ok: false, why: `links must start at ${from.seq + 1}` };
  const folded = foldChain(from.hash, links);
  if ("broken" in folded) return { ok: false, why: folded.why };
  const hashes = new Map<number, string>();
  let h = from.hash;
  for (const l of links) hashes.set(l.seq, (h = linkHash(h, l)));
  const lastSource = Math.max(...sources.map((s) => s.seq));
  const closing = [...anchors].sort((a, b) => a.seq - b.seq).find((a) => a.seq >= lastSource && hashes.has(a.seq));
  if (!closing) return { ok: false, why: `no anchor at or after segment ${lastSource} among the links` };
  if (hashes.get(closing.seq) !== closing.hash) return { ok: false, why: `the chain does not match anchor ${closing.seq}` };
  const out = [];
  for (const s of sources) {
    const link = links.find((l) => l.seq === s.seq);
    if (!link || link.kind !== "segment" || link.sha256 !== s.sha256 || s.seq > closing.seq) return { ok: false, why: `segment ${s.seq} is not in the anchored chain` };
    out.push({ seq: s.seq, start: link.start, end: link.end, sha256: link.sha256, hash: hashes.get(s.seq)! });
  }
  return { ok: true, toSeq: closing.seq, toHash: closing.hash, sources: out };
}
