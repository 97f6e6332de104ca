/**
 * npm run bench:ledgers — 自律台账 at province scale (issue 14): completeness of a district and of a city for a
 * month, and a phone's submit → shown in the director's list. Copies the province dataset (./data/province.db,
 * seeded first when missing) to ./data/ledgers-bench.db and adds 30 days of ledgers: 6 staff per canteen and,
 * each day, 6 morning checks, a 留样, a disinfection, a 陪餐 and a purchase inspection (10 entries per canteen-day:
 * 6,000,000 for the province's 20,000 canteens; LEDGER_BENCH_CANTEENS limits how many canteens get them), then
 * builds the completeness rollups from the entries with the rebuild path existing data takes (rebuildRollups).
 * Prints p50/p95, in-process (no network). LEDGER_BENCH_REUSE=1 measures again on the last dataset.
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { hashPassword } from "../../server/accounts/password.ts";
import { rebuildRollups } from "../../server/ledgers/rollup.ts";
import { addDays, chinaDay, dayStart } from "../../server/ledgers/rules.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/ledgers-bench.db";
const DAYS = 30;
if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
// LEDGER_BENCH_REUSE=1 measures again on the last run's dataset (seeding 6,000,000 entries takes minutes)
const REUSE = process.env.LEDGER_BENCH_REUSE === "1" && existsSync(FILE);
if (!REUSE) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });
  for (const suffix of ["", "-wal"]) if (existsSync(SOURCE + suffix)) copyFileSync(SOURCE + suffix, FILE + suffix);
}

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const client = database.client;
await client.execute("pragma journal_mode = wal");
await client.execute("pragma synchronous = off");

const limit = Number(process.env.LEDGER_BENCH_CANTEENS ?? 1e9);
// the district inspector's canteens first, so the measured district and city are complete whatever the limit
const inspector = (await client.execute({ sql: "select o.region_code code from users u join memberships m on m.user_id = u.id join orgs o on o.id = m.org_id where u.username = ?", args: [PROVINCE_USERS.districtInspector] })).rows[0]!.code as string;
const canteenRows = (await client.execute({ sql: "select c.id, o.region_code code from canteens c join orgs o on o.id = c.org_id order by (o.region_code = ?) desc, (substr(o.region_code, 1, 4) = ?) desc, c.id limit ?", args: [inspector, inspector.slice(0, 4), limit] })).rows;
const userId = (await client.execute("select id from users limit 1")).rows[0]!.id as string;
const today = chinaDay(Date.now());
const firstDay = addDays(today, -(DAYS - 1));
const hash = "0".repeat(64);
let n = 0;
const id = (p: string) => `${p}_${(++n).toString(36).padStart(10, "0")}`;

if (!REUSE) {
const t0 = performance.now();
const COLS = "id, canteen_id, kind, entry_key, version, subject, data, event_at, day, entered_at, entered_by, late, flagged, idempotency_key, seq, prev_hash, hash";
const ROW = `(${COLS.split(",").map(() => "?").join(",")})`;
let entries = 0;
let buffer: unknown[][] = [];
async function flush() {
  if (!buffer.length) return;
  for (let i = 0; i < buffer.length; i += 400) {
    const chunk = buffer.slice(i, i + 400);
    await tx.execute({ sql: `insert into ledger_entries (${COLS}) values ${chunk.map(() => ROW).join(",")}`, args: chunk.flat() as never });
  }
  buffer = [];
}
const tx = await client.transaction("write");
for (const c of canteenRows) {
  const canteenId = c.id as string;
  const staff = Array.from({ length: 6 }, () => id("stf"));
  await tx.execute({
    sql: `insert into staff_members (id, canteen_id, name, position, certificate_no, certificate_issued_on, certificate_expires_on, active, created_at, updated_at) values ${staff.map(() => "(?,?,?,?,?,?,?,1,?,?)").join(",")}`,
    args: staff.flatMap((s) => [s, canteenId, "员工", "厨师", "HC0000000000", "2026-01-01", "2099-01-01", 0, 0]),
  });
  let seq = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(firstDay, d);
    const at = dayStart(day) + 7 * 3600_000;
    const add = (kind: string, subject: string | null, data: string) => {
      const e = id("led");
      buffer.push([e, canteenId, kind, e, 1, subject, data, at, day, at, userId, 0, 0, e, ++seq, hash, hash]);
      entries++;
    };
    for (const s of staff) add("morning_check", s, `{"staffId":"${s}","temperature":36.5,"symptoms":[],"fit":true}`);
    add("sample", "lunch", '{"dish":"米饭","meal":"lunch","weightGrams":150}');
    add("disinfection", null, '{"item":"餐具","method":"uv"}');
    add("accompany_meal", "lunch", '{"leader":"校长","meal":"lunch","remarks":"好"}');
    add("purchase_inspection", null, '{"supplier":"供应商","product":"大米"}');
  }
  if (buffer.length >= 20_000) await flush();
}
await flush();
await tx.commit();
console.log(`dataset: ${canteenRows.length} canteens with ${DAYS} days of ledgers, ${entries.toLocaleString()} entries (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
const t1 = performance.now();
const rebuilt = await rebuildRollups(database.db, { batch: 500 });
await client.execute("analyze");
console.log(`rollups rebuilt from the entries for ${rebuilt.toLocaleString()} canteens in ${((performance.now() - t1) / 1000).toFixed(0)} s\n`);
} else console.log(`dataset: reused ${FILE}`);

// a canteen of the measured district gets a member of staff and a director (province data has no school accounts)
const school = (await client.execute({ sql: "select c.id canteen, c.org_id org from canteens c join orgs o on o.id = c.org_id where o.region_code = ? order by c.id limit 1", args: [inspector] })).rows[0]!;
const passwordHash = await hashPassword(DEMO_PASSWORD);
for (const [username, role] of [["bench.staff", "canteen_staff"], ["bench.director", "food_safety_director"]] as const) {
  if ((await client.execute({ sql: "select 1 from users where username = ?", args: [username] })).rows.length) continue;
  const u = id("usr");
  await client.execute({ sql: "insert into users (id, username, display_name, password_hash, created_at) values (?, ?, ?, ?, ?)", args: [u, username, username, passwordHash, Date.now()] });
  await client.execute({ sql: "insert into memberships (id, user_id, org_id, role, created_at) values (?, ?, ?, ?, ?)", args: [id("mb"), u, school.org as string, role, Date.now()] });
}

const app = createApp({ db: database.db, config });
const { call, login } = httpClient((path, init) => app.request(path, init));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
async function measure(label: string, run: () => Promise<{ status: number; json: any }>, runs = 30) {
  const times: number[] = [];
  let last: any;
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const res = await run();
    if (res.status >= 300) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.json)}`);
    last = res.json;
    if (i >= 3) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms`);
  return last;
}

const admin = await login(PROVINCE_USERS.provinceAdmin);
const district = await login(PROVINCE_USERS.districtInspector);
const month = `from=${firstDay}&to=${today}`;
const d = await measure("district inspector: completeness of the district, 30 days", () => call("GET", `/api/v1/ledgers/completeness/overview?${month}`, { token: district }), 30);
console.log(`  (${d.canteens.length} canteens, ${d.total.done}/${d.total.due} = ${d.total.rate})`);
const city = `${inspector.slice(0, 4)}00`;
const c = await measure(`province admin: completeness of city ${city}, 30 days`, () => call("GET", `/api/v1/ledgers/completeness/overview?regionCode=${city}&${month}`, { token: admin }), 10);
console.log(`  (${c.canteens.length} canteens, ${c.districts.length} districts, ${c.total.done}/${c.total.due})`);
const one = d.canteens[0].canteenId as string;
await measure("district inspector: one canteen's to-do, 30 days", () => call("GET", `/api/v1/ledgers/completeness?canteenId=${one}&${month}`, { token: district }), 30);

// a phone's submit → shown in the director's list (the list the director's page loads, newest first)
const staffToken = await login("bench.staff");
const directorToken = await login("bench.director");
const schoolCanteen = school.canteen as string;
let k = 0;
await measure("canteen staff submits a 留样 → in the director's list", async () => {
  const posted = await call("POST", "/api/v1/ledgers/entries", { token: staffToken, body: { kind: "sample", canteenId: schoolCanteen, idempotencyKey: `bench-${Date.now()}-${++k}`, eventAt: new Date().toISOString(), data: { dish: "番茄炒蛋", meal: "lunch", weightGrams: 150 } } });
  if (posted.status !== 201) return posted;
  const list = await call("GET", `/api/v1/ledgers/entries?canteenId=${schoolCanteen}&limit=50`, { token: directorToken });
  if (!list.json.items.some((e: { id: string }) => e.id === posted.json.id)) throw new Error("the new entry is not in the director's list");
  return list;
}, 50);
database.close();
