/**
 * npm run bench:load — concurrent clients on the main reads, against the real Deno entry over HTTP (issue 11,
 * item 17): the schools list, the alerts and orders lists and a canteen's detail, at 50 and 200 clients, on the
 * demo city and on the province dataset (./data/province.db, seeded first when missing). Prints requests/s and
 * p50/p99 per read with the machine's load average. Target: ≥ 500 requests/s for the schools list with
 * p99 ≤ 250 ms at 50 concurrent clients on 2 cores.
 * BENCH_SECONDS (default 8) is how long each read is driven at each concurrency.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, setGlobalDispatcher } from "undici";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { freePort, startProcess } from "../support/process.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = [50, 200];
const DENO = "node_modules/.bin/deno";
const PROVINCE_DB = "./data/province.db";
// keep connections open, as browsers and a reverse proxy do
setGlobalDispatcher(new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 }));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function startDeno(env: Record<string, string>) {
  const port = await freePort();
  const proc = startProcess(DENO, ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys", "edge/deno.ts"], {
    env: { PORT: String(port), HOST: "127.0.0.1", ORDER_SWEEP_SECONDS: "0", ALERT_SWEEP_SECONDS: "0", LOGIN_MAX_FAILURES: "1000", ...env },
    ready: /is running at/,
    timeoutMs: 180_000,
  });
  await proc.ready;
  return { base: `http://127.0.0.1:${port}`, stop: proc.stop };
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
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

async function bench(dataset: string, base: string, username: string) {
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
  console.log(`${"read".padEnd(22)}${"clients".padStart(8)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"n".padStart(8)}  load avg`);
  for (const [label, path] of reads) {
    for (const clients of CONCURRENCY) {
      const r = await drive(`${base}${path}`, token, clients);
      const load = loadavg().map((x) => x.toFixed(2)).join(" ");
      console.log(`${label.padEnd(22)}${String(clients).padStart(8)}${r.rps.toFixed(0).padStart(9)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${String(r.n).padStart(8)}  ${load}${r.failures ? `  (${r.failures} not 200)` : ""}`);
    }
  }
}

console.log(`bench:load — ${SECONDS} s per read and concurrency, Deno entry, load generator in this process (same 2 cores)`);
const dir = mkdtempSync(join(tmpdir(), "mcll-load-"));
try {
  const demo = await startDeno({ DATABASE_URL: `file:${join(dir, "demo.db")}`, MEDIA_DIR: join(dir, "media"), CLIENT_DIST: join(dir, "none"), DEMO_AI_CAMERA: "0" });
  try {
    await bench("demo city", demo.base, "ezhou.admin");
  } finally {
    await demo.stop();
  }
  if (!existsSync(PROVINCE_DB)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
  const province = await startDeno({ DATABASE_URL: `file:${PROVINCE_DB}`, SEED_DEMO: "0", MEDIA_DIR: join(dir, "media"), CLIENT_DIST: join(dir, "none") });
  try {
    await bench("province dataset", province.base, PROVINCE_USERS.provinceAdmin);
  } finally {
    await province.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
