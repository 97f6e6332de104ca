import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type ChainLink, GENESIS, linkHash } from "./chain-hash.ts";

/** A link as kept on the gateway's disk: with its segment file and size, the previous hash and its own. */
export interface StoredLink extends ChainLink {
  file: string;
  bytes: number;
  prev: string;
  hash: string;
}

/**
 * One camera's append-only chain (`chain.jsonl` in its folder): one JSON line per link, fsync'd before the
 * segment counts as recorded. A torn last line (power cut while appending) is ignored on load; nothing is ever
 * rewritten.
 */
export class ChainStore {
  private readonly path: string;
  private links: StoredLink[] = [];

  /**
   * `keepMs`: links that ended longer ago than this are dropped from memory (never from the file) once loaded and
   * every 1,000 appends, so a gateway keeping 30 days of 10 s segments does not hold millions of them.
   */
  constructor(
    readonly dir: string,
    private readonly keepMs = Infinity,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, "chain.jsonl");
    if (existsSync(this.path)) {
      for (const line of readFileSync(this.path, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          this.links.push(JSON.parse(line) as StoredLink);
        } catch {
          /* a torn last line: never completed */
        }
      }
    }
    this.trim(Date.now());
  }

  /** Forgets (in memory) the links ended before now − keepMs; the head is always kept. */
  trim(now: number): void {
    let drop = 0;
    while (drop < this.links.length - 1 && this.links[drop]!.end < now - this.keepMs) drop++;
    if (drop) this.links = this.links.slice(drop);
  }

  get head(): StoredLink | null {
    return this.links.at(-1) ?? null;
  }

  all(): readonly StoredLink[] {
    return this.links;
  }

  bySeq(seq: number): StoredLink | null {
    const first = this.links[0];
    if (!first) return null;
    const l = this.links[seq - first.seq];
    return l && l.seq === seq ? l : null;
  }

  /** Links from `fromSeq` to `toSeq`, inclusive. */
  range(fromSeq: number, toSeq: number): StoredLink[] {
    const first = this.links[0]?.seq ?? 1;
    return this.links.slice(Math.max(0, fromSeq - first), Math.max(0, toSeq - first + 1));
  }

  /** The link covering time t (a segment or gap), or null. */
  at(t: number): StoredLink | null {
    let lo = 0;
    let hi = this.links.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const l = this.links[mid]!;
      if (t < l.start) hi = mid - 1;
      else if (t >= l.end) lo = mid + 1;
      else return l;
    }
    return null;
  }

  append(link: Omit<ChainLink, "seq">, file = "", bytes = 0): StoredLink {
    const prev = this.head?.hash ?? GENESIS;
    const full: ChainLink = { seq: (this.head?.seq ?? 0) + 1, ...link };
    const stored: StoredLink = { ...full, file, bytes, prev, hash: linkHash(prev, full) };
    const fd = openSync(this.path, "a");
    try {
      writeSync(fd, `${JSON.stringify(stored)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.links.push(stored);
    if (stored.seq % 1000 === 0) this.trim(stored.end);
    return stored;
  }
}

/** The chain as the API sees it: without the local file name and size. */
export const publicLink = ({ seq, kind, start, end, sha256, reason }: ChainLink): ChainLink => ({ seq, kind, start, end, sha256, reason });
