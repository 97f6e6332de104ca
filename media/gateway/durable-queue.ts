import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";

/**
 * Items waiting for the API, as a folder of JSON files (one per item) so none is lost when the API is unreachable
 * or the gateway restarts. Each file is written to a temporary name, fsync'd, renamed and the folder fsync'd, so a
 * crash leaves either the whole item or nothing. Names start with a zero-padded sequence number: the folder's sort
 * order is the delivery order, across restarts. The alert queue and the sensor queue are two of these.
 *
 *   <dir>/000000000042-<key>.json   waiting
 *   <dir>/rejected/…                 refused for good by the API, or unreadable (kept for the operator, with the reason)
 */
const NAME = /^(\d{12})-([A-Za-z0-9_-]{8,80})\.json$/;

export interface DurableQueueOptions<T> {
  /** what every file must hold: checked when written and again when read */
  schema: z.ZodType<T>;
  /** the item's own key (an idempotency key, a batch id), part of its file name */
  keyOf: (item: T) => string;
  /** most items kept waiting; beyond it new ones are refused */
  maxFiles: number;
  /** the error when the queue is full, naming what was dropped */
  fullMessage: (item: T) => string;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class DurableQueue<T> {
  private seq: number;
  private readonly rejectedDir: string;

  constructor(
    readonly dir: string,
    private readonly o: DurableQueueOptions<T>,
  ) {
    mkdirSync(dir, { recursive: true });
    this.rejectedDir = join(dir, "rejected");
    // a crash between write and rename leaves a .tmp: never complete, never sent
    for (const f of readdirSync(dir)) if (f.endsWith(".tmp")) rmSync(join(dir, f), { force: true });
    const last = this.names().at(-1);
    this.seq = last ? Number(NAME.exec(last)![1]) : 0;
  }

  /** Waiting files, oldest first. */
  names(): string[] {
    return readdirSync(this.dir).filter((f) => NAME.test(f)).sort();
  }

  get size(): number {
    return this.names().length;
  }

  /** Writes the item durably; returns its file name. Throws when the queue is full or the disk fails. */
  enqueue(item: T): string {
    const checked = this.o.schema.parse(item);
    if (this.size >= this.o.maxFiles) throw new Error(this.o.fullMessage(checked));
    const name = `${String(++this.seq).padStart(12, "0")}-${this.o.keyOf(checked)}.json`;
    const tmp = join(this.dir, `${name}.tmp`);
    writeDurably(tmp, JSON.stringify(checked));
    renameSync(tmp, join(this.dir, name));
    fsyncDir(this.dir);
    return name;
  }

  /** The oldest waiting item; a file that is unreadable or fails the contract is set aside (rejected/). */
  peekItem(): { name: string; item: T } | null {
    for (const name of this.names()) {
      try {
        return { name, item: this.o.schema.parse(JSON.parse(readFileSync(join(this.dir, name), "utf8"))) };
      } catch (err) {
        this.reject(name, `unreadable queue file: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    return null;
  }

  /** Delivered (or a duplicate the API already has): gone for good. */
  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true });
    fsyncDir(this.dir);
  }

  /** Refused for good: moved aside with the reason, so an operator can see what was not delivered. */
  reject(name: string, reason: string): void {
    mkdirSync(this.rejectedDir, { recursive: true });
    renameSync(join(this.dir, name), join(this.rejectedDir, name));
    writeDurably(join(this.rejectedDir, `${name}.reason.txt`), `${new Date().toISOString()} ${reason}\n`);
    fsyncDir(this.rejectedDir);
    fsyncDir(this.dir);
  }

  /** Files set aside, oldest first. */
  rejected(): string[] {
    try {
      return readdirSync(this.rejectedDir).filter((f) => NAME.test(f)).sort();
    } catch {
      return [];
    }
  }
}
