import { EventEmitter } from "node:events";
import type { AlertIngest, AlertIngestResult } from "../../server/alerts/ingest-contracts.ts";
import { ApiRequestError, DeviceTokenRejected } from "./api-client.ts";
import type { AlertQueue } from "./alert-queue.ts";
import { Backoff, type BackoffPolicy } from "./backoff.ts";
import { errorText, type Logger } from "./log.ts";

/** 1 s → 10 s: retries are cheap (one request), and an alert should not wait long once the API is back */
export const ALERT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.2 };

/** 4xx answers that will never change on a retry: the alert leaves the queue (409: the API has it already). */
const DEFINITIVE = new Set([400, 403, 404, 409, 413, 415, 422]);

export type AlertSenderEvents = {
  delivered: [{ idempotencyKey: string; alertId?: string; duplicate: boolean }];
  rejected: [{ idempotencyKey: string; reason: string }];
  revoked: [string];
};

/**
 * Delivers the on-disk queue to the API one alert at a time, oldest first: an alert leaves the queue only
 * after a 2xx or a definitive 4xx, so a failure keeps it (and everything behind it, to keep the order) for
 * the next attempt with backoff. The API de-duplicates by idempotency key, so an alert whose answer was
 * lost (sent, then the connection dropped) is harmlessly sent again. A 401 pauses delivery until the
 * gateway's token is accepted again (`resume`).
 */
export class AlertSender extends EventEmitter<AlertSenderEvents> {
  private running = false;
  private paused = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly backoff: Backoff;
  private lastError = "";
  private cutBackoff = false;
  /** Date.now() before which `retryNow` does not cut the wait short: the API asked for it (Retry-After) */
  private notBefore = 0;

  constructor(
    private readonly queue: AlertQueue,
    private readonly send: (alert: AlertIngest) => Promise<AlertIngestResult>,
    private readonly log: Logger,
    backoff: BackoffPolicy = ALERT_BACKOFF,
  ) {
    super();
    this.backoff = new Backoff(backoff);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** A new alert is queued, or the API may be back. */
  wake(): void {
    this.wakeUp?.();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake();
  }

  private wait(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms);
      function done() {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).then(() => {
      this.wakeUp = null;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const head = this.paused ? null : this.queue.peek();
      if (!head) {
        await this.wait(null);
        continue;
      }
      const key = head.alert.idempotencyKey;
      try {
        const result = await this.send(head.alert);
        this.queue.remove(head.name);
        this.backoff.reset();
        if (this.lastError) this.log.info(`alerts are delivered again (${this.queue.size} waiting)`);
        this.lastError = "";
        this.emit("delivered", { idempotencyKey: key, alertId: result.alertId, duplicate: result.duplicate });
      } catch (err) {
        if (err instanceof DeviceTokenRejected) {
          this.paused = true;
          this.emit("revoked", err.message);
          await this.waitBackoff(this.backoff.next());
          continue;
        }
        const status = err instanceof ApiRequestError ? err.status : null;
        if (status !== null && status >= 200 && status < 300) {
          // accepted, only the answer did not match the contract: it is the API's now
          this.queue.remove(head.name);
          this.emit("delivered", { idempotencyKey: key, duplicate: false });
          continue;
        }
        if (status === 409) {
          this.queue.remove(head.name);
          this.emit("delivered", { idempotencyKey: key, duplicate: true });
          continue;
        }
        if (status !== null && DEFINITIVE.has(status)) {
          const reason = errorText(err);
          this.log.error(`alert ${key} (${head.alert.type}, camera ${head.alert.cameraId}) refused by the API: ${reason}; moved to ${this.queue.dir}/rejected`);
          this.queue.reject(head.name, reason);
          this.emit("rejected", { idempotencyKey: key, reason });
          continue;
        }
        // shed (503) or throttled (429): wait at least what the API asked, spread by up to half again so that
        // a province of gateways shed in the same second does not come back in the same second (issue 18)
        const asked = err instanceof ApiRequestError ? err.retryAfterMs : null;
        const delay = Math.max(this.backoff.next(), asked === null ? 0 : Math.round(asked * (1 + 0.5 * Math.random())));
        if (asked !== null) this.notBefore = Date.now() + delay;
        const message = errorText(err);
        if (message !== this.lastError) this.log.warn(`cannot deliver alerts: ${message}; ${this.queue.size} waiting on disk, retrying in ${(delay / 1000).toFixed(1)} s`);
        this.lastError = message;
        await this.waitBackoff(delay);
      }
    }
  }

  /** The API answered something else (a heartbeat, the config): retry now rather than after the backoff. */
  retryNow(): void {
    // a heartbeat answered, but alert intake asked to be left alone for a while: that wait stands
    if (!this.lastError || Date.now() < this.notBefore) return;
    this.cutBackoff = true;
    this.wake();
  }

  /** Backoff that only `stop` and `retryNow` cut short (a new alert must not hammer an API that is down). */
  private async waitBackoff(ms: number): Promise<void> {
    const until = Date.now() + ms;
    this.cutBackoff = false;
    while (this.running && !this.cutBackoff && Date.now() < until) await this.wait(until - Date.now());
    this.cutBackoff = false;
  }
}
