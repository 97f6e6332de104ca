/**
 * npm run bench:load — concurrent clients on the main reads, against the real Deno entry over HTTP (issue 11,
 * item 17): the schools list, the alerts and orders lists and a canteen's detail, at 50 and 200 clients, on the
 * demo city and on the province dataset (./data/province.db, seeded first when missing, with 200,000 alerts and
 * 60,000 orders added). Prints requests/s and
 * p50/p99 per read with the machine's load average. Target: ≥ 500 requests/s for the schools list with
 * p99 ≤ 250 ms at 50 concurrent clients on 2 cores.
 * BENCH_SECONDS (default 8) is how long each read is driven at each concurrency; BENCH_READS (e.g. "schools") and
 * BENCH_DATASETS ("demo" or "province") narrow a run to some reads or one dataset, BENCH_CLIENTS (e.g. "50") to
 * some concurrencies — for measuring one change back to back.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { Agent, setGlobalDispatcher } from "undici";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { freePort, startProcess } from "../support/process.ts";
import { CLK_TCK, cpuTicks } from "./proc.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = (process.env.BENCH_CLIENTS ?? "50,200").split(",").map(Number);
const READS = process.env.BENCH_READS?.split(",");
const DATASETS = process.env.BENCH_DATASETS?.split(",") ?? ["demo", "province"];
const DENO = "node_modules/.bin/deno";
// BENCH_V8_FLAGS: passed to the server's V8, e.g. "--prof" for a tick profile (isolate-*.log, read with node --prof-process)
const V8_FLAGS = process.env.BENCH_V8_FLAGS ? [`--v8-flags=${process.env.BENCH_V8_FLAGS}`] : [];
const PROVINCE_DB = "./data/province.db";
// keep connections open, as browsers and a reverse proxy do
setGlobalDispatcher(new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 }));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** the background jobs off: the figures are of the reads, not of a province-wide sweep running beside them */
const NO_JOBS = Object.fromEntries(
  ["ORDER_SWEEP", "PATROL_SWEEP", "ALERT_SWEEP", "OVERVIEW_REFRESH", "RISK_SWEEP", "SENSOR_PRUNE", "RECORD_CHALLENGE", "RETENTION_SWEEP", "VIEWING_REMINDER"].map((job) => [`${job}_SECONDS`, "0"]),
);

async function startDeno(env: Record<string, string>) {
  const port = await freePort();
  const proc = startProcess(DENO, ["run", ...V8_FLAGS, "--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys", "edge/deno.ts"], {
    env: { PORT: String(port), HOST: "127.0.0.1", ...NO_JOBS, LOGIN_MAX_FAILURES: "1000", ...env },
    ready: /is running at/,
    timeoutMs: 180_000,
  });
  await proc.ready;
  return { base: `http://127.0.0.1:${port}`, pid: proc.child.pid!, stop: proc.stop, output: proc.output };
}

/**
 * Signs in; on the province dataset the boot's sweeps write for a while and a sign-in then may answer 500
 * (SQLITE_BUSY_SNAPSHOT: a bare write of a job between the sign-in transaction's statements) — said aloud and
 * retried for up to a minute, so the figures below are of the reads, not of that race.
 */
