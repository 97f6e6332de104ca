/**
 * IoT sensors below the browser (issue 17): a real mosquitto broker, the real gateway sensor bridge as its own process
 * (media/gateway/sensors-main.ts), the real API over HTTP on a real libSQL file. A simulated 留样 cabinet above 8 °C
 * for 15 minutes raises an alert that closes when it is cold again; garbage and out-of-range payloads are dropped and
 * counted while the bridge keeps going; with the API down readings wait on disk and all arrive, once; the broker
 * restarted, the bridge reconnects and subscribes again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { and, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, areas, sensorHours, sensorReadings } from "../../db/schema/index.ts";
import { type Broker, startMosquitto } from "../../media/gateway/mosquitto.ts";
import { startCitySensors } from "../../media/gateway/city-sensors.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { sensors as sensorTable } from "../../db/schema/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { freePort } from "../support/process.ts";

let t: TestApp;
let server: Server | null = null;
let apiPort: number;
let broker: Broker;
let bridge: ChildProcess;
let publisher: MqttClient;
let queueDir: string;
let output = "";
let admin: string;
const sensorIds: Record<string, string> = {};

function startApi() {
  return new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: apiPort, hostname: "127.0.0.1" }, () => resolve()) as Server;
  });
}
function stopApi() {
  return new Promise<void>((resolve) => {
    server!.closeAllConnections?.();
    server!.close(() => resolve());
  });
}

/** Re-checks `probe` until it returns a value (the database and the bridge's log have no push channel here). */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- bridge output (tail) ---\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const logged = (re: RegExp, times = 1) => eventually(() => ((output.match(new RegExp(re, "g")) ?? []).length >= times ? true : undefined), `log ${re} ×${times}`);

const publish = (topic: string, payload: unknown) =>
  publisher.publishAsync(topic, typeof payload === "string" ? payload : JSON.stringify(payload), { qos: 1 });

async function readingsOf(sensorId: string) {
  return t.db.select().from(sensorReadings).where(eq(sensorReadings.sensorId, sensorId));
}

