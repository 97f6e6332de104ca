/**
 * npm run bench:patrol — patrol at province scale (issue 12): coverage of a province, a city and a district for a
 * semester (target p95 ≤ 100 ms each), a draw over 20,000 candidates (≤ 200 ms), and the browser's verifier over
 * the same draw in Chromium (≤ 1 s). Works on ./data/province-patrol.db: a copy of the province dataset (seeded
 * first if missing) with a year of ended inspections added (12 per canteen, ≥ 200,000).
 */
import { copyFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { eq, sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { canteens, inspections, users } from "../../db/schema/index.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { canonicalDraw, commitmentOf, runDraw, seedOf, type DrawInput, type RiskGrade } from "../../server/patrol/sampler.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/province-patrol.db";
if (!existsSync(FILE)) {
  if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
  copyFileSync(SOURCE, FILE);
}
const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const { db, client } = database;

// a year of inspections: 12 per canteen, ended, spread over Dec 2025 – Nov 2026 (China time), deterministic
const have = Number((await client.execute("select count(*) n from inspections")).rows[0]!.n);
if (have < 200_000) {
  const [inspector] = await db.select({ id: users.id }).from(users).where(eq(users.username, PROVINCE_USERS.districtInspector));
  const all = await db.select({ id: canteens.id }).from(canteens);
  const start = Date.UTC(2025, 11, 1) - 8 * 3_600_000;
  const YEAR = 365 * 86_400_000;
  let n = 0;
  const rows: Array<typeof inspections.$inferInsert> = [];
  for (const [k, c] of all.entries()) {
    for (let i = 0; i < 12; i++) {
      // a canteen in five is patrolled only in the spring, so autumn coverage is not trivially complete
      const at = start + Math.floor((((k * 7919 + i * 104729) % 1000) / 1000) * (k % 5 === 0 ? YEAR / 2 : YEAR));
      rows.push({ id: `ins_bench${String(n++).padStart(10, "0")}`, kind: i % 4 === 0 ? "live_inspection" : "online_patrol", canteenId: c.id, room: `canteen:${c.id}`, status: "ended", startedBy: inspector!.id, startedAt: at, endedAt: at + 900_000, result: i % 5 === 0 ? "issues_found" : "satisfactory", outcome: "巡查完毕" });
    }
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 700) await tx.insert(inspections).values(rows.slice(i, i + 700));
  });
  console.log(`added ${rows.length} inspections`);
}

const app = createApp({ db, config, now: () => Date.UTC(2026, 10, 20, 4) });
const { call, login } = httpClient((path, init) => app.request(path, init));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const line = (label: string, p50: number, p95: number, target: string) => console.log(`${label.padEnd(46)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (target ${target})`);

async function measure(label: string, token: string, path: string, runs = 30) {
  const times: number[] = [];
  let last: any;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const res = await call("GET", path, { token });
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${res.text}`);
    last = res.json;
    if (i >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  line(label, percentile(times, 50), percentile(times, 95), "p95 ≤ 100 ms");
  return last;
}

const counts = await client.execute("select (select count(*) from canteens) c, (select count(*) from inspections) i");
console.log(`dataset: ${counts.rows[0]!.c} canteens, ${counts.rows[0]!.i} inspections\n`);
const admin = await login(PROVINCE_USERS.provinceAdmin);
const period = "from=2026-09-01&to=2027-01-31";
const province = await measure("coverage, province, autumn semester", admin, `/api/v1/patrol/coverage?regionCode=420000&${period}`);
const city = province.districts[0].district.slice(0, 4) + "00";
await measure(`coverage, city ${city}`, admin, `/api/v1/patrol/coverage?regionCode=${city}&${period}`);
await measure(`coverage, district ${province.districts[0].district}`, admin, `/api/v1/patrol/coverage?regionCode=${province.districts[0].district}&${period}`);
const covered = province.districts.reduce((s: number, d: { covered: number }) => s + d.covered, 0);
const total = province.districts.reduce((s: number, d: { total: number }) => s + d.total, 0);
console.log(`  (province: ${covered} of ${total} schools covered in ${province.districts.length} districts)\n`);

// a draw over every canteen of the province: the pure part (commitment + selection), as the server runs it at reveal
const grades: RiskGrade[] = ["high", "medium", "low"];
const all = await db.select({ id: canteens.id, district: sql<string>`(select region_code from orgs where orgs.id = ${canteens.orgId})` }).from(canteens);
const input: DrawInput = {
  version: 1,
  regionCode: "420000",
  rules: { count: 50, method: "risk", weights: { high: 3, medium: 2, low: 1 }, inspectorsPerTarget: 2, avoidOwnDistrict: true },
  candidates: all.map((c, i) => ({ id: c.id, district: c.district, grade: grades[i % 3]! })),
  inspectors: Array.from({ length: 40 }, (_, i) => ({ id: `usr_bench${String(i).padStart(8, "0")}`, district: all[i * 97]!.district })),
};
const drawTimes: number[] = [];
for (let i = 0; i < 13; i++) {
  const t0 = performance.now();
  const commitment = commitmentOf(input);
  runDraw(input, seedOf(commitment, "s".repeat(64), `bench-${i}`));
  if (i >= 3) drawTimes.push(performance.now() - t0);
}
drawTimes.sort((a, b) => a - b);
line(`draw over ${input.candidates.length} candidates (commit + select)`, percentile(drawTimes, 50), percentile(drawTimes, 95), "≤ 200 ms");

// the browser's verifier: the same module bundled, run in Chromium over the same published data
const bundle = await build({ entryPoints: ["server/patrol/sampler.ts"], bundle: true, format: "iife", globalName: "sampler", write: false, platform: "browser" });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
const page = await browser.newPage();
await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
const secret = "a".repeat(64);
const commitment = commitmentOf(input);
const seed = seedOf(commitment, secret, "3361.45");
const published = { input: canonicalDraw(input), commitment, secret, publicValue: "3361.45", seed, targets: runDraw(input, seed).targets };
const browserTimes: number[] = [];
for (let i = 0; i < 8; i++) {
  const r = await page.evaluate((p) => {
    const s = (globalThis as any).sampler;
    const t0 = performance.now();
    const v = s.verifyDraw({ input: JSON.parse(p.input), commitment: p.commitment, secretHash: s.secretHashOf(p.secret), secret: p.secret, publicValue: p.publicValue, seed: p.seed, targets: p.targets });
    return { ms: performance.now() - t0, matches: v.matches };
  }, published);
  if (!r.matches) throw new Error("the browser's verifier does not match the server's draw");
  if (i >= 2) browserTimes.push(r.ms);
}
browserTimes.sort((a, b) => a - b);
line(`browser verifier over ${input.candidates.length} (Chromium)`, percentile(browserTimes, 50), percentile(browserTimes, 95), "≤ 1 s");
await browser.close();
database.close();
