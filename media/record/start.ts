import type { GatewaySettings } from "../gateway/config.ts";
import type { Gateway } from "../gateway/gateway.ts";
import type { Logger } from "../gateway/log.ts";
import { apiRecordPlane } from "./api.ts";
import { loadRecordSettings } from "./config.ts";
import { Recording } from "./recording.ts";

/**
 * Records a gateway's cameras (RECORD_* settings; null when RECORD=off): follows each configuration it accepts,
 * with the same device token. Throws on bad settings (RECORD_RETENTION_DAYS below 7 among them).
 */
export function startRecording(env: Record<string, string | undefined>, settings: GatewaySettings, deviceToken: () => string, gateway: Gateway, log: Logger): Recording | null {
  const rs = loadRecordSettings(env);
  if (!rs) return null;
  const recording = new Recording(apiRecordPlane({ apiUrl: settings.apiUrl, deviceToken }), {
    ...rs,
    ffmpeg: settings.ffmpeg,
    fps: settings.fps,
    maxBitrate: settings.maxBitrate,
    decode: { fps: settings.fps, maxWidth: 1280, maxHeight: 720, fontFile: settings.fontFile, testWidth: settings.testWidth, testHeight: settings.testHeight },
    log,
  });
  gateway.on("config", (config) => void recording.setCameras(config.cameras));
  recording.start();
  log.info(`recording into ${rs.dir}: ${rs.segmentSeconds} s segments, kept ${rs.retentionDays} days within ${rs.maxBytes} bytes`);
  return recording;
}
