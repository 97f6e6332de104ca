/**
 * npm run bench:province — a province's gateways against API instances side by side (issue 18, items 3 and 4).
 *
 * A copy of the province dataset (./data/province.db, seeded when missing: 20,000 schools, ≈140,000 cameras)
 * gets a known device token per gateway; BENCH_INSTANCES API instances (Deno entry, default 2) serve that one
 * file. The load generator in this process plays every school's gateway over loopback, without video, at the
 * real rates: a heartbeat every HEARTBEAT_SECONDS (20 s) with all its cameras' states, each status change at
 * once; camera blips at the demo city's rate (1 % of camera-hours, 1–4 min); AI alerts with a 640×360 JPEG
 * snapshot (BENCH_ALERTS_PER_SCHOOL_DAY, default 10, spread over the 12 working hours); the configuration and
 * LiveKit token fetched every 5 min (the token's half-life). Gateways are spread over the instances like a
 * balancer by school. At most BENCH_MAX_IN_FLIGHT requests are out at once (keep-alive undici agent): when the
 * API cannot keep up, requests queue here, and what got through is the sustained capacity (offered vs done).
 *
 * Phase 1: gateways only; phase 2: the same with BENCH_READERS regulators reading their dashboards (overview,
 * alerts inbox, orders list) in a loop. Each phase lasts BENCH_SECONDS (default 120) after BENCH_WARMUP_S (25).
 * Printed: per instance heartbeats/s and alerts/s with p50/p99, the API processes' CPU and memory, the
 * database's growth and rows per table per day (extrapolated to a day at the full province's rate), the
 * instances a province needs, and the load average. LiveKit is named but not run (no video): the API's pushes
 * to it fail fast in the background.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { Agent, request } from "undici";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { sha256Hex } from "../../server/auth/tokens.ts";
import { HEARTBEAT_SECONDS } from "../../server/cameras/device-service.ts";
import { toIso } from "../../server/clock/time.ts";
import { jpegFrame } from "../support/images.ts";
import { freePort, startProcess } from "../support/process.ts";
import { CLK_TCK, cpuTicks } from "./proc.ts";

const env = process.env;
const INSTANCES = Number(env.BENCH_INSTANCES ?? 2);
const SCHOOLS = Number(env.BENCH_SCHOOLS ?? 20_000);
const SECONDS = Number(env.BENCH_SECONDS ?? 120);
// past one heartbeat interval: the first heartbeats correct the seed's made-up camera states, which is not a day's traffic
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 25);
const ALERTS_PER_SCHOOL_DAY = Number(env.BENCH_ALERTS_PER_SCHOOL_DAY ?? 10);
const READERS = Number(env.BENCH_READERS ?? 10);
const MAX_IN_FLIGHT = Number(env.BENCH_MAX_IN_FLIGHT ?? 128);
/** after the instances start: their first round of the overview and map jobs over the province */
const SETTLE_S = Number(env.BENCH_SETTLE_S ?? 5);
const PROVINCE_SCHOOLS = 20_000;
const CONFIG_EVERY_S = 300;
/** demo city's blips (media/gateway/city-sim.ts): about 1 % of camera-hours, 1–4 minutes */
const BLIP_PER_CAMERA_S = 0.01 / 3600;
const PROVINCE_DB = "./data/province.db";
const DENO = "node_modules/.bin/deno";

const agent = new Agent({ connections: MAX_IN_FLIGHT, pipelining: 1, keepAliveTimeout: 30_000 });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exp = (rate: number) => -Math.log(1 - Math.random()) / rate;

// --- the API instances ------------------------------------------------------------------------------------

interface Instance {
  base: string;
  pid: number;
  stop: () => Promise<void>;
  output: () => string;
}

async function startInstance(dbUrl: string, media: string): Promise<Instance> {
  const port = await freePort();
  const proc = startProcess(DENO, ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys", "edge/deno.ts"], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbUrl,
      SEED_DEMO: "0",
      MEDIA_DIR: media,
      CLIENT_DIST: join(media, "none"),
      // tokens are minted locally; no video here, so no LiveKit runs (pushes fail fast in the background)
      LIVEKIT_URL: "ws://127.0.0.1:9",
      LIVEKIT_API_KEY: "bench",
      LIVEKIT_API_SECRET: "bench-secret-bench-secret-bench-secret",
      // BENCH_OVERVIEW_REFRESH_S (default 0: dashboards compute the overview on request). With 300, as in production,
      // the province-wide overview and map rounds are long write transactions that the gateways' writes queue
      // behind on a local file (measured: heartbeats p50 > 30 s while they ran on this shared 2-core machine)
      OVERVIEW_REFRESH_SECONDS: env.BENCH_OVERVIEW_REFRESH_S ?? "0",
      // the recording challenges need gateways that record (not simulated)
      RECORD_CHALLENGE_SECONDS: "0",
      LOGIN_MAX_FAILURES: "1000",
    },
    ready: /is running at/,
    timeoutMs: 180_000,
  });
  const child = await proc.ready;
  return { base: `http://127.0.0.1:${port}`, pid: child.pid!, stop: proc.stop, output: proc.output };
}

