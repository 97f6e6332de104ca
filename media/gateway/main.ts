/**
 * The school's edge camera gateway: `npx tsx media/gateway/main.ts`.
 * Settings come from the environment (see config.ts); logs are prefixed `[gateway]`.
 */
import "./quiet-rtc.ts";
import { detectorOrOff } from "./load-detector.ts";
import { stopOnSignals } from "./shutdown.ts";
import { AlertQueue } from "./alert-queue.ts";
import { DEFAULT_MOTION_GATE } from "../detect/motion.ts";
import { apiControlPlane } from "./api-client.ts";
import { ConfigError, loadGatewaySettings } from "./config.ts";
import { Gateway } from "./gateway.ts";
import { GbPlatform } from "./gb28181/platform.ts";
import { gbLiveInputs, wireGb28181 } from "./gb28181/wiring.ts";
import { consoleLogger as log, errorText } from "./log.ts";
import { writeStatsPeriodically } from "./stats-file.ts";
import type { Recording } from "../record/recording.ts";
import { startRecording } from "../record/start.ts";
import type { SensorBridge } from "./sensor-bridge.ts";
import { startSensors } from "./start-sensors.ts";
import { startPtz } from "./ptz.ts";
import { startZoom } from "./zoom.ts";
import { startOnvifRequests } from "./onvif-requests.ts";
import { parseTarget } from "./onvif/discovery.ts";

let settings;
try {
  settings = loadGatewaySettings(process.env);
} catch (err) {
  log.error(err instanceof ConfigError ? err.message : errorText(err));
  process.exit(2);
}
for (const w of settings.warnings) log.warn(w);

const loaded = await detectorOrOff(settings.detect, log);
let queue: AlertQueue;
try {
  queue = new AlertQueue(settings.alertDir);
} catch (err) {
  log.error(`the alert queue folder GATEWAY_ALERT_DIR=${settings.alertDir} cannot be used: ${errorText(err)}`);
  process.exit(2);
}
if (queue.size > 0) log.info(`${queue.size} alert(s) from before are waiting in ${settings.alertDir}: delivering them first`);

// GB/T 28181 (issue 17): the platform side the school's devices register with
let gb28181: GbPlatform | undefined;
if (settings.gb28181) {
  gb28181 = new GbPlatform({ ...settings.gb28181, log });
  try {
    await gb28181.start();
  } catch (err) {
    log.error(`GB/T 28181: cannot listen on ${settings.gb28181.bindHost}:${settings.gb28181.sipPort}: ${errorText(err)}`);
    process.exit(2);
  }
}

const control = apiControlPlane({ apiUrl: settings.apiUrl, deviceToken: settings.deviceToken });
const decode = { fps: settings.fps, maxWidth: 1280, maxHeight: 720, fontFile: settings.fontFile, testWidth: settings.testWidth, testHeight: settings.testHeight };
const gateway = new Gateway(control, {
  ffmpeg: settings.ffmpeg,
  decode,
  maxBitrate: settings.maxBitrate,
  offlineAfterMs: settings.offlineAfterMs,
  stallMs: settings.stallMs,
  sampleWhenUnwatched: settings.sampling !== null,
  liveLingerMs: settings.sampling?.liveLingerMs,
  log,
  detection: { queue, detector: loaded?.detector ?? null, modelLabelMap: loaded?.labelMap, motionGate: settings.detect?.motionGate === false ? null : DEFAULT_MOTION_GATE },
  liveInputs: gb28181 ? gbLiveInputs(gb28181) : undefined,
});
if (gb28181) wireGb28181(gateway, gb28181, control, log);

// recordings (issue 19): every configured camera, on the gateway's disk; anchors and challenges with the API
let recording: Recording | null = null;
try {
  recording = startRecording(process.env, settings, settings.deviceToken, gateway, log);
} catch (err) {
  log.error(`recording settings: ${errorText(err)}`);
  process.exit(2);
}

// PTZ in the room (issue 17): the commands the API puts on the bus, carried out on the cameras' ONVIF devices
startPtz(gateway, settings.apiUrl, settings.deviceToken, log);
// 数字变焦 (issue 17): crops of a camera's source at full resolution, asked for on the bus
startZoom(gateway, { apiUrl: settings.apiUrl, deviceToken: settings.deviceToken, ffmpeg: settings.ffmpeg, decode, log });

// 发现摄像头 (issue 17): WS-Discovery probes and profile reads the canteen page asks for
let onvifTarget;
try {
  onvifTarget = parseTarget(process.env.ONVIF_DISCOVERY);
} catch (err) {
  log.error(errorText(err));
  process.exit(2);
}
startOnvifRequests(gateway, settings.apiUrl, settings.deviceToken, log, onvifTarget);

// one camera's failure never ends the process; anything unexpected is logged, not fatal
process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${errorText(reason)}`));

// IoT sensors (issue 17): the school's MQTT broker → batches on disk → the API, beside the cameras
let sensors: SensorBridge | null = null;
try {
  sensors = await startSensors(settings, log);
} catch (err) {
  log.error(`sensor settings: ${errorText(err)}`);
  process.exit(2);
}

stopOnSignals(log, () => "stopping cameras and leaving the room", () => Promise.all([gateway.stop(), recording?.stop(), sensors?.stop()]).then(() => gb28181?.stop()), () => loaded);

log.info(`starting: API ${settings.apiUrl}, ${settings.fps} fps, ≤ ${settings.maxBitrate / 1000} kbit/s per camera, font ${settings.fontFile ?? "none"}`);
await gateway.start();
// measurements only (npm run bench:live)
if (process.env.GATEWAY_STATS_FILE) writeStatsPeriodically(gateway, process.env.GATEWAY_STATS_FILE, 1000, log);
