import type { GbChannel, GbDeviceReport } from "../../../server/gb28181/contracts.ts";
import { errorText, type Logger } from "../log.ts";
import type { CatalogItem } from "./manscdp.ts";
import { isVideoChannel } from "./manscdp.ts";
import type { GbPlatform } from "./platform.ts";

/**
 * Tells the API what the school's GB/T 28181 devices do: registered, offline (with the reason), and their
 * video channels after each catalog. The latest report per device waits until the API took it, so a report
 * made while the API is unreachable is sent on the next try (every `retryMs`, 10 s by default).
 */
export class GbReporter {
  private waiting = new Map<string, GbDeviceReport>();
  private sending = false;

  constructor(
    platform: GbPlatform,
    private readonly send: (report: GbDeviceReport) => Promise<void>,
    private readonly log: Logger,
    retryMs = 10_000,
  ) {
    setInterval(() => this.waiting.size && void this.flush(), retryMs).unref();
    platform.on("device", ({ deviceId, online, reason }) => this.queue({ deviceId, online, ...(reason ? { reason: reason.slice(0, 300) } : {}) }));
    platform.on("catalog", ({ deviceId, channels }) => this.queue({ deviceId, online: platform.isOnline(deviceId), channels: toChannels(channels) }));
  }

  private queue(report: GbDeviceReport): void {
    const before = this.waiting.get(report.deviceId);
    // an online report must not drop channels that are still waiting
    this.waiting.set(report.deviceId, { ...report, channels: report.channels ?? before?.channels });
    void this.flush();
  }

  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (const [deviceId, report] of [...this.waiting]) {
        try {
          await this.send(report);
          if (this.waiting.get(deviceId) === report) this.waiting.delete(deviceId);
        } catch (err) {
          this.log.warn(`GB/T 28181: report of device ${deviceId} not delivered (retried in a few seconds): ${errorText(err)}`);
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

/** Catalog items → the video channels the API keeps (names cut to the contract's bounds, status ON/OFF). */
export function toChannels(items: readonly CatalogItem[]): GbChannel[] {
  return items
    .filter((i) => /^\d{20}$/.test(i.deviceId) && isVideoChannel(i.deviceId))
    .slice(0, 512)
    .map((i) => ({
      channelId: i.deviceId,
      name: (i.name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim() || i.deviceId).slice(0, 100),
      status: i.status === "OFF" ? ("OFF" as const) : ("ON" as const),
      ...(i.manufacturer ? { manufacturer: i.manufacturer.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, 100) } : {}),
      ...(i.model ? { model: i.model.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, 100) } : {}),
    }));
}
