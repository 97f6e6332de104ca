import type { GatewayConfig } from "../../server/live/contracts.ts";
import { DeviceTokenRejected } from "./api-client.ts";
import { Backoff } from "./backoff.ts";
import { errorText, type Logger } from "./log.ts";
import { configRefreshDelay } from "./schedule.ts";
import { WakeableSleep } from "./wakeable-sleep.ts";

export interface ConfigRefreshHooks {
  fetch: () => Promise<GatewayConfig>;
  /** a configuration arrived: use it */
  accepted: (config: GatewayConfig) => void;
  /** the API refused the device token (401): stop everything until it takes it again */
  rejected: (message: string) => Promise<void>;
  stopped: () => boolean;
  /** whether the cameras still run on an earlier configuration (said in the warning) */
  hasConfig: () => boolean;
  log: Logger;
  /** how often to retry while the device token is refused (default 60 s) */
  revokedRetryMs?: number;
}

/**
 * The gateway's configuration loop: fetches the configuration again at the LiveKit token's half-life (so a
 * reconnection always has a fresh token), backs off while the API cannot be reached, and retries every
 * `revokedRetryMs` while the device token is refused. `wake()` fetches at once (new credentials wanted,
 * token revoked, or stopping).
 */
export class ConfigRefresher {
  private readonly wait = new WakeableSleep();
  private readonly backoff = new Backoff();

  constructor(private readonly hooks: ConfigRefreshHooks) {}

  /** Ends the current wait now. */
  wake(): void {
    this.wait.wake();
  }

  /** Runs until `stopped()` says so. */
  async run(): Promise<void> {
    const h = this.hooks;
    while (!h.stopped()) {
      let wait: number;
      try {
        const config = await h.fetch();
        if (h.stopped()) return;
        this.backoff.reset();
        h.accepted(config);
        wait = configRefreshDelay(config.livekit.expiresAt, Date.now());
      } catch (err) {
        if (h.stopped()) return;
        if (err instanceof DeviceTokenRejected) {
          await h.rejected(err.message);
          wait = h.revokedRetryMs ?? 60_000;
        } else {
          wait = this.backoff.next();
          h.log.warn(`cannot fetch the configuration: ${errorText(err)}; retrying in ${(wait / 1000).toFixed(1)} s${h.hasConfig() ? " (cameras keep running with the last one)" : ""}`);
        }
      }
      await this.wait.sleep(wait);
    }
  }
}

/** The next configuration the gateway emits, or null after `ms`. */
export function nextConfig(events: { once(event: "config", listener: (c: GatewayConfig) => void): unknown }, ms: number): Promise<GatewayConfig | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    events.once("config", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
}
