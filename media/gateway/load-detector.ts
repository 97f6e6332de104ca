import { loadDetector, type LoadedDetector } from "../detect/load.ts";
import type { GatewaySettings } from "./config.ts";
import { errorText, type Logger } from "./log.ts";

/**
 * AI抓拍's detector for a gateway process (one gateway, or the demo city's): a missing or broken model is said once,
 * clearly, and video goes on without detection.
 */
export async function detectorOrOff(detect: GatewaySettings["detect"], log: Logger, whose = ""): Promise<LoadedDetector | null> {
  if (!detect) {
    log.info("AI detection is off (GATEWAY_DETECT=off)");
    return null;
  }
  try {
    const loaded = await loadDetector(detect.modelDir, detect.threads);
    log.info(`AI detection${whose}: ${loaded.detector.description} from ${detect.modelDir}`);
    return loaded;
  } catch (err) {
    log.error(`AI detection is OFF: ${errorText(err)}. Cameras stream without detection; fix MODEL_DIR (see media/detect/README.md) and restart the gateway.`);
    return null;
  }
}
