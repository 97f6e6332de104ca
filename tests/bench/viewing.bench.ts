/**
 * npm run bench:viewing — fifty parents in one supervised viewing session (issue 13).
 *
 * Everything real: the API (in this process) on a fresh demo database, a LiveKit server, the edge gateway
 * publishing the demo canteen's seven `test:` cameras (640x360, 15 fps, ≤ 500 kbit/s). The principal schedules a
 * session opening 备餐间 (not public) and one public camera for BENCH_PARENTS committee members; each parent signs
 * in and asks for their viewing token (the API's path, with its gateway hint), then joins from a separate process
 * (tests/bench/viewing/parents.ts, @livekit/rtc-node). In steps of BENCH_STEPS parents (10, 25, 50), it prints:
 *  - each parent's join → first decoded frame of both cameras, p50 / p95 / max, and how many never got there;
 *  - the CPU % and resident memory of the LiveKit server, the API and the gateway (+ its ffmpeg) with the parents in;
 *  - the gateway's upstream per camera stream, which must not grow with the parents: one upstream per camera,
 *    the SFU fans out;
 *  - the machine's load average beside each figure (this machine is shared: figures are noisy).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { GatewayStatsSnapshot } from "../../media/gateway/stats-file.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { measureWindow } from "./gateway-window.ts";
import { startLiveStack } from "../e2e/support/live.ts";

const STEPS = (process.env.BENCH_STEPS ?? "10,25,50").split(",").map(Number);
const PARENTS = Math.max(...STEPS);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_S ?? 10) * 1000;

const dir = mkdtempSync(join(tmpdir(), "mcll-bench-viewing-"));
const statsFile = join(dir, "gateway-stats.json");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" / ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]! : NaN);
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "–");
const summary = (values: number[]) => `${fmt(percentile(values, 50))} / ${fmt(percentile(values, 95))} / ${fmt(values.length ? Math.max(...values) : NaN)}`;
const readStats = () => JSON.parse(readFileSync(statsFile, "utf8")) as GatewayStatsSnapshot;

const measure = (pids: Record<string, number[]>, ms: number) => measureWindow(statsFile, pids, ms);

const stack = await startLiveStack({ gateway: true, gatewayEnv: { GATEWAY_FPS: "15", GATEWAY_TEST_SIZE: "640x360", GATEWAY_MAX_BITRATE: "500000", GATEWAY_STATS_FILE: statsFile } });
let parents: ReturnType<typeof spawn> | null = null;
try {
  const { server } = stack;
  const principal = await server.login("school.principal");
  const canteen = (await server.call("GET", `/api/v1/canteens/${stack.canteenId}`, { token: principal })).json;
  const prepArea = canteen.areas.find((a: { kind: string }) => a.kind === "prep_room");
  const prep = canteen.cameras.find((c: { areaId: string }) => c.areaId === prepArea.id).id as string;
  const open = canteen.cameras.find((c: { id: string; publicVisible: boolean }) => c.publicVisible && c.id !== prep).id as string;
  const patched = await server.call("PATCH", `/api/v1/cameras/${prep}`, { token: principal, body: { publicVisible: false } });
  if (patched.status !== 200) throw new Error(`camera: ${patched.status} ${patched.text}`);
  // the committee: PARENTS parent accounts of the school, seated
  const ids: string[] = [];
  for (let i = 0; i < PARENTS; i++) {
    const made = await server.call("POST", "/api/v1/users", { token: principal, body: { username: `bench.parent${i}`, displayName: `家长${i}`, password: DEMO_PASSWORD, orgId: canteen.orgId, role: "parent_rep" } });
    if (made.status !== 201) throw new Error(`parent ${i}: ${made.status} ${made.text}`);
    const seated = await server.call("POST", "/api/v1/committee", { token: principal, body: { orgId: canteen.orgId, userId: made.json.id, grade: `${(i % 6) + 1}年级`, term: "2026—2027学年" } });
    if (seated.status !== 201) throw new Error(`seat ${i}: ${seated.status} ${seated.text}`);
    ids.push(made.json.id);
  }
  const hostId = (await server.call("GET", "/api/v1/auth/me", { token: principal })).json.id as string;
  const session = await server.call("POST", "/api/v1/viewing-sessions", {
    token: principal,
    body: { canteenId: stack.canteenId, title: "午餐备餐监督（基准）", startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(), cameraIds: [prep, open], inviteeIds: ids, hostId },
  });
  if (session.status !== 201) throw new Error(`session: ${session.status} ${session.text}`);
  for (let i = 0; i < 150 && !(existsSync(statsFile) && readStats().streams.length >= 7); i++) await sleep(200);
  console.log(`[bench:viewing] stack up: ${readStats().streams.length} camera streams; a session of 2 cameras (备餐间 not public) for ${PARENTS} parents; load ${load()}`);

  // each parent signs in and asks the API for a viewing token (as the page does when they tap "join")
  const tokenMs: number[] = [];
  const tokenOf = async (i: number) => {
    const login = await server.login(`bench.parent${i}`);
    const t0 = performance.now();
    const res = await server.call("POST", `/api/v1/viewing-sessions/${session.json.id}/token`, { token: login });
    tokenMs.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`viewing token ${i}: ${res.status} ${res.text}`);
    return res.json as { url: string; token: string };
  };

  const gatewayPid = stack.gateway!.child.pid!;
  const pids = { livekit: [server.livekit.process.pid!], gateway: [gatewayPid, ...Object.values(readStats().ffmpeg)] };
  const start = async (from: number, count: number) => {
    const tokens = [];
    for (let i = from; i < from + count; i++) tokens.push(await tokenOf(i));
    const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "viewing/parents.ts")], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    const ready = new Promise<{ joined: number; failed: number; joinToFrame: number[] }>((done, fail) => {
      child.stdout!.on("data", (d) => {
        out += String(d);
        const line = out.split("\n").find((l) => l.startsWith("ready "));
        if (line) done(JSON.parse(line.slice(6)));
      });
      child.once("exit", (code) => fail(new Error(`parents exited ${code}: ${out.slice(-500)}`)));
      setTimeout(() => fail(new Error(`parents not ready within 300 s: ${out.slice(-500)}`)), 300_000);
    });
    child.stdin!.write(`${JSON.stringify({ url: tokens[0]!.url, tokens: tokens.map((t) => t.token), tracks: 2 })}\n`);
    return { child, result: await ready };
  };
  const stop = async (child: ReturnType<typeof spawn>) => {
    const gone = new Promise((r) => child.once("exit", r));
    child.stdin!.end();
    await Promise.race([gone, sleep(15_000).then(() => child.kill("SIGKILL"))]);
  };

  await sleep(3000);
  const idle = await measure(pids, WINDOW_MS);
  const rows: string[] = [];
  const row = (name: string, w: typeof idle) =>
    `  ${name.padEnd(11)} upstream ${fmt(w.upKbps)} kbit/s over ${w.active} streams; CPU % livekit ${fmt(w.cpu.livekit!)}, API ${fmt(w.cpu.api!)}, gateway+ffmpeg ${fmt(w.cpu.gateway!)}; RSS MiB livekit ${fmt(w.mem.livekit!)}, API ${fmt(w.mem.api!)}, gateway+ffmpeg ${fmt(w.mem.gateway!)}; load ${w.load}`;
  rows.push(row("no parent", idle));
  // each step: a fresh batch of parents (accounts not used before), all in at once, then measured with them in
  let next = 0;
  const steps: Array<{ n: number; result: { joined: number; failed: number; joinToFrame: number[] }; w: typeof idle }> = [];
  for (const n of STEPS) {
    if (next + n > PARENTS) next = 0;
    const { child, result } = await start(next, n);
    next += n;
    parents = child;
    await sleep(3000);
    const w = await measure(pids, WINDOW_MS);
    steps.push({ n, result, w });
    rows.push(row(`${n} parents`, w));
    rows.push(`    join → both cameras' first frame (ms, p50 / p95 / max): ${summary(result.joinToFrame)}; ${result.joined} of ${n} got there${result.failed ? `, ${result.failed} did not within 30 s` : ""}`);
    await stop(child);
    parents = null;
  }
  const one = steps[0]!.w.upKbps;
  console.log(
    [
      "",
      `[bench:viewing] one session, 2 cameras (备餐间 + a public one), steps of ${STEPS.join(" / ")} parents, ${WINDOW_MS / 1000} s windows; load now ${load()}`,
      `  viewing token (API, with the gateway hint), ms p50 / p95 / max: ${summary(tokenMs)}`,
      ...rows,
      `  gateway upstream with ${steps.at(-1)!.n} parents ÷ with ${steps[0]!.n}: ${(steps.at(-1)!.w.upKbps / one).toFixed(2)} (the SFU fans out: ≈ 1)`,
    ].join("\n"),
  );
} finally {
  if (parents) parents.kill();
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
}
// the figures are out and the stack is closed, yet a handle of the in-process stack (not tracked down) held the
// process open for minutes after; a bench is a script, so it ends here (an error above has already ended it)
process.exit(0);
