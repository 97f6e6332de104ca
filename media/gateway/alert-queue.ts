import { AlertIngest } from "../../server/alerts/ingest-contracts.ts";
import { DurableQueue } from "./durable-queue.ts";

export interface QueuedAlert {
  name: string;
  alert: AlertIngest;
}

/** AI alerts waiting for the API, in delivery order, durable across restarts (durable-queue.ts). */
export class AlertQueue extends DurableQueue<AlertIngest> {
  constructor(
    dir: string,
    /** most alerts kept waiting; beyond it new alerts are refused (logged by the caller) */
    readonly maxFiles = 2000,
  ) {
    super(dir, {
      schema: AlertIngest,
      keyOf: (a) => a.idempotencyKey,
      maxFiles,
      fullMessage: (a) => `the alert queue ${dir} holds ${maxFiles} alerts (the API has been unreachable for long): alert ${a.idempotencyKey} dropped`,
    });
  }

  /** The oldest waiting alert (unreadable files are set aside). */
  peek(): QueuedAlert | null {
    const head = this.peekItem();
    return head && { name: head.name, alert: head.item };
  }
}
