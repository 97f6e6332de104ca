/**
 * npm run bench:overview — the regulator's overview at province scale (issue 16): copies the province dataset
 * (./data/province.db: 20,000 canteens, ≈140,000 cameras; seeded first when missing) to ./data/overview-bench.db,
 * adds 90 days of camera status events (outages as a Poisson process like the demo history: most cameras a few
 * a quarter, 5 % flaky, a few dead for good), then measures GET /api/v1/overview at province, city and district
 * level (this month so far, and a 90-day period at district level) and the province's monthly report (.xlsx):
 * computed on request, then from the snapshots the overview job precomputes for provinces and cities.
 * In-process (no network); prints p50/p95 and the load average. OVERVIEW_BENCH_DAYS changes the 90 days.
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { seededRandom } from "../../db/seed/random.ts";
import { createApp } from "../../server/app.ts";
import { keepReports } from "../../server/overview/reports.ts";
import { refreshSnapshots } from "../../server/overview/snapshot.ts";
import { loadConfig } from "../../server/config.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/overview-bench.db";
const DAYS = Number(process.env.OVERVIEW_BENCH_DAYS ?? 90);
const DAY = 86_400_000;
const MIN = 60_000;
if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });
for (const suffix of ["", "-wal"]) if (existsSync(SOURCE + suffix)) copyFileSync(SOURCE + suffix, FILE + suffix);

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const client = database.client;
await client.execute("pragma journal_mode = wal");
await client.execute("pragma synchronous = off");

// ---- 90 days of transitions per camera
const now = Date.now();
const from = now - DAYS * DAY;
const random = seededRandom(16_090);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
const cameraIds = (await client.execute("select id from cameras order by id")).rows.map((r) => r.id as string);
const t0 = performance.now();
let events = 0;
let n = 0;
let buffer: unknown[][] = [];
const tx = await client.transaction("write");
async function flush() {
  for (let i = 0; i < buffer.length; i += 2000) {
    const chunk = buffer.slice(i, i + 2000);
    await tx.execute({ sql: `insert into camera_status_events (id, camera_id, status, at) values ${chunk.map(() => "(?,?,?,?)").join(",")}`, args: chunk.flat() as never });
  }
  buffer = [];
}
for (const cameraId of cameraIds) {
  const push = (status: string, at: number) => {
    buffer.push([`cse_bench${(++n).toString(36).padStart(10, "0")}`, cameraId, status, at]);
    events++;
  };
  let t = from + between(0, 6 * 3_600_000);
  push("online", t);
  const perDay = random() < 0.05 ? 0.15 : 0.015;
  const dead = random() < 0.002;
  const end = dead ? now - between(3 * 3_600_000, 6 * DAY) : now - 10 * MIN;
  for (;;) {
    t += Math.floor((-Math.log(1 - random()) / perDay) * DAY);
    if (t >= end) break;
    const r = random();
    const back = Math.min(t + (r < 0.7 ? between(MIN, 15 * MIN) : r < 0.95 ? between(15 * MIN, 4 * 3_600_000) : between(4 * 3_600_000, 2 * DAY)), end - MIN);
    if (back <= t) break;
    push("offline", t);
    push("online", back);
    t = back;
  }
  if (dead) push("offline", end);
  if (buffer.length >= 50_000) await flush();
}
await flush();
await tx.commit();
await client.execute("analyze");
const canteenCount = (await client.execute("select count(*) n from canteens")).rows[0]!.n;
console.log(`dataset: ${canteenCount} canteens, ${cameraIds.length.toLocaleString()} cameras, ${DAYS} days, ${events.toLocaleString()} status events (written in ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);

const app = createApp({ db: database.db, config });
const { call, login } = httpClient((path, init) => app.request(path, init));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
async function measure(label: string, target: string, run: () => Promise<{ status: number; json: any }>, runs: number) {
  const times: number[] = [];
  let last: any;
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    const res = await run();
    if (res.status >= 300) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.json)}`);
    last = res.json;
    if (i >= 1) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(0).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(0).padStart(6)} ms   (target ${target}, ${runs} runs)`);
  return last;
}

const admin = await login(PROVINCE_USERS.provinceAdmin);
const inspector = await login(PROVINCE_USERS.districtInspector);

// computed on request (no snapshot yet): what a chosen period costs, and what the job pays per round
const cityOf = (code: string) => `${code.slice(0, 4)}00`;
const probe = (await measure("district (inspector's home), this month, computed on request", "—", () => call("GET", "/api/v1/overview", { token: inspector }), 10)).place.code as string;
await measure(`city ${cityOf(probe)}, this month so far, computed on request`, "—", () => call("GET", `/api/v1/overview?regionCode=${cityOf(probe)}`, { token: admin }), 5);
await measure("province, this month so far, computed on request", "—", () => call("GET", "/api/v1/overview", { token: admin }), 2);
const refreshStart = performance.now();
const refreshed = await refreshSnapshots({ db: database.db, config });
console.log(`${"snapshot job: province, cities, districts precomputed".padEnd(52)} ${((performance.now() - refreshStart) / 1000).toFixed(1).padStart(6)} s   (${refreshed} regions; every OVERVIEW_REFRESH_SECONDS, default 300 s; answered while < 15 min old)\n`);

const districtView = await measure("district (inspector's home), this month (snapshot)", "p95 ≤ 100 ms", () => call("GET", "/api/v1/overview", { token: inspector }), 20);
const district = districtView.place.code as string;
const city = `${district.slice(0, 4)}00`;
console.log(`  (${districtView.total.schools} schools, ${districtView.total.online.period.measured} cameras, online ${districtView.total.online.period.percent} %)`);
const cityView = await measure(`city ${city}, this month (snapshot)`, "p95 ≤ 100 ms", () => call("GET", `/api/v1/overview?regionCode=${city}`, { token: admin }), 20);
console.log(`  (${cityView.total.schools} schools, ${cityView.total.online.period.measured} cameras, online ${cityView.total.online.period.percent} %)`);
const provinceView = await measure("province, this month (snapshot)", "p95 ≤ 100 ms", () => call("GET", "/api/v1/overview", { token: admin }), 20);
console.log(`  (${provinceView.total.schools} schools, ${provinceView.total.online.period.measured} cameras, online ${provinceView.total.online.period.percent} %)`);
const to = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
const quarterFrom = new Date(now + 8 * 3_600_000 - 89 * DAY).toISOString().slice(0, 10);
await measure("district, the last 90 days (computed on request)", "—", () => call("GET", `/api/v1/overview?regionCode=${district}&from=${quarterFrom}&to=${to}`, { token: inspector }), 10);

const month = to.slice(0, 7);
const previous = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
const closedStart = performance.now();
const closed = await app.request(`/api/v1/overview/report?month=${previous}&format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
await closed.arrayBuffer();
console.log(`${`province monthly report (.xlsx), ${previous} (computed)`.padEnd(52)} ${((performance.now() - closedStart) / 1000).toFixed(1).padStart(6)} s   (target ≤ 10 s)`);
const keepStart = performance.now();
const keptCount = await keepReports({ db: database.db, config });
console.log(`${"report job: editions kept (every region)".padEnd(52)} ${((performance.now() - keepStart) / 1000).toFixed(1).padStart(6)} s   (${keptCount} region-editions)`);
const keptStart = performance.now();
const fromKept = await app.request(`/api/v1/overview/report?month=${previous}&format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
await fromKept.arrayBuffer();
console.log(`${`province monthly report (.xlsx), ${previous} (kept final)`.padEnd(52)} ${((performance.now() - keptStart) / 1000).toFixed(1).padStart(6)} s   (target ≤ 10 s)`);
const started = performance.now();
const report = await app.request(`/api/v1/overview/report?month=${month}&format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
const bytes = (await report.arrayBuffer()).byteLength;
if (report.status !== 200) throw new Error(`report: ${report.status}`);
console.log(`${"province monthly report (.xlsx), this month (snapshot)".padEnd(52)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s   (target ≤ 10 s; ${(bytes / 1024).toFixed(0)} KiB, online ${report.headers.get("x-online-percent")} % = overview's ${provinceView.total.online.period.percent} %)`);
console.log(`\nload average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
database.close();
