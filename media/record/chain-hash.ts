import { createHash } from "node:crypto";

/**
 * One link of a camera's recording chain (pure; shared by the gateway and the API). A link is a recorded
 * segment (its sha256 and time span) or a gap (its span and reason). Each link's hash covers the previous
 * link's hash, so a deleted, altered, reordered or inserted segment changes every hash after it.
 */
export interface ChainLink {
  seq: number;
  kind: "segment" | "gap";
  /** epoch ms, start inclusive, end exclusive */
  start: number;
  end: number;
  /** sha256 of the segment's bytes (segments), "" for gaps */
  sha256: string;
  /** why nothing was recorded (gaps), "" for segments */
  reason: string;
}

export const GENESIS = "0".repeat(64);

export const sha256OfBytes = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** hash_n = sha256(prev ‖ seq ‖ kind ‖ start ‖ end ‖ sha256 ‖ reason), newline separated. */
export function linkHash(prev: string, link: ChainLink): string {
  return createHash("sha256")
    .update([prev, link.seq, link.kind, link.start, link.end, link.sha256, link.reason].join("\n"))
    .digest("hex");
}

/**
 * Walks the links from `prev` and returns the last hash; null (with the first bad position) when the links are
 * not consecutive (seq + 1 each) or their times run backwards.
 */
export function foldChain(prev: string, links: readonly ChainLink[]): { head: string } | { broken: number; why: string } {
  let hash = prev;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    if (i > 0 && l.seq !== links[i - 1]!.seq + 1) return { broken: i, why: `seq ${l.seq} follows ${links[i - 1]!.seq}` };
    if (l.end < l.start) return { broken: i, why: `seq ${l.seq} ends before it starts` };
    if (i > 0 && l.start < links[i - 1]!.end - 1000) return { broken: i, why: `seq ${l.seq} starts before ${links[i - 1]!.seq} ends` };
    hash = linkHash(hash, l);
  }
  return { head: hash };
}
