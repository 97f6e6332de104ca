/**
 * npm run bench:sensors — sensor readings ingested per second by one API instance (issue 17). A fresh demo database
 * (./data/sensors-bench.db) gets SENSOR_BENCH_SENSORS sensors (default 200: fridges, 留样 cabinets, cold rooms, UV
 * lamps, disinfection cabinets) on the demo canteens' gateways; their simulated readings (media/gateway/sensor-sim.ts,
 * one per sensor-minute) are posted to POST /api/v1/gateway/sensors/readings in two shapes: a school's minute (small
 * batches, one per gateway) and a backlog delivered after an outage (batches of 500). The whole path runs: validation,
 * the insert, the hourly roll-up, the rules (with the series read back) and alerts. In-process (app.fetch, no network),
 * CONCURRENCY gateways at a time. Prints readings/s and batch latency p50/p95, with the machine's load.
 */
import { loadavg } from "node:os";
import { rmSync } from "node:fs";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { areas, sensors } from "../../db/schema/index.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { BatchReading, SensorKind } from "../../server/sensors/contracts.ts";
import { simulatedReading } from "../../media/gateway/sensor-sim.ts";
import { httpClient } from "../support/http.ts";

const FILE = "./data/sensors-bench.db";
const SENSORS = Number(process.env.SENSOR_BENCH_SENSORS ?? 200);
const CONCURRENCY = Number(process.env.SENSOR_BENCH_CONCURRENCY ?? 4);
for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0", MEDIA_DIR: "./data/sensors-bench-media" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const demo = await seedDemo(database.db, Date.now() - 86_400_000);
const app = createApp({ db: database.db, config });
const { call } = httpClient((path, init) => app.request(path, init));

const KINDS: SensorKind[] = ["fridge", "sample_cabinet", "cold_room", "uv_lamp", "disinfection_cabinet"];
const areaRows = await database.db.select({ id: areas.id, canteenId: areas.canteenId }).from(areas);
const gateways = demo.gateways;
const fleet: Array<{ id: string; kind: SensorKind; token: string; gatewayId: string }> = [];
for (let i = 0; i < SENSORS; i++) {
  const gw = gateways[i % gateways.length]!;
  const area = areaRows.find((a) => a.canteenId === gw.canteenId)!;
  const id = `sen_bench${String(i).padStart(6, "0")}`;
  const kind = KINDS[i % KINDS.length]!;
  await database.db.insert(sensors).values({ id, canteenId: gw.canteenId, areaId: area.id, cameraId: null, gatewayId: gw.gatewayId, kind, name: `传感器${i}`, topic: `bench/${i}`, thresholds: null, createdAt: Date.now() });
  fleet.push({ id, kind, token: gw.deviceToken, gatewayId: gw.gatewayId });
}
const grouped = new Map<string, typeof fleet>();
for (const s of fleet) grouped.set(s.gatewayId, [...(grouped.get(s.gatewayId) ?? []), s]);
const byGateway = [...grouped.values()];

const reading = (s: (typeof fleet)[number], at: number): BatchReading => ({ sensorId: s.id, at: new Date(at).toISOString(), ...simulatedReading({ kind: s.kind, seed: Number(s.id.slice(-6)), excursionMinute: Number(s.id.slice(-6)) % 7 === 0 ? 600 : null }, at) });

let batchNo = 0;
async function run(name: string, batches: Array<{ token: string; readings: BatchReading[] }>) {
  const latencies: number[] = [];
  let readings = 0;
  let alerts = 0;
  const queue = [...batches];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        const s = performance.now();
        const res = await call("POST", "/api/v1/gateway/sensors/readings", { token: b.token, body: { batchId: `bench-${++batchNo}-xx`, readings: b.readings } });
        latencies.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
        readings += res.json.accepted;
        alerts += res.json.alertsRaised;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${name}: ${batches.length} batches, ${readings} readings stored in ${seconds.toFixed(1)} s → ${Math.round(readings / seconds)} readings/s; batch p50 ${p(0.5)} ms, p95 ${p(0.95)} ms; ${alerts} alert(s) raised`);
}

const start = Date.now() - 20 * 3_600_000;
// a school's minute, 3 hours of it: each gateway sends its sensors' one reading per minute as one batch
const small: Array<{ token: string; readings: BatchReading[] }> = [];
for (let m = 0; m < 180; m++) for (const g of byGateway) small.push({ token: g[0]!.token, readings: g.map((s) => reading(s, start + m * 60_000)) });
await run(`school minute (${byGateway.length} gateways, ~${Math.round(SENSORS / byGateway.length)} readings/batch)`, small);
// a backlog after an outage: 10 hours more of each gateway's readings, in batches of 500
const backlog: Array<{ token: string; readings: BatchReading[] }> = [];
for (const g of byGateway) {
  const all: BatchReading[] = [];
  for (let m = 180; m < 780; m++) for (const s of g) all.push(reading(s, start + m * 60_000));
  for (let i = 0; i < all.length; i += 500) backlog.push({ token: g[0]!.token, readings: all.slice(i, i + 500) });
}
await run("backlog (batches of 500)", backlog);
console.log(`sensors ${SENSORS}, concurrency ${CONCURRENCY}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} (${(await import("node:os")).cpus().length} CPUs)`);
database.close();
