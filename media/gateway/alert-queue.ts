import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { AlertIngest } from "../../server/alerts/ingest-contracts.ts";

/**
 * Alerts waiting for the API, as a folder of JSON files (one per alert) so none is lost when the API is
 * unreachable or the gateway restarts. Each file is written to a temporary name, fsync'd, renamed and the
 * folder fsync'd, so a crash leaves either the whole alert or nothing. Names start with a zero-padded
 * sequence number: the folder's sort order is the delivery order, across restarts.
 *
 *   <dir>/000000000042-<idempotencyKey>.json   waiting
 *   <dir>/rejected/…                            refused for good by the API (kept for the operator)
 */
const NAME = /^(\d{12})-([A-Za-z0-9_-]{8,80})\.json$/;

export interface QueuedAlert {
  name: string;
  alert: AlertIngest;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class AlertQueue {
  private seq: number;
  private readonly rejectedDir: string;

  constructor(
    readonly dir: string,
    /** most alerts kept waiting; beyond it new alerts are refused (logged by the caller) */
    readonly maxFiles = 2000,
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
    return readdirSync(this.dir)
      .filter((f) => NAME.test(f))
      .sort();
  }

  get size(): number {
    return this.names().length;
  }

  /** Writes the alert durably; returns its file name. Throws when the queue is full or the disk fails. */
  enqueue(alert: AlertIngest): string {
    const checked = AlertIngest.parse(alert);
    if (this.size >= this.maxFiles) throw new Error(`the alert queue ${this.dir} holds ${this.maxFiles} alerts (the API has been unreachable for long): alert ${checked.idempotencyKey} dropped`);
    const name = `${String(++this.seq).padStart(12, "0")}-${checked.idempotencyKey}.json`;
    const tmp = join(this.dir, `${name}.tmp`);
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify(checked));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, name));
    fsyncDir(this.dir);
    return name;
  }

  /** The oldest waiting alert; a file that is unreadable or fails the contract is set aside (rejected/). */
  peek(): QueuedAlert | null {
    for (const name of this.names()) {
      try {
        return { name, alert: AlertIngest.parse(JSON.parse(readFileSync(join(this.dir, name), "utf8"))) };
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
    const fd = openSync(join(this.rejectedDir, `${name}.reason.txt`), "w");
    try {
      writeSync(fd, `${new Date().toISOString()} ${reason}\n`);
    } finally {
      closeSync(fd);
    }
    fsyncDir(this.rejectedDir);
    fsyncDir(this.dir);
  }

  rejected(): string[] {
    try {
      return readdirSync(this.rejectedDir).filter((f) => NAME.test(f)).sort();
    } catch {
      return [];
    }
  }
}
