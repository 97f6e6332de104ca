/**
 * The demo city's edge gateways in one process: `GATEWAY_TOKEN_FILE=data/demo-gateway.json npx tsx media/gateway/city.ts`
 * (started by `npm start`, edge/launch.ts). One Gateway per demo canteen, each with its own device token,
 * API requests, heartbeats and LiveKit participant in its canteen's room, as if every school had its box.
 *
 * Synthetic (`test:`) cameras are decoded only while someone watches their room (GatewayOptions.onDemand);
 * idle, they are reported online, but for the simulated blips of city-sim.ts. Other sources (the AI camera's
 * photo, the unreachable rtsp:// cameras the history seed plants) run as on a real gateway. AI detection runs
 * on the demo canteen's gateway only, and so do recordings (media/record/README.md). Settings as main.ts (config.ts); logs `[gateway] … <canteen>: …`,
 * info lines of the other canteens only with CITY_VERBOSE=1.
 */
import "./quiet-rtc.ts";
import { readFileSync } from "node:fs";
import { detectorOrOff } from "./load-detector.ts";
import { stopOnSignals } from "./shutdown.ts";
import { AlertQueue } from "./alert-queue.ts";
import { apiControlPlane } from "./api-client.ts";
import { CityFile, cityLogger, standbyOf } from "./city-sim.ts";
import { ConfigError, loadGatewaySettings } from "./config.ts";
import { Gateway, type GatewayOptions } from "./gateway.ts";
import { consoleLogger, errorText } from "./log.ts";
import type { Recording } from "../record/recording.ts";
import { startRecording } from "../record/start.ts";
import { startCitySensors } from "./city-sensors.ts";
import { dirname, join } from "node:path";
import { startPtz } from "./ptz.ts";
import { startZoom } from "./zoom.ts";

const log = consoleLogger;
let settings;
let file;
try {
  settings = loadGatewaySettings(process.env);
  const path = process.env.GATEWAY_TOKEN_FILE;
  if (!path) throw new ConfigError("city.ts needs GATEWAY_TOKEN_FILE (the demo gateway file with its `gateways` list)");
  const parsed = CityFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new ConfigError(`${path} has no list of gateways (seeded by an older version? delete ./data to seed again)`);
  file = parsed.data;
} catch (err) {
  log.error(err instanceof ConfigError ? err.message : errorText(err));
  process.exit(2);
}
for (const w of settings.warnings) log.warn(w);

const loaded = await detectorOrOff(settings.detect, log, " on the demo canteen's gateway");
const queue = new AlertQueue(settings.alertDir);

process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${errorText(reason)}`));

const verbose = process.env.CITY_VERBOSE === "1";
const gateways: Gateway[] = [];
let recording: Recording | null = null;
let stopSensors: (() => Promise<void>) | null = null;
const signals = stopOnSignals(log, () => `stopping ${gateways.length} gateway(s)`, () => Promise.all([...gateways.map((g) => g.stop()), recording?.stop(), stopSensors?.()]), () => loaded);

log.info(`starting the demo city: ${file.gateways.length} gateways, API ${settings.apiUrl}; test cameras are decoded only while watched`);
const started: Promise<void>[] = [];
for (const gw of file.gateways) {
  if (signals.stopping) break; // a signal while the city starts: start no more
  const isDemo = gw.gatewayId === file.gatewayId;
  const token = gw.deviceToken;
  const options: GatewayOptions = {
    ffmpeg: settings.ffmpeg,
    decode: { fps: settings.fps, maxWidth: 1280, maxHeight: 720, fontFile: settings.fontFile, testWidth: settings.testWidth, testHeight: settings.testHeight },
    maxBitrate: settings.maxBitrate,
    offlineAfterMs: settings.offlineAfterMs,
    stallMs: settings.stallMs,
    log: cityLogger(log, gw.name, verbose || isDemo),
    detection: isDemo ? { queue, detector: loaded?.detector ?? null, modelLabelMap: loaded?.labelMap } : undefined,
    onDemand: { standby: (camera, now) => standbyOf(camera.id, now) },
  };
  const gateway = new Gateway(apiControlPlane({ apiUrl: settings.apiUrl, deviceToken: () => token }), options);
  // recordings (issue 19) on the demo canteen's gateway only: a laptop records its cameras, not the city's hundreds
  if (isDemo) {
    try {
      recording = startRecording(process.env, settings, () => token, gateway, options.log);
    } catch (err) {
      log.error(`recording settings: ${errorText(err)}`);
    }
  }
  startPtz(gateway, settings.apiUrl, () => token, options.log);
  startZoom(gateway, { apiUrl: settings.apiUrl, deviceToken: () => token, ffmpeg: settings.ffmpeg, decode: options.decode, log: options.log });
  gateways.push(gateway);
  started.push(gateway.start());
  // spread the first config fetches and LiveKit joins
  await new Promise((r) => setTimeout(r, 100));
}
await Promise.all(started);
log.info(`demo city: ${gateways.length} gateways started`);
// IoT sensors (issue 17): simulated, through a local mosquitto and each gateway's sensor bridge
if (!signals.stopping && process.env.CITY_SENSORS !== "off") {
  stopSensors = await startCitySensors(file.gateways, file.gatewayId, {
    apiUrl: settings.apiUrl,
    queueRoot: settings.sensors?.dir ?? join(dirname(settings.alertDir), "gateway-sensors"),
    mqttUrl: settings.sensors?.mqttUrl,
    periodS: Math.max(1, Number(process.env.SENSOR_SIM_PERIOD_S ?? 60) || 60),
    log,
  });
}
