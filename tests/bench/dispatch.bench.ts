/**
 * npm run bench:dispatch — 应急指挥调度 to a whole province (issue 16, item 8): the province admin sends a notice to
 * every school of 湖北省 in the province dataset (./data/province.db: 20,000 schools; seeded first when missing),
 * copied to ./data/dispatch-bench.db. In-process over the real API (POST /api/v1/notices, libSQL file in WAL).
 *
 * Measured, over DISPATCH_BENCH_NOTICES notices (default 5), p50/p95/max:
 *  - the POST: the notice, its 20,000 recipients and its audit entry in one transaction, then the answer (the
 *    notice with its receipts);
 *  - the write transaction alone (how long the write lock is held: heartbeats queue behind it on a local file);
 *  - a heartbeat-sized write (one UPDATE of a gateway row, every 20 ms, from another process on the same file) while
 *    the notices are sent: its worst wait;
 *  - until the banner message is handed to the bus for every school's rooms (a canteen room and an ops room per
 *    school: 40,000 rooms), measured from the POST's start. The bus is a counting double that says which rooms are
 *    live (DISPATCH_BENCH_LIVE_SHARE of them, default 1.0 = every room open: the worst case) — LiveKit's own
 *    delivery is not in the figure (tests/integration/dispatch-push.test.ts covers it with a real server);
 *  - the process's resident memory before and after.
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { loadavg } from "node:os";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { PROVINCE_USERS } from "../../db/seed/province.ts";
import { createApp } from "../../server/app.ts";
import { settled } from "../../server/bus/publish.ts";
import { loadConfig } from "../../server/config.ts";
import type { LiveKitBus } from "../../media/room-service.ts";
import { httpClient } from "../support/http.ts";

const SOURCE = "./data/province.db";
const FILE = "./data/dispatch-bench.db";
const NOTICES = Number(process.env.DISPATCH_BENCH_NOTICES ?? 5);
const LIVE_SHARE = Number(process.env.DISPATCH_BENCH_LIVE_SHARE ?? 1);
if (!existsSync(SOURCE)) execFileSync("npx", ["tsx", "db/seed/cli.ts", "--scale", "province"], { stdio: "inherit" });
for (const suffix of ["", "-wal", "-shm"]) rmSync(FILE + suffix, { force: true });
for (const suffix of ["", "-wal"]) if (existsSync(SOURCE + suffix)) copyFileSync(SOURCE + suffix, FILE + suffix);

const config = loadConfig({ DATABASE_URL: `file:${FILE}`, SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
await migrateDatabase(database);

// ---- the bus double: which rooms are live, and when each notice's message was handed over for each room
let sent = 0;
let lastSendAt = 0;
const liveRoom = (room: string) => LIVE_SHARE >= 1 || (parseInt(room.slice(-4), 36) % 1000) / 1000 < LIVE_SHARE;
const bus: LiveKitBus = {
  async send(_room, topic) {
    if (topic === "notice") {
      sent++;
      lastSendAt = performance.now();
    }
  },
  async sendTo() {},
  async participants() {
    return [];
  },
  async remove() {},
  async ping() {
    return true;
  },
  async activeRooms(names) {
    return names.filter(liveRoom);
  },
};

// ---- each write transaction's span (drizzle's, which writeAudited uses), from its call to its end
const spans: number[] = [];
const client = database.client;
const transaction = database.db.transaction.bind(database.db);
database.db.transaction = (async (...args: Parameters<typeof transaction>) => {
  const began = performance.now();
  try {
    return await transaction(...args);
  } finally {
    spans.push(performance.now() - began);
  }
}) as typeof transaction;

const app = createApp({ db: database.db, config, livekit: bus });
const { call, login } = httpClient((path, init) => app.request(path, init));
const admin = await login(PROVINCE_USERS.provinceAdmin);
const [province] = (await client.execute("select code from regions where level = 'province'")).rows.map((r) => r.code as string);
const schools = Number((await client.execute("select count(*) as n from orgs where kind = 'school'")).rows[0]!.n);
const gateways = (await client.execute("select id from gateways limit 200")).rows.map((r) => r.id as string);

// ---- heartbeat-sized writes beside the notices, from another process (as another instance's heartbeats are: in
// this one, statements wait their turn on the event loop instead), one UPDATE of a gateway row every 20 ms
const PROBE = `
import { createClient } from "@libsql/client";
const c = createClient({ url: ${JSON.stringify(`file:${FILE}`)} });
await c.execute("pragma busy_timeout = 30000");
const ids = ${JSON.stringify(gateways)};
const waits = []; let i = 0; let stop = false;
process.stdin.on("data", () => (stop = true));
process.stdout.write("ready\\n");
while (!stop) {
  const t = performance.now();
  await c.execute({ sql: "update gateways set last_seen_at = ? where id = ?", args: [Date.now(), ids[i++ % ids.length]] });
  waits.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write(JSON.stringify(waits) + "\\n");
process.exit(0);`;
const child = spawn(process.execPath, ["--input-type=module", "-e", PROBE], { stdio: ["pipe", "pipe", "inherit"] });
let probeOut = "";
child.stdout.on("data", (d: Buffer) => (probeOut += d.toString()));
await new Promise<void>((resolve) => { const check = () => (probeOut.includes("ready") ? resolve() : setTimeout(check, 10)); check(); });

const rss0 = process.memoryUsage().rss;
const post: number[] = [];
const banner: number[] = [];
const transactions: number[] = [];
for (let n = 1; n <= NOTICES; n++) {
  spans.length = 0;
  sent = 0;
  const t0 = performance.now();
  const res = await call("POST", "/api/v1/notices", { token: admin, body: { regionCode: province, title: `全省紧急通知 ${n}`, body: "各学校：请立即排查库房中某批次冷冻猪肉并停止使用。", urgency: "urgent" } });
  post.push(performance.now() - t0);
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /notices: ${res.status} ${res.text}`);
  if (res.json.counts.schools !== schools) throw new Error(`addressed ${res.json.counts.schools} of ${schools} schools`);
  await settled();
  banner.push(lastSendAt - t0);
  transactions.push(Math.max(...spans));
  const rooms = Math.round(2 * schools * LIVE_SHARE);
  if (LIVE_SHARE >= 1 && sent !== 2 * schools) throw new Error(`banner sent to ${sent} rooms, not ${2 * schools}`);
  console.log(`notice ${n}: POST ${post.at(-1)!.toFixed(0)} ms (write transaction ${transactions.at(-1)!.toFixed(0)} ms), banner on the bus for ${sent} rooms (≈${rooms} live) after ${banner.at(-1)!.toFixed(0)} ms`);
}
const exited = new Promise((r) => child.on("exit", r));
child.stdin.write("stop\n");
await exited;
const waits = JSON.parse(probeOut.trim().split("\n").at(-1)!) as number[];
const rss1 = process.memoryUsage().rss;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const row = (name: string, xs: number[]) => console.log(`${name.padEnd(46)} p50 ${pct(xs, 50).toFixed(0).padStart(6)} ms   p95 ${pct(xs, 95).toFixed(0).padStart(6)} ms   max ${Math.max(...xs).toFixed(0).padStart(6)} ms`);
console.log(`\n${NOTICES} notices to every school of the province (${schools} schools, ${2 * schools} rooms, live share ${LIVE_SHARE})`);
row("POST /api/v1/notices (write + answer)", post);
row("write transaction (recipients + audit)", transactions);
row("banner on the bus for every live room", banner);
row(`heartbeat-sized write beside it (${waits.length})`, waits);
console.log(`memory (rss): ${(rss0 / 2 ** 20).toFixed(0)} MiB before, ${(rss1 / 2 ** 20).toFixed(0)} MiB after`);
console.log(`load average: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
database.close();
