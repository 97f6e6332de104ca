/**
 * npm run bench:scope — scoped queries at province scale (≥ 20,000 canteens, ≥ 120,000 cameras).
 * Seeds ./data/province.db first if it is missing. Prints p50/p95 per request, in-process (no network).
 */
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { httpClient } from "../support/http.ts";

const FILE = "./data/province.db";
if (!existsSync(FILE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const app = createApp({ db: database.db, config });

const { call, login } = httpClient((path, init) => app.request(path, init));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, token: string, path: () => string, runs = 50) {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs + 5; i++) {
    const t0 = performance.now();
    const res = await call("GET", path(), { token });
    last = res.json;
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(last)}`);
    if (i >= 5) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms`);
  return last as Record<string, any>;
}

const counts = await database.client.execute("select (select count(*) from canteens) c, (select count(*) from cameras) k");
console.log(`dataset: ${counts.rows[0]!.c} canteens, ${counts.rows[0]!.k} cameras\n`);
const admin = await login(PROVINCE_USERS.provinceAdmin);
const inspector = await login(PROVINCE_USERS.districtInspector);

const first = await measure("province admin: schools, first page of 50", admin, () => "/api/v1/schools?limit=50");
console.log(`  (total in scope: ${first.total})`);
await measure("province admin: schools, second page (cursor)", admin, () => `/api/v1/schools?limit=50&cursor=${first.nextCursor}`);
await measure("province admin: schools, name search", admin, () => `/api/v1/schools?q=${encodeURIComponent("第7区第3")}`);
const district = await measure("district inspector: schools, first page", inspector, () => "/api/v1/schools?limit=50");
console.log(`  (total in scope: ${district.total})`);
const canteenId = (await call("GET", "/api/v1/canteens?limit=1", { token: inspector })).json.items[0].id;
await measure("district inspector: canteen detail with cameras", inspector, () => `/api/v1/canteens/${canteenId}`);
database.close();
