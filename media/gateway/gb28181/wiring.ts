import type { ControlPlane } from "../api-client.ts";
import type { Gateway } from "../gateway.ts";
import type { LiveInputs } from "../live-input.ts";
import type { Logger } from "../log.ts";
import type { GbPlatform } from "./platform.ts";
import { GbReporter } from "./reporter.ts";

/** The camera runner's view of the platform: a `gb28181:` camera's ffmpeg is fed by an INVITEd stream. */
export function gbLiveInputs(platform: GbPlatform): LiveInputs {
  return {
    async open(source, sink) {
      const session = await platform.play(source.deviceId, source.channelId, (ps) => sink.data(ps), (reason) => sink.end(reason));
      return { close: () => session.close() };
    },
    whenReady(source, ready) {
      const on = (e: { deviceId: string; online: boolean }) => {
        if (e.deviceId !== source.deviceId || !e.online) return;
        platform.off("device", on);
        ready();
      };
      platform.on("device", on);
      return () => platform.off("device", on);
    },
  };
}

/**
 * Ties the platform to a gateway built with `liveInputs: gbLiveInputs(platform)`: the devices (and passwords)
 * follow each configuration, a revoked gateway accepts none, and what the devices do is reported to the API.
 */
export function wireGb28181(gateway: Gateway, platform: GbPlatform, control: ControlPlane, log: Logger): GbReporter {
  gateway.on("config", (config) => platform.setDevices(config.gb28181Devices ?? []));
  gateway.on("revoked", () => platform.setDevices([]));
  return new GbReporter(platform, (report) => control.sendGbDevice(report), log);
}
