/**
 * npm run bench:trace — traceability at province scale (issue 15): a dish's backward trace, a batch's forward trace
 * (recall), the chain verify of one canteen's term, and a district's monthly anomaly counts. Copies the province
 * dataset (./data/province.db, seeded first when missing) to ./data/trace-bench.db and adds a term (100 school days)
 * per canteen: 50 suppliers each serving its share of canteens, a weekly delivery of 5 batches (the same supplier's
 * batch numbers go to all its canteens, as a real batch does), a lunch dish a day using two products, the received
 * and used moves chained per canteen with the live hash rule (300 moves per canteen: 6,000,000 for 20,000 canteens;
 * TRACE_BENCH_CANTEENS limits how many canteens get them), and two warnings per canteen-month.
 * Prints p50/p95 through the app, in-process (no network).
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { addDays, chinaDay, dayStart } from "../../server/ledgers/rules.ts";
import { chainMoves, expiresOn, type MoveFields } from "../../server/trace/rules.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/trace-bench.db";
const DAYS = 100;
const SUPPLIERS = 50;
const PRODUCTS = ["大米", "青菜", "猪肉", "鸡蛋", "土豆"];
/** TRACE_BENCH_REUSE=1: measure again on the dataset a previous run left (seeding 6 M moves takes a while) */
const reuse = process.env.TRACE_BENCH_REUSE === "1" && existsSync(FILE);
if (!reuse) {
  if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });
  for (const suffix of ["", "-wal"]) if (existsSync(SOURCE + suffix)) copyFileSync(SOURCE + suffix, FILE + suffix);
}

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const client = database.client;
await client.execute("pragma journal_mode = wal");
await client.execute("pragma synchronous = off");

const limit = Number(process.env.TRACE_BENCH_CANTEENS ?? 1e9);
const inspector = (await client.execute({ sql: "select o.region_code code from users u join memberships m on m.user_id = u.id join orgs o on o.id = m.org_id where u.username = ?", args: [PROVINCE_USERS.districtInspector] })).rows[0]!.code as string;
const canteenRows = (await client.execute({ sql: "select c.id from canteens c join orgs o on o.id = c.org_id order by (o.region_code = ?) desc, c.id limit ?", args: [inspector, limit] })).rows;
const userId = (await client.execute("select id from users limit 1")).rows[0]!.id as string;
const today = chinaDay(Date.now());
const firstDay = addDays(today, -(DAYS - 1));
let n = 0;
const id = (p: string) => `${p}_${(++n).toString(36).padStart(10, "0")}`;

const sample = { dishes: [] as string[], lines: [] as string[], canteens: [] as string[] };
if (!reuse) await seed();
else sample.canteens = canteenRows.slice(0, 100).map((c) => c.id as string);
if (reuse) {
  const ids = sample.canteens.map(() => "?").join(",");
  sample.dishes = (await client.execute({ sql: `select id from menu_dishes where canteen_id in (${ids}) order by id limit 200`, args: sample.canteens })).rows.map((r) => r.id as string);
  console.log(`dataset: reused ${FILE} (${(await client.execute("select count(*) n from stock_moves")).rows[0]!.n} stock moves)`);
}