beforeAll(async () => {
  t = await startTestApp();
  apiPort = await freePort();
  await startApi();
  admin = await t.login("ezhou.admin");
  const canteenId = t.demo.demoCanteenId;
  const [area] = await t.db.select().from(areas).where(eq(areas.canteenId, canteenId));
  for (const [key, kind] of [["cabinet", "sample_cabinet"], ["fridge", "fridge"], ["uv", "uv_lamp"]] as const) {
    const res = await t.call("POST", "/api/v1/sensors", { token: admin, body: { areaId: area!.id, gatewayId: t.demo.demoGateway.id, kind, name: `测试${key}`, topic: `school/kitchen/${key}` } });
    expect(res.status, res.text).toBe(201);
    sensorIds[key] = res.json.id;
  }
  broker = await startMosquitto(await freePort());
  queueDir = mkdtempSync(join(tmpdir(), "mcll-sensor-queue-"));
  bridge = spawn(process.execPath, ["--import", "tsx", "media/gateway/sensors-main.ts"], {
    env: { ...process.env, API_URL: `http://127.0.0.1:${apiPort}`, GATEWAY_TOKEN: t.demo.demoGateway.deviceToken, GATEWAY_TOKEN_FILE: "", MQTT_URL: broker.url, GATEWAY_SENSOR_DIR: queueDir, SENSOR_FLUSH_MS: "200" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  bridge.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  bridge.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  await logged(/subscribed to \d+ topic\(s\)/);
  await logged(/connected to the MQTT broker/);
  publisher = await mqtt.connectAsync(broker.url, { reconnectPeriod: 200 });
}, 120_000);

afterAll(async () => {
  await publisher?.endAsync(true);
  if (bridge && bridge.exitCode === null) {
    const exited = new Promise((r) => bridge.once("exit", r));
    bridge.kill("SIGTERM");
    await exited;
  }
  await broker?.stop();
  if (server) await stopApi().catch(() => {});
  t?.close();
  if (queueDir) rmSync(queueDir, { recursive: true, force: true });
});

describe("sensors through MQTT", () => {
  it("a 留样 cabinet above 8 °C for 15 minutes raises an alert, closed when it is cold again", async () => {
    const start = Date.now() - 40 * 60_000;
    // 4 °C, then 17 minutes at 9–10 °C
    for (let m = 0; m < 20; m++) await publish("school/kitchen/cabinet", { at: new Date(start + m * 60_000).toISOString(), temperatureC: m < 3 ? 4 : 9 + (m % 2) * 0.8, humidityPct: 60 });
    const alertId = await eventually(async () => {
      const [a] = await t.db.select().from(alerts).where(and(eq(alerts.sensorId, sensorIds.cabinet!), eq(alerts.type, "sensor_temperature")));
      return a?.id;
    }, "the sensor_temperature alert");
    const listed = await t.call("GET", `/api/v1/sensors?canteenId=${t.demo.demoCanteenId}`, { token: admin });
    const cabinet = listed.json.items.find((s: { id: string }) => s.id === sensorIds.cabinet);
    expect(cabinet.alertId).toBe(alertId);
    expect(cabinet.latest.temperatureC).toBeGreaterThan(8);
    const inbox = await t.call("GET", `/api/v1/alerts/${alertId}`, { token: admin });
    expect(inbox.status).toBe(200);
    expect(inbox.json.type).toBe("sensor_temperature");

    await publish("school/kitchen/cabinet", { at: new Date(start + 21 * 60_000).toISOString(), temperatureC: 4.2 });
    await eventually(async () => ((await t.db.select().from(alerts).where(eq(alerts.id, alertId)))[0]?.closedAt ? true : undefined), "the alert closed");
    const [closed] = await t.db.select().from(alerts).where(eq(alerts.id, alertId));
    expect(closed!.status).toBe("verified");
    // rolled up: 21 readings in one or two hours, min 4, max 9.8
    const hours = await t.db.select().from(sensorHours).where(eq(sensorHours.sensorId, sensorIds.cabinet!));
    expect(hours.reduce((n, h) => n + h.readings, 0)).toBe(21);
    expect(Math.max(...hours.map((h) => h.tMax!))).toBeCloseTo(9.8);
  });

  it("drops garbage and out-of-range payloads, counted, and keeps serving", async () => {
    const before = (await readingsOf(sensorIds.fridge!)).length;
    await publish("school/kitchen/fridge", "not json at all");
    await publish("school/kitchen/fridge", { temperatureC: 900 });
    await publish("school/kitchen/fridge", { humidityPct: -3 });
    await publish("school/kitchen/fridge", { hello: "world" });
    await publish("school/kitchen/fridge", [1, 2, 3]);
    await publish("school/kitchen/nobody", { temperatureC: 4 });
    await publish("school/kitchen/fridge", { temperatureC: 3.5 });
    await eventually(async () => ((await readingsOf(sensorIds.fridge!)).length === before + 1 ? true : undefined), "the one good reading");
    await logged(/dropped a message \(not_json\)/);
    await logged(/dropped a message \(out_of_range\)/);
    await logged(/dropped a message \(not_a_reading\)/);
    expect(bridge.exitCode).toBeNull();
    expect((await readingsOf(sensorIds.fridge!)).at(-1)!.temperatureC).toBe(3.5);
  });

  it("API down: readings wait on disk, then all arrive exactly once", async () => {
    await stopApi();
    const base = Date.now() - 10 * 60_000;
    for (let i = 0; i < 30; i++) await publish("school/kitchen/fridge", { at: new Date(base + i * 1000).toISOString(), temperatureC: 4 + i / 100 });
    await logged(/cannot deliver readings: .*unreachable/);
    await eventually(() => (readdirSync(queueDir).filter((f) => f.endsWith(".json")).length > 0 ? true : undefined), "batches on disk");
    const between = (await readingsOf(sensorIds.fridge!)).filter((r) => r.at >= base && r.at < base + 30_000);
    expect(between).toHaveLength(0);
    await startApi();
    await eventually(async () => ((await readingsOf(sensorIds.fridge!)).filter((r) => r.at >= base && r.at < base + 30_000).length === 30 ? true : undefined), "30 readings delivered", 40_000);
    await eventually(() => (readdirSync(queueDir).filter((f) => f.endsWith(".json")).length === 0 ? true : undefined), "the queue emptied");
    const rows = (await readingsOf(sensorIds.fridge!)).filter((r) => r.at >= base && r.at < base + 30_000);
    expect(rows.map((r) => r.temperatureC)).toEqual(Array.from({ length: 30 }, (_, i) => 4 + i / 100));
  });

  it("the broker restarted: the bridge reconnects and subscribes again", async () => {
    const port = broker.port;
    const connects = (output.match(/connected to the MQTT broker/g) ?? []).length;
    await broker.stop();
    await logged(/MQTT broker .* is unreachable/);
    broker = await startMosquitto(port);
    await logged(/connected to the MQTT broker/, connects + 1);
    await eventually(() => (publisher.connected ? true : undefined), "the publisher back");
    const at = new Date(Date.now() - 1000).toISOString();
    await publish("school/kitchen/uv", { at, on: true });
    await eventually(async () => ((await readingsOf(sensorIds.uv!)).some((r) => r.at === Date.parse(at)) ? true : undefined), "the reading after the restart");
  });
});

describe("the batch endpoint", () => {
  it("a retried batch adds nothing; unknown sensors and readings from the future are counted, not stored", async () => {
    const token = t.demo.demoGateway.deviceToken;
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    const body = { batchId: "retry-test-0001", readings: [{ sensorId: sensorIds.fridge, at, temperatureC: 5 }, { sensorId: "sen_nosuchsensor", at, temperatureC: 5 }, { sensorId: sensorIds.fridge, at: new Date(Date.now() + 3_600_000).toISOString(), temperatureC: 5 }] };
    const first = await t.call("POST", "/api/v1/gateway/sensors/readings", { token, body });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ accepted: 1, duplicates: 0, unknownSensor: 1, outOfWindow: 1 });
    const again = await t.call("POST", "/api/v1/gateway/sensors/readings", { token, body });
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await readingsOf(sensorIds.fridge!)).filter((r) => r.at === Date.parse(at))).toHaveLength(1);
  });

  it.each([
    ["a reading out of physical range", { batchId: "bad-batch-001", readings: [{ sensorId: "sen_abcdefgh", at: new Date().toISOString(), temperatureC: 999 }] }],
    ["an empty batch", { batchId: "bad-batch-002", readings: [] }],
    ["not a batch", { hello: 1 }],
  ])("refuses %s with 400 and writes nothing", async (_what, body) => {
    const before = await t.db.select().from(sensorReadings);
    const res = await t.call("POST", "/api/v1/gateway/sensors/readings", { token: t.demo.demoGateway.deviceToken, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(await t.db.select().from(sensorReadings)).toHaveLength(before.length);
  });
});

describe("a disinfection cabinet's cycles", () => {
  it("a short cycle raises disinfection_short; a long one closes it and fills the 消毒台账 entry, linked to the cycle", async () => {
    const token = t.demo.demoGateway.deviceToken;
    const [cabinet] = await t.db.select().from(sensorTable).where(and(eq(sensorTable.gatewayId, t.demo.demoGateway.id), eq(sensorTable.kind, "disinfection_cabinet")));
    // today 09:00 and 13:30 China time, or the last hours if that is still ahead
    const base = Math.min(Date.now() - 4 * 3_600_000, Date.parse(`${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T01:00:00Z`));
    const run = (startMin: number, minutes: number) =>
      [0, 1, minutes + 1].map((m, i) => ({ sensorId: cabinet!.id, at: new Date(base + (startMin + m) * 60_000).toISOString(), on: i === 1, temperatureC: i === 1 ? 125 : 30 }));
    const short = await t.call("POST", "/api/v1/gateway/sensors/readings", { token, body: { batchId: "cycle-short-01", readings: run(0, 8) } });
    expect(short.json).toMatchObject({ accepted: 3, alertsRaised: 1 });
    const [alert] = await t.db.select().from(alerts).where(and(eq(alerts.sensorId, cabinet!.id), eq(alerts.type, "disinfection_short")));
    expect(alert!.closedAt).toBeNull();
    const long = await t.call("POST", "/api/v1/gateway/sensors/readings", { token, body: { batchId: "cycle-long-001", readings: run(60, 20) } });
    expect(long.json).toMatchObject({ accepted: 3, alertsClosed: 1 });

    const day = new Date(base + 8 * 3_600_000).toISOString().slice(0, 10);
    const cycles = await t.call("GET", `/api/v1/sensors/cycles?canteenId=${t.demo.demoCanteenId}&day=${day}`, { token: admin });
    const good = cycles.json.items.find((c: { sensorId: string; short: boolean }) => c.sensorId === cabinet!.id && !c.short);
    expect(good).toMatchObject({ minutes: 20, peakC: 125, ledgerEntryId: null, ledgerDraft: { item: cabinet!.name, method: "heat", temperatureC: 125 } });
    const officer = await t.login("school.director");
    const entry = await t.call("POST", "/api/v1/ledgers/entries", { token: officer, body: { kind: "disinfection", canteenId: t.demo.demoCanteenId, idempotencyKey: "from-cycle-0001", eventAt: good.endAt, data: good.ledgerDraft } });
    expect(entry.status, entry.text).toBe(201);
    const after = await t.call("GET", `/api/v1/sensors/cycles?canteenId=${t.demo.demoCanteenId}&day=${day}`, { token: admin });
    expect(after.json.items.find((c: { id: string }) => c.id === good.id).ledgerEntryId).toBe(entry.json.id);
  });
});

describe("the demo city's sensors", () => {
  it("the seeded sensors of the demo gateways publish simulated readings through mosquitto and their bridges to the API", async () => {
    const city = t.demo.gateways.slice(0, 3);
    const root = mkdtempSync(join(tmpdir(), "mcll-city-sensors-"));
    const stop = await startCitySensors(city, t.demo.demoGateway.id, { apiUrl: `http://127.0.0.1:${apiPort}`, queueRoot: root, periodS: 1, log: silentLogger });
    try {
      const seeded = await t.db.select().from(sensorTable).where(eq(sensorTable.canteenId, city[1]!.canteenId));
      expect(seeded.map((s) => s.kind).sort()).toEqual(["disinfection_cabinet", "fridge", "sample_cabinet", "uv_lamp"]);
      for (const s of seeded) await eventually(async () => ((await readingsOf(s.id)).length >= 2 ? true : undefined), `readings of ${s.name}`);
      const fridge = (await readingsOf(seeded.find((s) => s.kind === "fridge")!.id)).at(-1)!;
      expect(fridge.temperatureC).toBeGreaterThan(2);
      expect(fridge.temperatureC).toBeLessThan(6);
    } finally {
      await stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("the people's endpoints refuse bad input with 400, never 500", () => {
  it.each([
    ["a day that does not exist", () => `/api/v1/sensors/cycles?canteenId=${t.demo.demoCanteenId}&day=2026-99-99`],
    ["February 30th", () => `/api/v1/sensors/cycles?canteenId=${t.demo.demoCanteenId}&day=2026-02-30`],
    ["a range the wrong way round", () => `/api/v1/sensors/${sensorIds.fridge}/readings?from=2026-11-02T10:00:00%2B08:00&to=2026-11-01T10:00:00%2B08:00`],
    ["a range over 400 days", () => `/api/v1/sensors/${sensorIds.fridge}/readings?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`],
  ])("%s", async (_what, path) => {
    const res = await t.call("GET", path(), { token: admin });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
  });
  it("a wildcard topic and thresholds out of range are refused at registration", async () => {
    const [area] = await t.db.select().from(areas).where(eq(areas.canteenId, t.demo.demoCanteenId));
    for (const body of [{ topic: "school/#" }, { topic: "ok/topic", thresholds: { maxC: 900 } }]) {
      const res = await t.call("POST", "/api/v1/sensors", { token: admin, body: { areaId: area!.id, kind: "fridge", name: "冰箱", ...body } });
      expect(res.status, res.text).toBe(400);
    }
  });
});
