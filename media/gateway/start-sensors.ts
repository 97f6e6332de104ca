import { sensorApi } from "./api-client.ts";
import type { GatewaySettings } from "./config.ts";
import type { Logger } from "./log.ts";
import { SensorBridge } from "./sensor-bridge.ts";
import { SensorQueue } from "./sensor-queue.ts";

/** The sensor bridge of a gateway whose settings name an MQTT broker (MQTT_URL); null without one. */
export async function startSensors(settings: GatewaySettings, log: Logger): Promise<SensorBridge | null> {
  if (!settings.sensors) return null;
  const queue = new SensorQueue(settings.sensors.dir);
  if (queue.size) log.info(`sensors: ${queue.size} batch(es) from before are waiting in ${settings.sensors.dir}: delivering them first`);
  const bridge = new SensorBridge({ mqttUrl: settings.sensors.mqttUrl, queue, api: sensorApi({ apiUrl: settings.apiUrl, deviceToken: settings.deviceToken }), log, flushMs: settings.sensors.flushMs });
  await bridge.start();
  return bridge;
}
