import { dispose } from "@livekit/rtc-node";
import type { LoadedDetector } from "../detect/load.ts";
import type { Logger } from "./log.ts";

/**
 * Ctrl-C or SIGTERM ends a gateway process cleanly: its gateways leave their rooms, the detector and LiveKit's
 * native side are released; if that hangs, the process exits anyway after 10 s.
 */
export function stopOnSignals(log: Logger, what: () => string, stop: () => Promise<unknown>, detector: () => LoadedDetector | null): { readonly stopping: boolean } {
  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: ${what()}`);
    const force = setTimeout(() => process.exit(1), 10_000);
    try {
      await stop();
      await detector()?.detector.close();
      await dispose();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  return {
    get stopping() {
      return stopping;
    },
  };
}
