/**
 * npm run bench:map — 食安地图 at province scale (issue 16 item 7). Works on ./data/province-map.db, a copy of the
 * province dataset (./data/province.db: 20,000 schools, ≈140,000 cameras; seeded first when missing) whose schools
 * get their positions when the copy predates them. Measures:
 *  1. GET /api/v1/overview/map at province, city and district level: p50/p95 (target p95 well under 100 ms), and the
 *     answer's size, raw and gzipped — computed on request, then (province and city) from the snapshots the job keeps;
 *  2. the page in Chromium (the built client on the Node entry): first paint of the 20,000 schools after navigation
 *     (target ≤ 1 s), each of a few zoom steps (click on +, until the layer has redrawn), and the longest frame
 *     while panning (stutter: a frame over 50 ms).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { positionInCell } from "../../db/seed/positions.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { HUBEI_CITIES } from "../../db/seed/regions.ts";
import { createApp } from "../../server/app.ts";
import { refreshMapSnapshots } from "../../server/overview/map.ts";
import { loadConfig } from "../../server/config.ts";
import { startNodeServer } from "../../edge/node.ts";
import { buildClient } from "../support/stack.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/province-map.db";
if (!existsSync(FILE)) {
  if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
  copyFileSync(SOURCE, FILE);
}
const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);
const { client } = database;

// a dataset seeded before schools had positions: place them as the province seed now does (same cells, same keys)
const unplaced = await client.execute("select id, name, region_code from orgs where kind = 'school' and latitude is null");
if (unplaced.rows.length) {
  const cityIndex = new Map<string, number>(HUBEI_CITIES.map(([code], i) => [code.slice(0, 4), i]));
  const tx = await client.transaction("write");
  for (const r of unplaced.rows) {
    const code = String(r.region_code);
    const p = positionInCell(cityIndex.get(code.slice(0, 4)) ?? 0, Number(code.slice(4)) - 1, String(r.name));
    await tx.execute({ sql: "update orgs set latitude = ?, longitude = ? where id = ?", args: [p.latitude, p.longitude, String(r.id)] });
  }
  await tx.commit();
  console.log(`placed ${unplaced.rows.length} schools`);
}
const counts = await client.execute("select (select count(*) from orgs where kind = 'school') s, (select count(*) from cameras) c");
console.log(`dataset: ${counts.rows[0]!.s} schools, ${counts.rows[0]!.c} cameras   load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${(await import("node:os")).cpus().length} cores)\n`);

// ---- 1. the endpoint, in process
const app = createApp({ db: database.db, config });
const { call, login } = httpClient((path, init) => app.request(path, init));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const admin = await login(PROVINCE_USERS.provinceAdmin);
async function measure(label: string, path: string, runs = 30) {
  const times: number[] = [];
  let body = "";
  let n = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const res = await call("GET", path, { token: admin });
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${res.text}`);
    if (i >= 3) times.push(performance.now() - t0);
    body = res.text;
    n = res.json.schools.id.length;
  }
  times.sort((a, b) => a - b);
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`${label.padEnd(40)} ${String(n).padStart(6)} schools   p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms   ${kb(Buffer.byteLength(body))} (${kb(gzipSync(body).length)} gzipped)   (target p95 < 100 ms)`);
}
await client.execute("delete from map_snapshots");
await measure("province 420000, computed on request", "/api/v1/overview/map", 5);
await measure("city 420100, computed on request", "/api/v1/overview/map?regionCode=420100");
await measure("district 420101, computed on request", "/api/v1/overview/map?regionCode=420101");
const t0 = performance.now();
const kept = await refreshMapSnapshots({ db: database.db, config, now: Date.now } as never);
console.log(`snapshot job: ${kept} regions (province and cities) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await measure("province 420000, from the snapshot", "/api/v1/overview/map");
await measure("city 420100, from the snapshot", "/api/v1/overview/map?regionCode=420100");
console.log("");

// ---- 2. the page in Chromium
const work = mkdtempSync(join(tmpdir(), "mcll-map-bench-"));
const dist = await buildClient(join(work, "dist"));
const server = await startNodeServer({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0", PORT: "0", HOST: "127.0.0.1", CLIENT_DIST: dist, SECURE_COOKIES: "0", OVERVIEW_REFRESH_SECONDS: "0" });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username: PROVINCE_USERS.provinceAdmin, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`login: ${res.status()}`);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`pageerror: ${e.message}`));
  const renders = () => page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-testid="map-page"]')?.dataset.renders ?? 0));
  const paints: number[] = [];
  for (let i = 0; i < 4; i++) {
    // the first load warms the HTTP cache of the app's scripts, as a returning user has it
    await page.goto(`${server.url}/overview/map`);
    await page.waitForSelector('[data-testid="map-page"][data-renders]', { timeout: 30_000 });
    // the frame after the drawing is on screen
    const at = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => done(Number(document.querySelector<HTMLElement>('[data-testid="map-page"]')!.dataset.firstPaintAt)))));
    if (i > 0) paints.push(at);
  }
  const drawn = await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="map-page"]')!.dataset);
  paints.sort((a, b) => a - b);
  console.log(`first paint of ${counts.rows[0]!.s} schools after navigation: median ${paints[1]} ms, worst ${paints.at(-1)} ms (target ≤ 1000 ms; ${drawn.drawnClusters} clusters and ${drawn.drawnSchools} schools drawn, layer ${drawn.renderMs} ms)`);

  // zoom steps: + clicked, until the layer has redrawn at the new zoom (Leaflet's 250 ms animation included)
  const steps: string[] = [];
  for (let z = 0; z < 5; z++) {
    const before = await renders();
    const t0 = Date.now();
    await page.click(".leaflet-control-zoom-in");
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid="map-page"]')?.dataset.renders) > n, before);
    const d = await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="map-page"]')!.dataset);
    steps.push(`${Date.now() - t0} ms (layer ${d.renderMs} ms, ${d.drawnClusters}+${d.drawnSchools})`);
  }
  console.log(`zoom steps (click + → redrawn): ${steps.join(", ")}`);

  // a pan by dragging: the longest frame while the map moves
  const box = (await page.locator('[data-testid="map-view"]').boundingBox())!;
  // as a string: tsx's helpers (__name) do not exist in the page
  await page.evaluate(`(() => {
    window.frames_ = [];
    let last = performance.now();
    const tick = (t) => { window.frames_.push(t - last); last = t; if (window.frames_.length < 120) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < 30; i++) await page.mouse.move(box.x + box.width / 2 - i * 12, box.y + box.height / 2 - i * 6);
  await page.mouse.up();
  await page.waitForTimeout(500);
  const frames = (await page.evaluate("window.frames_.slice(1)")) as number[];
  frames.sort((a, b) => a - b);
  console.log(`pan: ${frames.length} frames, median ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, longest ${frames.at(-1)!.toFixed(1)} ms (stutter: frames over 50 ms)`);
  console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
} finally {
  await browser.close();
  await server.close();
  database.close();
  rmSync(work, { recursive: true, force: true });
}