const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

// --- measurements -----------------------------------------------------------------------------------------

type Kind = "heartbeat" | "alert" | "config" | "overview" | "alerts inbox" | "orders list";
class Tally {
  lat = new Map<string, number[]>();
  status = new Map<string, number>();
  recording = false;
  add(instance: number, kind: Kind, ms: number, status: number) {
    if (!this.recording) return;
    const key = `${instance}|${kind}`;
    (this.lat.get(key) ?? this.lat.set(key, []).get(key)!).push(ms);
    const s = `${kind} ${status}`;
    this.status.set(s, (this.status.get(s) ?? 0) + 1);
  }
}

/** At most MAX_IN_FLIGHT requests out at once; the rest wait here (the API is behind when they do). */
let inFlight = 0;
const waiting: Array<() => void> = [];
/** the end of the current phase: a request still waiting for a slot then is dropped, not sent */
let phaseEnd = 0;
async function slot<T>(fn: () => Promise<T>, dropped: T): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => waiting.push(r));
  if (Date.now() >= phaseEnd) {
    waiting.shift()?.();
    return dropped;
  }
  inFlight++;
  try {
    return await fn();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

async function send(tally: Tally, instance: number, kind: Kind, base: string, path: string, token: string, body?: string): Promise<{ status: number; retryAfter: number }> {
  return slot(async () => {
    const t0 = performance.now();
    try {
      const res = await request(`${base}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
        dispatcher: agent,
      });
      await res.body.arrayBuffer();
      tally.add(instance, kind, performance.now() - t0, res.statusCode);
      return { status: res.statusCode, retryAfter: Number(res.headers["retry-after"] ?? 0) };
    } catch {
      tally.add(instance, kind, performance.now() - t0, 0);
      return { status: 0, retryAfter: 1 };
    }
  }, { status: -1, retryAfter: 0 });
}

// --- the simulated gateways -------------------------------------------------------------------------------

interface SimGateway {
  instance: number;
  token: string;
  cameras: Array<{ id: string; offlineUntil: number }>;
}

const SNAPSHOT = Buffer.from(jpegFrame(640, 360, 3)).toString("base64");
const ALERT_TYPES = ["no_hat", "no_mask", "phone_use", "smoking", "post_absence", "trash_overflow"] as const;
let alertSeq = 0;

/** One school's gateway: heartbeats on the real interval (and at once on a change), alerts, config refreshes. */
async function playGateway(g: SimGateway, instances: Instance[], tally: Tally, until: () => number) {
  const base = instances[g.instance]!.base;
  const alertRate = ALERTS_PER_SCHOOL_DAY / (12 * 3600);
  const blipRate = BLIP_PER_CAMERA_S * g.cameras.length;
  let now = Date.now();
  // spread over the interval, as gateways that started at different times are
  let nextBeat = now + Math.random() * HEARTBEAT_SECONDS * 1000;
  let nextConfig = now + Math.random() * CONFIG_EVERY_S * 1000;
  let nextAlert = now + exp(alertRate) * 1000;
  let nextBlip = now + exp(blipRate) * 1000;
  let heldUntil = 0;
  const heartbeat = async () => {
    const t = Date.now();
    if (t < heldUntil) return;
    const body = JSON.stringify({ cameras: g.cameras.map((c) => ({ id: c.id, status: c.offlineUntil > t ? "offline" : "online", ...(c.offlineUntil > t ? { reason: "no frames" } : {}) })) });
    const r = await send(tally, g.instance, "heartbeat", base, "/api/v1/gateway/heartbeat", g.token, body);
    if (r.status === 429) heldUntil = Date.now() + r.retryAfter * 1000;
  };
  while (Date.now() < until()) {
    const next = Math.min(nextBeat, nextConfig, nextAlert, nextBlip);
    const wait = next - Date.now();
    if (wait > 0) await sleep(Math.min(wait, until() - Date.now() + 1));
    now = Date.now();
    if (now >= until()) break;
    if (now >= nextBlip) {
      const cam = g.cameras[Math.floor(Math.random() * g.cameras.length)]!;
      cam.offlineUntil = now + (60 + Math.random() * 180) * 1000;
      nextBlip = now + exp(blipRate) * 1000;
      // the change goes at once (the gateway coalesces 200 ms); back online is sent with a regular heartbeat
      await heartbeat();
    }
    if (now >= nextBeat) {
      nextBeat = now + HEARTBEAT_SECONDS * 1000;
      await heartbeat();
    }
    if (now >= nextConfig) {
      nextConfig = now + CONFIG_EVERY_S * 1000;
      await send(tally, g.instance, "config", base, "/api/v1/gateway/config", g.token);
    }
    if (now >= nextAlert) {
      nextAlert = now + exp(alertRate) * 1000;
      const cam = g.cameras[Math.floor(Math.random() * g.cameras.length)]!;
      const body = JSON.stringify({
        idempotencyKey: `bench_${process.pid}_${++alertSeq}`,
        cameraId: cam.id,
        type: ALERT_TYPES[alertSeq % ALERT_TYPES.length],
        confidence: 0.8,
        boxes: [{ x: 0.2, y: 0.2, w: 0.3, h: 0.5, label: "person", score: 0.8 }],
        occurredAt: toIso(now),
        snapshotJpegBase64: SNAPSHOT,
      });
      // a shed alert stays in the gateway's queue: sent again after Retry-After
      for (let tries = 0; tries < 5 && Date.now() < until(); tries++) {
        const r = await send(tally, g.instance, "alert", base, "/api/v1/gateway/alerts", g.token, body);
        if (r.status !== 503) break;
        await sleep(r.retryAfter * 1000 * (1 + Math.random() / 2));
      }
    }
  }
}

/** A regulator with the dashboards open: overview, alerts inbox, orders list, one after another. */
async function playReader(instance: number, base: string, token: string, tally: Tally, until: () => number) {
  const reads: Array<[Kind, string]> = [
    ["overview", "/api/v1/overview"],
    ["alerts inbox", "/api/v1/alerts?limit=30"],
    ["orders list", "/api/v1/orders?limit=50"],
  ];
  for (let i = 0; Date.now() < until(); i++) {
    const [kind, path] = reads[i % reads.length]!;
    await send(tally, instance, kind, base, path, token);
    // a person reads what came before the next click
    await sleep(1000 + Math.random() * 2000);
  }
}

// --- the database -----------------------------------------------------------------------------------------

/** Rows per table, and the database's size in bytes as pages in use (the WAL's rewrites of hot pages are not growth). */
async function rowCounts(dbUrl: string): Promise<Map<string, number>> {
  const db = createClient({ url: dbUrl });
  try {
    const pages = Number((await db.execute("pragma page_count")).rows[0]![0]) - Number((await db.execute("pragma freelist_count")).rows[0]![0]);
    const pageSize = Number((await db.execute("pragma page_size")).rows[0]![0]);
    const tables = (await db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")).rows.map((r) => String(r.name));
    const counts = new Map<string, number>();
    for (const t of tables) counts.set(t, Number((await db.execute(`select count(*) as n from "${t}"`)).rows[0]!.n));
    counts.set(BYTES, pages * pageSize);
    return counts;
  } finally {
    db.close();
  }
}

const BYTES = " bytes";

/** Gives every gateway the known token `bench-<id>` (the seed keeps only hashes), and reads gateways with their cameras. */
async function prepare(dbUrl: string): Promise<Array<{ id: string; token: string; cameras: string[] }>> {
  const db = createClient({ url: dbUrl });
  try {
    const gws = (await db.execute("select id from gateways order by id")).rows.map((r) => String(r.id));
    const tx = await db.transaction("write");
    for (const id of gws) await tx.execute({ sql: "update gateways set token_hash = ? where id = ?", args: [sha256Hex(`bench-${id}`), id] });
    // every camera online to start with, as the simulated gateways report them: the seed's made-up 5 % offline
    // would otherwise turn into a burst of status events that is no day's traffic
    await tx.execute("update cameras set status = 'online'");
    await tx.commit();
    const byGateway = new Map<string, string[]>();
    for (const r of (await db.execute("select id, gateway_id from cameras where gateway_id is not null")).rows) {
      const list = byGateway.get(String(r.gateway_id)) ?? byGateway.set(String(r.gateway_id), []).get(String(r.gateway_id))!;
      list.push(String(r.id));
    }
    // a database in WAL mode, as the API runs it, checkpointed so the file size is the data's
    await db.execute("pragma wal_checkpoint(truncate)");
    return gws.map((id) => ({ id, token: `bench-${id}`, cameras: byGateway.get(id) ?? [] })).filter((g) => g.cameras.length);
  } finally {
    db.close();
  }
}

// --- one phase --------------------------------------------------------------------------------------------

async function phase(label: string, gateways: SimGateway[], instances: Instance[], readerTokens: string[], dbFile: string, dbUrl: string) {
  const tally = new Tally();
  const end = Date.now() + (WARMUP_S + SECONDS) * 1000;
  phaseEnd = end;
  const until = () => end;
  const players = gateways.map((g) => playGateway(g, instances, tally, until));
  const readers = readerTokens.map((token, i) => playReader(i % instances.length, instances[i % instances.length]!.base, token, tally, until));
  await sleep(WARMUP_S * 1000);
  const rowsBefore = await rowCounts(dbUrl);
  const cpuBefore = instances.map((i) => cpuTicks(i.pid));
  const load0 = loadavg();
  tally.recording = true;
  const t0 = performance.now();
  const rss: number[][] = instances.map(() => []);
  const sampler = setInterval(() => instances.forEach((inst, i) => rss[i]!.push(rssMb(inst.pid))), 5000);
  await sleep(SECONDS * 1000);
  tally.recording = false;
  clearInterval(sampler);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = instances.map((inst, i) => (cpuTicks(inst.pid) - cpuBefore[i]!) / CLK_TCK / elapsed);
  const rowsAfter = await rowCounts(dbUrl);
  const bytesBefore = rowsBefore.get(BYTES)!;
  const bytesAfter = rowsAfter.get(BYTES)!;
  rowsBefore.delete(BYTES);
  rowsAfter.delete(BYTES);
  await Promise.all([...players, ...readers]);

  const offeredHb = gateways.length / HEARTBEAT_SECONDS;
  const offeredAlerts = (gateways.length * ALERTS_PER_SCHOOL_DAY) / (12 * 3600);
  console.log(`\n== ${label}: ${gateways.length} schools (${gateways.reduce((n, g) => n + g.cameras.length, 0)} cameras), ${instances.length} API instance(s), ${SECONDS} s measured, ${readerTokens.length} dashboard reader(s)`);
  console.log(`offered: ${offeredHb.toFixed(0)} heartbeats/s, ${offeredAlerts.toFixed(2)} alerts/s, ${(gateways.length / CONFIG_EVERY_S).toFixed(1)} config fetches/s`);
  console.log(`${"instance".padEnd(10)}${"kind".padEnd(14)}${"per s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"n".padStart(8)}`);
  const done = new Map<Kind, number>();
  for (const [key, lat] of [...tally.lat.entries()].sort()) {
    const [inst, kind] = key.split("|") as [string, Kind];
    lat.sort((a, b) => a - b);
    done.set(kind, (done.get(kind) ?? 0) + lat.length / elapsed);
    console.log(`${("#" + inst).padEnd(10)}${kind.padEnd(14)}${(lat.length / elapsed).toFixed(1).padStart(9)}${percentile(lat, 50).toFixed(1).padStart(9)}${percentile(lat, 99).toFixed(1).padStart(9)}${String(lat.length).padStart(8)}`);
  }
  for (const inst of instances) {
    const errors = inst.output().split("\n").filter((l) => /error|locked|busy/i.test(l));
    if (errors.length) console.log(`API ${inst.base}: ${errors.length} error line(s), first: ${errors[0]!.slice(0, 300)}`);
  }
  console.log(`answers: ${[...tally.status.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(", ")}`);
  instances.forEach((inst, i) => console.log(`API #${i} (pid ${inst.pid}): CPU ${(cpu[i]! * 100).toFixed(0)} % of one core, RSS max ${Math.max(0, ...rss[i]!).toFixed(0)} MB`));
  const load1 = loadavg();
  console.log(`load average: before ${load0.map((x) => x.toFixed(2)).join(" ")}, after ${load1.map((x) => x.toFixed(2)).join(" ")} (2 cores, shared)`);

  // capacity: what got through when the API kept up is not its limit, so it is also put per core used
  const hbDone = done.get("heartbeat") ?? 0;
  const reqDone = [...done.values()].reduce((a, b) => a + b, 0);
  const cores = cpu.reduce((a, b) => a + b, 0);
  const kept = hbDone / offeredHb;
  const provinceHb = PROVINCE_SCHOOLS / HEARTBEAT_SECONDS;
  const provinceReq = provinceHb * (reqDone / Math.max(hbDone, 1e-9));
  const perCore = reqDone / Math.max(cores, 1e-9);
  console.log(`sustained: ${hbDone.toFixed(1)} heartbeats/s (${(kept * 100).toFixed(0)} % of offered: ${kept > 0.95 ? "kept up" : "saturated — this is the capacity"}), ${(done.get("alert") ?? 0).toFixed(2)} alerts/s, ${reqDone.toFixed(1)} requests/s in all, on ${(cores * 100).toFixed(0)} % of a core in all API processes = ${perCore.toFixed(0)} requests/s per core`);
  console.log(
    `a province: ${provinceHb} heartbeats/s (20,000 schools ÷ ${HEARTBEAT_SECONDS} s) + the same mix of alerts, config fetches${readerTokens.length ? " and dashboard reads" : ""} = ${provinceReq.toFixed(0)} requests/s ÷ ${perCore.toFixed(0)} per core = ` +
      `${(provinceReq / perCore).toFixed(1)} cores → ${Math.ceil(provinceReq / perCore / 0.6)} one-core instances at 60 % busy, ${Math.ceil(provinceReq / perCore / 0.6) + 1} with one spare`,
  );
  // a day at the province's scale: the rows the simulated schools wrote, × 20,000 ÷ schools simulated
  const scale = PROVINCE_SCHOOLS / gateways.length;
  console.log(`database: +${((bytesAfter - bytesBefore) / 1e6).toFixed(2)} MB in ${elapsed.toFixed(0)} s → ${(((bytesAfter - bytesBefore) / elapsed) * 86400 * scale / 1e9).toFixed(2)} GB/day for 20,000 schools (×${scale.toFixed(1)}; alert snapshots are files in MEDIA_DIR, ${(Buffer.from(SNAPSHOT, "base64").length / 1024).toFixed(0)} KB each here)`);
  console.log(`${"table".padEnd(28)}${"rows +".padStart(9)}${"per day (20,000 schools)".padStart(26)}`);
  for (const [table, after] of [...rowsAfter.entries()].sort()) {
    const delta = after - (rowsBefore.get(table) ?? 0);
    if (delta) console.log(`${table.padEnd(28)}${String(delta).padStart(9)}${Math.round((delta / elapsed) * 86400 * scale).toLocaleString("en").padStart(26)}`);
  }
}

// --- main -------------------------------------------------------------------------------------------------

console.log(`bench:province — ${INSTANCES} API instance(s) (Deno), load generator in this process, loopback, ${new Date().toISOString()}`);
if (!existsSync(PROVINCE_DB)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
const dir = mkdtempSync(join(tmpdir(), "mcll-province-"));
const dbFile = join(dir, "province.db");
copyFileSync(PROVINCE_DB, dbFile);
const dbUrl = `file:${dbFile}`;
const instances: Instance[] = [];
try {
  const all = await prepare(dbUrl);
  const gateways: SimGateway[] = all.slice(0, SCHOOLS).map((g, i) => ({ instance: i % INSTANCES, token: g.token, cameras: g.cameras.map((id) => ({ id, offlineUntil: 0 })) }));
  for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance(dbUrl, join(dir, "media")));
  console.log(`${INSTANCES} instance(s) up; ${SETTLE_S} s for their first overview and map round (load ${loadavg().map((x) => x.toFixed(2)).join(" ")})`);
  await sleep(SETTLE_S * 1000);
  await phase("gateways only", gateways, instances, [], dbFile, dbUrl);
  const readerTokens: string[] = [];
  for (let i = 0; i < READERS; i++) {
    const base = instances[i % instances.length]!.base;
    const username = i % 2 ? PROVINCE_USERS.districtInspector : PROVINCE_USERS.provinceAdmin;
    const res = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    readerTokens.push(((await res.json()) as { token: string }).token);
  }
  await phase("gateways and dashboards", gateways, instances, readerTokens, dbFile, dbUrl);
} finally {
  await Promise.all(instances.map((i) => i.stop()));
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
}
