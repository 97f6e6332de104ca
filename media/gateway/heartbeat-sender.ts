import type { Heartbeat, HeartbeatResult } from "../../server/live/contracts.ts";
import { ApiRequestError, type ControlPlane, DeviceTokenRejected } from "./api-client.ts";
import { errorText, type Logger } from "./log.ts";

/** The heartbeat contract allows this many cameras per request. */
const HEARTBEAT_BATCH = 64;

export interface HeartbeatSenderOptions {
  control: ControlPlane;
  log: Logger;
  /** false while stopped, revoked or not yet configured: nothing is sent */
  maySend: () => boolean;
  /** the state to report, read when a heartbeat starts */
  cameras: () => Heartbeat["cameras"];
  /** each batch the API accepted */
  onSent: (body: Heartbeat) => void;
  /** each batch's answer (older control planes answer nothing) */
  onResult?: (result: HeartbeatResult) => void;
  /** every batch of one heartbeat was accepted: the API answers again */
  onAccepted: () => void;
  /** the API refused the device token */
  onRevoked: (message: string) => Promise<void>;
}

/**
 * Sends the cameras' status in batches the contract accepts, one heartbeat at a time: a request made
 * while one is in flight is sent once that one is done, with the state of then. A failure is logged once
 * until the message changes (the next heartbeat retries). When the API throttles it (429 with Retry-After,
 * issue 18) nothing is sent until that time has passed; then one heartbeat goes with the state of then, so a
 * change in between is reported late, never lost.
 */
export class HeartbeatSender {
  private inFlight: Promise<void> | null = null;
  private again = false;
  private lastError = "";
  /** Date.now() before which the API asked not to be sent heartbeats (Retry-After) */
  private holdUntil = 0;
  private heldSend: ReturnType<typeof setTimeout> | null = null;
  private soonTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: HeartbeatSenderOptions) {}

  /** Resolves when the heartbeat in flight (if any) is done. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  /** Sends promptly, but once for changes that arrive together (200 ms). */
  soon(): void {
    this.soonTimer ??= setTimeout(() => {
      this.soonTimer = null;
      this.send();
    }, 200);
  }

  cancelSoon(): void {
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
  }

  send(): void {
    if (!this.o.maySend()) return;
    const wait = this.holdUntil - Date.now();
    if (wait > 0) {
      // one deferred heartbeat, whatever asked in the meantime
      this.heldSend ??= setTimeout(() => {
        this.heldSend = null;
        this.send();
      }, wait);
      this.heldSend.unref?.();
      return;
    }
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const cameras = this.o.cameras();
    const batches: Heartbeat[] = [];
    for (let i = 0; i === 0 || i < cameras.length; i += HEARTBEAT_BATCH) batches.push({ cameras: cameras.slice(i, i + HEARTBEAT_BATCH) });
    this.inFlight = (async () => {
      try {
        for (const body of batches) {
          const result = await this.o.control.sendHeartbeat(body);
          if (result) this.o.onResult?.(result);
          this.o.onSent(body);
        }
        if (this.lastError) this.o.log.info("heartbeats accepted again");
        this.o.onAccepted();
        this.lastError = "";
      } catch (err) {
        if (err instanceof DeviceTokenRejected) {
          await this.o.onRevoked(err.message);
          return;
        }
        const message = errorText(err);
        const retryAfter = err instanceof ApiRequestError ? err.retryAfterMs : null;
        if (retryAfter !== null) {
          this.holdUntil = Date.now() + retryAfter;
          // the refused state goes again once the hold is over, not only with the next periodic heartbeat
          this.again = true;
        }
        if (message !== this.lastError) this.o.log.warn(`heartbeat failed: ${message} (${retryAfter !== null ? `holding heartbeats for ${Math.ceil(retryAfter / 1000)} s as asked` : "will retry"})`);
        this.lastError = message;
      } finally {
        this.inFlight = null;
      }
      if (this.again) {
        this.again = false;
        this.send();
      }
    })();
  }
}
