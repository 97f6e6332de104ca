import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ReadingBatch } from "../../server/sensors/contracts.ts";

/**
 * Sensor reading batches waiting for the API: the alert queue's pattern (alert-queue.ts) — one JSON file per batch,
 * written to a temporary name, fsync'd, renamed, the folder fsync'd; names start with a zero-padded sequence number,
 * so the folder's order is the delivery order across restarts. A file that fails the contract is moved to rejected/.
 *
 *   <dir>/000000000042-<batchId>.json   waiting
 */
const NAME = /^(\d{12})-([A-Za-z0-9_-]{8,80})\.json$/;

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(path: string, text: string) {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class SensorQueue {
  private seq: number;

  constructor(
    readonly dir: string,
    /** most batches kept (at 1 reading/min/sensor and ≤ 1000 per batch, 20,000 batches hold weeks for a kitchen) */
    readonly maxFiles = 20_000,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith(".tmp")) rmSync(join(dir, f), { force: true });
    const last = this.names().at(-1);
    this.seq = last ? Number(NAME.exec(last)![1]) : 0;
  }

  names(): string[] {
    return readdirSync(this.dir).filter((f) => NAME.test(f)).sort();
  }

  get size(): number {
    return this.names().length;
  }

  /** Writes the batch durably; throws when the queue is full or the disk fails (the caller logs the loss). */
  enqueue(batch: ReadingBatch): string {
    const checked = ReadingBatch.parse(batch);
    if (this.size >= this.maxFiles) throw new Error(`the sensor queue ${this.dir} holds ${this.maxFiles} batches: batch ${checked.batchId} (${checked.readings.length} readings) dropped`);
    const name = `${String(++this.seq).padStart(12, "0")}-${checked.batchId}.json`;
    const tmp = join(this.dir, `${name}.tmp`);
    writeDurably(tmp, JSON.stringify(checked));
    renameSync(tmp, join(this.dir, name));
    fsyncDir(this.dir);
    return name;
  }

  peek(): { name: string; batch: ReadingBatch } | null {
    for (const name of this.names()) {
      try {
        return { name, batch: ReadingBatch.parse(JSON.parse(readFileSync(join(this.dir, name), "utf8"))) };
      } catch (err) {
        this.reject(name, `unreadable queue file: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    return null;
  }

  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true });
    fsyncDir(this.dir);
  }

  reject(name: string, reason: string): void {
    const rejected = join(this.dir, "rejected");
    mkdirSync(rejected, { recursive: true });
    renameSync(join(this.dir, name), join(rejected, name));
    writeDurably(join(rejected, `${name}.reason.txt`), `${new Date().toISOString()} ${reason}\n`);
    fsyncDir(rejected);
    fsyncDir(this.dir);
  }
}
