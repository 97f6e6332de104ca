import type { LiveInputs } from "../live-input.ts";
import type { GbPlatform } from "./platform.ts";

/** The camera runner's view of the platform: a `gb28181:` camera's ffmpeg is fed by an INVITEd stream. */
export function gbLiveInputs(platform: GbPlatform): LiveInputs {
  return {
    async open(source, sink) {
      const session = await platform.play(source.deviceId, source.channelId, (ps) => sink.data(ps), (reason) => sink.end(reason));
      return { close: () => session.close() };
    },
  };
}
