import { join } from "node:path";
import mqtt from "mqtt";
import { freePort } from "../livekit/dev-server.ts";
import { sensorApi } from "./api-client.ts";
import type { Logger } from "./log.ts";
import { errorText } from "./log.ts";
import { type Broker, startMosquitto } from "./mosquitto.ts";
import { SensorBridge } from "./sensor-bridge.ts";
import { SensorQueue } from "./sensor-queue.ts";
import { simulatedReading } from "./sensor-sim.ts";

/**
 * The demo city's sensors (issue 17): one mosquitto stands for every school's broker (MQTT_URL, else one started on a
 * free port), each demo gateway runs its SensorBridge with its own device token and queue, and one simulator publishes
 * every sensor's plausible reading each SENSOR_SIM_PERIOD_S (60). Every fifth sensor misbehaves once a day at its own
 * minute, and the demo canteen's 留样 cabinet warms above 8 °C three minutes after the start, so the demo shows an
 * alert within the first twenty minutes. Without mosquitto the city runs without sensors, and says so.
 */
export async function startCitySensors(gateways: ReadonlyArray<{ gatewayId: string; deviceToken: string; canteenId: string }>, demoGatewayId: string, o: { apiUrl: string; queueRoot: string; mqttUrl?: string; periodS: number; log: Logger }): Promise<() => Promise<void>> {
  let broker: Broker | null = null;
  try {
    if (!o.mqttUrl) broker = await startMosquitto(await freePort());
  } catch (err) {
    o.log.warn(`demo sensors off: ${errorText(err)}`);
    return async () => {};
  }
  const url = o.mqttUrl ?? broker!.url;
  const quiet: Logger = { info: () => {}, warn: o.log.warn, error: o.log.error };
  const bridges = gateways.map((g) => {
    const api = sensorApi({ apiUrl: o.apiUrl, deviceToken: () => g.deviceToken });
    return { g, api, bridge: new SensorBridge({ mqttUrl: url, queue: new SensorQueue(join(o.queueRoot, g.gatewayId)), api, log: g.gatewayId === demoGatewayId ? o.log : quiet, refreshMs: 300_000 }) };
  });
  await Promise.all(bridges.map((b) => b.bridge.start()));
  const sensors = (await Promise.all(bridges.map(async (b) => (await b.api.fetchSensors().catch(() => ({ sensors: [] }))).sensors.map((s) => ({ ...s, demo: b.g.gatewayId === demoGatewayId }))))).flat();
  const startMinute = Math.floor(((Date.now() + 8 * 3_600_000) % 86_400_000) / 60_000);
  const sims = sensors.map((s, i) => ({
    topic: s.topic,
    sim: { kind: s.kind, seed: i + 1, excursionMinute: s.demo && s.kind === "sample_cabinet" ? (startMinute + 3) % 1440 : i % 5 === 0 ? (i * 97) % 1440 : null },
  }));
  const publisher = await mqtt.connectAsync(url, { reconnectPeriod: 1000 });
  const tick = () => {
    const at = Date.now();
    for (const s of sims) publisher.publish(s.topic, JSON.stringify({ at: new Date(at).toISOString(), ...simulatedReading(s.sim, at) }), { qos: 0 });
  };
  tick();
  const timer = setInterval(tick, o.periodS * 1000);
  o.log.info(`demo sensors: ${sims.length} simulated sensor(s) publishing every ${o.periodS} s to ${url}`);
  return async () => {
    clearInterval(timer);
    await publisher.endAsync(true);
    await Promise.all(bridges.map((b) => b.bridge.stop()));
    await broker?.stop();
  };
}
