import { ReadingBatch } from "../../server/sensors/contracts.ts";
import { DurableQueue } from "./durable-queue.ts";

/** Sensor reading batches waiting for the API, in delivery order, durable across restarts (durable-queue.ts). */
export class SensorQueue extends DurableQueue<ReadingBatch> {
  constructor(
    dir: string,
    /** most batches kept (at 1 reading/min/sensor and ≤ 1000 per batch, 20,000 batches hold weeks for a kitchen) */
    readonly maxFiles = 20_000,
  ) {
    super(dir, {
      schema: ReadingBatch,
      keyOf: (b) => b.batchId,
      maxFiles,
      fullMessage: (b) => `the sensor queue ${dir} holds ${maxFiles} batches: batch ${b.batchId} (${b.readings.length} readings) dropped`,
    });
  }

  /** The oldest waiting batch (unreadable files are set aside). */
  peek(): { name: string; batch: ReadingBatch } | null {
    const head = this.peekItem();
    return head && { name: head.name, batch: head.item };
  }
}