async function seed() {
const t0 = performance.now();
const tx = await client.transaction("write");
const buffers = new Map<string, { cols: string; rows: unknown[][] }>();
async function flush(table: string) {
  const b = buffers.get(table);
  if (!b?.rows.length) return;
  const row = `(${b.cols.split(",").map(() => "?").join(",")})`;
  const per = Math.floor(30_000 / b.cols.split(",").length);
  for (let i = 0; i < b.rows.length; i += per) {
    const chunk = b.rows.slice(i, i + per);
    await tx.execute({ sql: `insert into ${table} (${b.cols}) values ${chunk.map(() => row).join(",")}`, args: chunk.flat() as never });
  }
  b.rows = [];
}
const add = (table: string, cols: string, values: unknown[]) => {
  const b = buffers.get(table) ?? { cols, rows: [] };
  b.rows.push(values);
  buffers.set(table, b);
};
const flushAll = async () => {
  for (const table of buffers.keys()) await flush(table);
};

const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => id(`org`) + String(i));
for (const s of suppliers) add("orgs", "id, kind, name, region_code, status, created_at", [s, "supplier", `供应商${s}`, inspector, "active", 0]);
await flushAll();
for (const s of suppliers) add("supplier_profiles", "org_id, business_licence_no, business_licence_expires_on, food_licence_no, food_licence_expires_on, products, updated_at", [s, "91420000MA00000000", "2099-01-01", "JY14200000000000", "2099-01-01", JSON.stringify(PRODUCTS), 0]);
let moves = 0;
const DELIVERY = "id, supplier_id, canteen_id, delivered_at, day, status, created_by, created_at, received_by, received_at";
const LINE = "id, delivery_id, seq, product, batch_no, qty_milli, unit, production_date, shelf_life_days, expires_on, origin, cert_key, cert_sha256, cert_type, cert_bytes, status";
const DISH = "id, canteen_id, day, meal, seq, name, students, tolerance_pct, created_by, created_at";
const MOVE = "id, canteen_id, seq, kind, line_id, product, qty_milli, dish_id, corrects_id, reason, at, day, by_user, prev_hash, hash";
const WARNING = "id, canteen_id, kind, day, month, ref_id, detail, created_at";
for (const [ci, c] of canteenRows.entries()) {
  const canteenId = c.id as string;
  const supplier = suppliers[ci % SUPPLIERS]!;
  add("supplier_canteens", "supplier_id, canteen_id, committee_consulted, approved_by, approved_at", [supplier, canteenId, 1, userId, 0]);
  const events: Array<Omit<MoveFields, "seq">> = [];
  let lots: Array<{ id: string; product: string; left: number }> = [];
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(firstDay, d);
    const at = dayStart(day) + 6 * 3600_000;
    if (d % 5 === 0) {
      const deliveryId = id("dlv");
      add("deliveries", DELIVERY, [deliveryId, supplier, canteenId, at, day, "accepted", userId, at, userId, at]);
      lots = PRODUCTS.map((product, k) => {
        const lineId = id("dln");
        // the supplier's batch of the week: the same number in every canteen it serves
        add("delivery_lines", LINE, [lineId, deliveryId, k + 1, product, `${supplier.slice(-6)}-${d}-${k}`, 100_000, "kg", day, 30, expiresOn(day, 30), "湖北省某产地", "evidence/00/0", "0", "image/jpeg", 0, "accepted"]);
        events.push({ id: id("stm"), canteenId, kind: "received", lineId, product, qtyMilli: 100_000, dishId: null, correctsId: null, reason: null, at, day, byUser: userId });
        return { id: lineId, product, left: 100_000 };
      });
    }
    const dishId = id("dsh");
    add("menu_dishes", DISH, [dishId, canteenId, day, "lunch", 1, "米饭配菜", 500, 20, userId, at]);
    for (const lot of [lots[0]!, lots[1 + (d % 4)]!]) {
      lot.left -= 10_000;
      events.push({ id: id("stm"), canteenId, kind: "used", lineId: lot.id, product: lot.product, qtyMilli: -10_000, dishId, correctsId: null, reason: null, at: at + 5 * 3600_000, day, byUser: userId });
    }
    if (ci < 100 || (ci % 50 === 0 && d % 10 === 0)) {
      if (sample.dishes.length < 200 && ci < 100 && d % 7 === 0) sample.dishes.push(dishId);
    }
    if (d % 15 === 0) add("trace_warnings", WARNING, [id("twn"), canteenId, d % 30 === 0 ? "use_off_plan" : "stock_negative", day, day.slice(0, 7), dishId, "{}", at]);
  }
  for (const m of chainMoves(null, events)) add("stock_moves", MOVE, [m.id, m.canteenId, m.seq, m.kind, m.lineId, m.product, m.qtyMilli, m.dishId, null, null, m.at, m.day, m.byUser, m.prevHash, m.hash]);
  moves += events.length;
  if (ci < 100) sample.canteens.push(canteenId);
  if ((buffers.get("stock_moves")?.rows.length ?? 0) >= 30_000) await flushAll();
}
await flushAll();
await tx.commit();
await client.execute("analyze");
console.log(`dataset: ${canteenRows.length} canteens, a term of ${DAYS} days, ${moves.toLocaleString()} stock moves (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
sample.lines = (await client.execute({ sql: `select l.id from delivery_lines l join deliveries d on d.id = l.delivery_id where d.canteen_id in (${sample.canteens.map(() => "?").join(",")}) order by l.id limit 200`, args: sample.canteens })).rows.map((r) => r.id as string);

const app = createApp({ db: database.db, config });
const { call, login } = httpClient((path, init) => app.request(path, init));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const RUNS = Number(process.env.TRACE_BENCH_RUNS ?? 100);
async function measure(label: string, target: string, run: (i: number) => Promise<{ status: number; json: any }>, runs = RUNS) {
  const times: number[] = [];
  let last: any;
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const res = await run(i);
    if (res.status >= 300) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.json)}`);
    last = res.json;
    if (i >= 3) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   (target ${target})`);
  return last;
}

const district = await login(PROVINCE_USERS.districtInspector);
// a month inside the term (every day of it has data)
const month = addDays(today, -45).slice(0, 7);
const back = await measure("district inspector: a dish's backward trace", "p95 ≤ 50 ms", (i) => call("GET", `/api/v1/trace/dishes/${sample.dishes[i % sample.dishes.length]}/trace`, { token: district }));
console.log(`  (${back.batches.length} batches)`);
const fwd = await measure("district inspector: a batch's forward trace (recall)", "p95 ≤ 50 ms", (i) => call("GET", `/api/v1/trace/lines/${sample.lines[(i * 7) % sample.lines.length]}/trace`, { token: district }));
console.log(`  (${fwd.lines.length} deliveries of the batch, ${fwd.meals.length} meals in ${fwd.canteens.length} canteens in scope)`);
const v = await measure("district inspector: verify one canteen's term chain", "≤ 2 s", (i) => call("GET", `/api/v1/trace/canteens/${sample.canteens[i % sample.canteens.length]}/stock-moves/verify`, { token: district }), 20);
console.log(`  (${v.checked} moves, ok: ${v.ok})`);
const o = await measure("district inspector: the district's monthly anomaly counts", "p95 ≤ 100 ms", () => call("GET", `/api/v1/trace/warnings/overview?month=${month}`, { token: district }));
console.log(`  (${o.total} warnings in ${o.districts.length} district(s))`);
const admin = await login(PROVINCE_USERS.provinceAdmin);
const wide = await measure("province admin: a batch's forward trace, whole province", "(no target)", (i) => call("GET", `/api/v1/trace/lines/${sample.lines[(i * 7) % sample.lines.length]}/trace`, { token: admin }), 30);
console.log(`  (${wide.lines.length} deliveries of the batch, ${wide.meals.length} meals in ${wide.canteens.length} canteens)`);
const p = await measure("province admin: the province's monthly anomaly counts", "(no target)", () => call("GET", `/api/v1/trace/warnings/overview?month=${month}`, { token: admin }), 10);
console.log(`  (${p.total} warnings in ${p.districts.length} districts)`);
database.close();