async function login(base: string, username: string): Promise<string> {
  const until = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (res.status === 200) return ((await res.json()) as { token: string }).token;
    const body = await res.text();
    if (res.status !== 500 || Date.now() > until) throw new Error(`login ${username}: ${res.status} ${body}`);
    console.log(`login ${username} answered 500 while the boot's jobs write; retrying`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** `clients` loops, each sending the next request as soon as the last answered, for SECONDS. */
async function drive(url: string, token: string, clients: number) {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length, failures };
}

/**
 * `pid`: the server's, whose CPU time per request is printed beside the rates — on a machine shared with other
 * work the rate follows the load, the server's CPU milliseconds per request much less, and 1000 ÷ that is the
 * rate one core of the server's own would give.
 */
async function bench(dataset: string, base: string, username: string, pid: number) {
  const token = await login(base, username);
  const get = async (path: string) => (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
  const canteen = (await get("/api/v1/canteens?limit=1")).items[0]!.id;
  const reads: Array<[string, string]> = [
    ["schools list (50)", "/api/v1/schools?limit=50"],
    ["alerts list (30)", "/api/v1/alerts?limit=30"],
    ["orders list (50)", "/api/v1/orders?limit=50"],
    ["canteen detail", `/api/v1/canteens/${canteen}`],
  ];
  console.log(`\n${dataset} (as ${username})`);
  console.log(`${"read".padEnd(22)}${"clients".padStart(8)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"n".padStart(8)}${"srv ms/req".padStart(12)}${"req/s/core".padStart(12)}  load avg`);
  for (const [label, path] of reads.filter(([label]) => !READS || READS.some((r) => label.startsWith(r)))) {
    for (const clients of CONCURRENCY) {
      const ticks = cpuTicks(pid);
      const r = await drive(`${base}${path}`, token, clients);
      const cpuMs = ((cpuTicks(pid) - ticks) * 1000) / CLK_TCK / r.n;
      const load = loadavg().map((x) => x.toFixed(2)).join(" ");
      console.log(`${label.padEnd(22)}${String(clients).padStart(8)}${r.rps.toFixed(0).padStart(9)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${String(r.n).padStart(8)}${cpuMs.toFixed(2).padStart(12)}${(1000 / cpuMs).toFixed(0).padStart(12)}  ${load}${r.failures ? `  (${r.failures} not 200)` : ""}`);
    }
  }
}

/**
 * The province seed has schools, canteens and cameras but no alerts or orders, so its lists would be empty and
 * measure nothing: give it 10 alerts and 3 orders per canteen (200,000 and 60,000), spread over three months,
 * a fifth of the alerts open and a third of the orders waiting for the school — once, in plain SQL.
 */
async function populateProvinceLists(url: string) {
  const db = createClient({ url });
  try {
    const [{ n }] = (await db.execute("select count(*) as n from alerts")).rows as unknown as Array<{ n: number }>;
    if (Number(n) > 0) return;
    const started = performance.now();
    const now = Date.now();
    await db.batch(
      [
        `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 9)
         INSERT INTO alerts (id, gateway_id, camera_id, canteen_id, org_id, type, confidence, boxes, occurred_at, received_at, status, deadline_at, idempotency_key, updated_at)
         SELECT 'alt_' || c.id || '_' || k.i, g.id, (SELECT id FROM cameras WHERE canteen_id = c.id LIMIT 1), c.id, c.org_id, 'no_hat', 0.8, '[]',
                ${now} - abs(random() % 7776000000) AS t, ${now}, CASE WHEN k.i < 8 THEN 'closed' ELSE 'new' END, ${now} + 86400000, 'bench-' || k.i, ${now}
         FROM canteens c JOIN gateways g ON g.canteen_id = c.id, k`,
        `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 2)
         INSERT INTO orders (id, number, canteen_id, issuer_org_id, issued_by, issued_at, deadline, status, overdue, document_sha256, updated_at)
         SELECT 'ord_' || c.id || '_' || k.i, 'BENCH-' || c.id || '-' || k.i, c.id, c.org_id, (SELECT id FROM users WHERE username = '${PROVINCE_USERS.provinceAdmin}'),
                ${now} - abs(random() % 7776000000), ${now} - 1296000000 + abs(random() % 2592000000), CASE WHEN k.i < 2 THEN 'closed' ELSE 'issued' END,
                abs(random() % 10) = 0, 'bench', ${now}
         FROM canteens c, k`,
      ],
      "write",
    );
    console.log(`province dataset: 200,000 alerts and 60,000 orders added for the lists in ${Math.round(performance.now() - started)} ms`);
  } finally {
    db.close();
  }
}

async function benchDemo(dir: string) {
  const demo = await startDeno({ DATABASE_URL: `file:${join(dir, "demo.db")}`, MEDIA_DIR: join(dir, "media"), CLIENT_DIST: join(dir, "none"), DEMO_AI_CAMERA: "0" });
  try {
    await bench("demo city", demo.base, "ezhou.admin", demo.pid);
  } catch (err) {
    console.error(demo.output().slice(-4000));
    throw err;
  } finally {
    await demo.stop();
  }
}

async function benchProvince(dir: string) {
  if (!existsSync(PROVINCE_DB)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
  await populateProvinceLists(`file:${PROVINCE_DB}`);
  const province = await startDeno({ DATABASE_URL: `file:${PROVINCE_DB}`, SEED_DEMO: "0", MEDIA_DIR: join(dir, "media"), CLIENT_DIST: join(dir, "none") });
  try {
    await bench("province dataset", province.base, PROVINCE_USERS.provinceAdmin, province.pid);
  } catch (err) {
    console.error(province.output().slice(-4000));
    throw err;
  } finally {
    await province.stop();
  }
}

console.log(`bench:load — ${SECONDS} s per read and concurrency, Deno entry, load generator in this process (same 2 cores)`);
const dir = mkdtempSync(join(tmpdir(), "mcll-load-"));
try {
  if (DATASETS.includes("demo")) await benchDemo(dir);
  if (DATASETS.includes("province")) await benchProvince(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
