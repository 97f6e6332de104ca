/**
 * npm run bench:record — recordings on the gateway (issue 19): the recorder's CPU per camera (encoded `test:`
 * source at the live settings, and stream copy of an H.264 file standing in for an RTSP camera), disk bytes per
 * camera-hour, and the API's side of a camera-day: anchoring a day of links and answering one challenge (links of
 * an hour + one segment's bytes), and an evidence clip of 60 s cut on the gateway and uploaded through the API (hash,
 * chain check against the anchors, media store). Prints the figures beside the targets, with the load average.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { cameras } from "../../db/schema/index.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { type ChainLink, sha256OfBytes } from "../../media/record/chain-hash.ts";
import { ChainStore, publicLink } from "../../media/record/chain-store.ts";
import { apiRecordPlane } from "../../media/record/api.ts";
import { ClipRequests } from "../../media/record/clip-requests.ts";
import type { CameraRecorder as Recorder } from "../../media/record/camera-recorder.ts";
import { insertClip } from "../../server/record/clip-requests.ts";
import { cutClip } from "../../media/record/clip.ts";
import { Playbacks } from "../../media/record/playbacks.ts";
import { CameraRecorder } from "../../media/record/camera-recorder.ts";
import { buildRecordArgs } from "../../media/record/recorder-args.ts";
import { answerChallenge, ingestAnchors, issueChallenges } from "../../server/record/service.ts";
import { startTestApp } from "../support/app.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const FPS = 15;
const BITRATE = 500_000;
const dir = mkdtempSync(join(tmpdir(), "mcll-bench-record-"));
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]);
};
const HZ = 100;

/** Runs a recorder for SECONDS and returns its CPU share (of one core) and bytes per hour. */
async function measure(label: string, rec: { pid?: number; bytes: () => number; stop: () => Promise<void> }) {
  await new Promise((r) => setTimeout(r, 3000));
  const pid = rec.pid!;
  const [c0, b0, t0] = [ticks(pid), rec.bytes(), performance.now()];
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const [c1, b1, t1] = [ticks(pid), rec.bytes(), performance.now()];
  await rec.stop();
  const secs = (t1 - t0) / 1000;
  return { label, cpu: ((c1 - c0) / HZ / secs) * 100, bytesPerHour: ((b1 - b0) / secs) * 3600 };
}

const decode = { fps: FPS, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 640, testHeight: 360 };
const results = [];
// encoded: a test: source at the live cap
{
  const r = new CameraRecorder("cam_bench1", "test:bench", join(dir, "enc"), { ffmpeg: "ffmpeg", segmentSeconds: 10, fps: FPS, maxBitrate: BITRATE, decode, log: silentLogger });
  r.start();
  await new Promise((res) => setTimeout(res, 500));
  results.push(await measure("encode (test:, 640x360 15 fps ≤ 500 kbit/s)", { pid: r.pid, bytes: () => r.chain.all().reduce((n, l) => n + l.bytes, 0), stop: () => r.stop() }));
}
// copy: an H.264 file looped in place of an RTSP camera, through the recorder's own copy arguments
{
  const src = join(dir, "camera.mp4");
  await new Promise((res, rej) => spawn("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=1280x720:rate=${FPS}`, "-t", "20", "-c:v", "libx264", "-preset", "veryfast", "-g", String(FPS * 2), "-b:v", "2M", "-pix_fmt", "yuv420p", src]).once("exit", (c) => (c === 0 ? res(null) : rej(new Error("ffmpeg")))));
  const args = buildRecordArgs({ kind: "rtsp", url: "rtsp://x" }, { segmentSeconds: 10, fps: FPS, maxBitrate: BITRATE, decode, pattern: join(dir, "copy-%Y%m%dT%H%M%S.mp4") });
  const at = args.indexOf("-rtsp_transport");
  args.splice(at, 6, "-re", "-stream_loop", "-1", "-i", src);
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, TZ: "UTC" } });
  let bytes = 0;
  child.stdout!.on("data", (t: Buffer) => {
    for (const line of t.toString().trim().split("\n")) if (line) bytes += readFileSync(join(dir, line.split(",")[0]!.split("/").pop()!)).byteLength;
  });
  results.push(await measure("copy (H.264 1280x720 2 Mbit/s, RTSP-like)", { pid: child.pid, bytes: () => bytes, stop: async () => void child.kill("SIGINT") }));
}

// cutting a 60 s clip (no upload yet): 80 s of 10 s segments made at full speed, chained, then cut by stream copy
let clipMs = 0;
let clipBytes = 0;
{
  const segDir = join(dir, "clip");
  mkdirSync(segDir);
  await new Promise((res, rej) =>
    spawn("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=640x360:rate=${FPS}`, "-t", "80", "-c:v", "libx264", "-preset", "ultrafast", "-g", String(FPS), "-b:v", "500k", "-f", "segment", "-segment_time", "10", "-reset_timestamps", "1", join(segDir, "s%03d.mp4")]).once("exit", (c) => (c === 0 ? res(null) : rej(new Error("ffmpeg")))),
  );
  const store = new ChainStore(segDir);
  const t0 = Date.now() - 100_000;
  for (let i = 0; i < 8; i++) {
    const file = `s${String(i).padStart(3, "0")}.mp4`;
    const bytes = readFileSync(join(segDir, file));
    store.append({ kind: "segment", start: t0 + i * 10_000, end: t0 + (i + 1) * 10_000, sha256: sha256OfBytes(bytes), reason: "" }, file, bytes.byteLength);
  }
  const c0 = performance.now();
  const clip = await cutClip(store, segDir, { start: t0 + 15_000, end: t0 + 75_000 }, join(dir, "clip.mp4"));
  clipMs = performance.now() - c0;
  clipBytes = clip.bytes;
}

// playback at the gateway: from the state arriving (play, or a seek of a running one) to the first frame handed to
// the room's encoder (ffmpeg started over the segments, first frame decoded and paced), over the 80 s made above
const playMs: number[] = [];
const seekMs: number[] = [];
{
  const segDir = join(dir, "clip");
  const store = new ChainStore(segDir);
  const links = store.all();
  const [from, to] = [links[0]!.start, links.at(-1)!.end - 5000];
  let waiting: ((at: number) => void) | null = null;
  const pb = new Playbacks({ ffmpeg: "ffmpeg", fps: FPS, fontFile: null, maxWidth: 1280, maxHeight: 720, max: 100, log: silentLogger, recordingOf: () => ({ links, dir: segDir }), frame: () => {}, closeTrack: () => {}, watched: () => true, reportEnded: async () => {}, onFrame: (_id, at) => waiting?.(at) });
  const first = () => new Promise<void>((res) => (waiting = () => ((waiting = null), res())));
  const pick = () => Math.round(from + Math.random() * (to - from));
  for (let i = 0; i < 20; i++) {
    const id = `pb_bench${String(i).padStart(4, "0")}`;
    let t0 = performance.now();
    let got = first();
    pb.apply({ type: "playback.state", id, cameraId: "cam_bench1", position: pick(), since: Date.now(), speed: 1, paused: false, ended: null });
    await got;
    playMs.push(performance.now() - t0);
    t0 = performance.now();
    got = first();
    pb.apply({ type: "playback.state", id, cameraId: "cam_bench1", position: pick(), since: Date.now(), speed: 4, paused: false, ended: null });
    await got;
    seekMs.push(performance.now() - t0);
    pb.apply({ type: "playback.state", id, cameraId: "cam_bench1", position: 0, since: Date.now(), speed: 1, paused: false, ended: "stopped" });
  }
  pb.stop();
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

// the API's side of a camera-day: 8,640 ten-second links anchored hourly, then one challenge answered
const t = await startTestApp();
const [cam] = await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id)).limit(1);
const segment = new Uint8Array(625_000).map((_, i) => i & 0xff);
const { createHash } = await import("node:crypto");
const sha = createHash("sha256").update(segment).digest("hex");
const day0 = Date.now() - 86_400_000;
const links: ChainLink[] = Array.from({ length: 8640 }, (_, i) => ({ seq: i + 1, kind: "segment", start: day0 + i * 10_000, end: day0 + (i + 1) * 10_000, sha256: sha, reason: "" }));
const deps = { db: t.db, config: t.config };
const gw = { id: t.demo.demoGateway.id };
let a0 = performance.now();
for (let h = 0; h < 24; h++) {
  const part = links.slice(h * 360, (h + 1) * 360);
  await ingestAnchors(deps, gw, { cameras: [{ cameraId: cam!.id, links: part, heads: [] }], storage: { bytes: 0, maxBytes: 1e12, retentionDays: 7, low: false, projected7dBytes: 0 } });
}
const anchorDayMs = performance.now() - a0;
const [c] = await issueChallenges(deps, { cameraIds: [cam!.id] });
a0 = performance.now();
const verdict = await answerChallenge(deps, gw, c!.id, { links: links.slice(c!.fromSeq, c!.toSeq), segmentBase64: Buffer.from(segment).toString("base64") });
const challengeMs = performance.now() - a0;

// an evidence clip of 60 s: the 80 s made above anchored for a second camera, asked for, then cut on the gateway
// (stream copy) and uploaded through the API in process (base64 JSON, sha256, chain check, media store)
const [, cam2] = await t.db.select({ id: cameras.id, canteenId: cameras.canteenId }).from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id)).limit(2);
const clipStore = new ChainStore(join(dir, "clip"));
await ingestAnchors(deps, gw, { cameras: [{ cameraId: cam2!.id, links: clipStore.all().map(publicLink), heads: [] }], storage: { bytes: 0, maxBytes: 1e12, retentionDays: 7, low: false, projected7dBytes: 0 } });
const s0 = clipStore.all()[0]!.start;
const asked = await t.db.transaction((tx) => insertClip(tx, { canteenId: cam2!.canteenId, cameraId: cam2!.id, gatewayId: gw.id, origin: "manual", requestedBy: null, span: { start: s0 + 15_000, end: s0 + 75_000 }, attach: null, now: Date.now() }));
const plane = apiRecordPlane({ apiUrl: "http://api.bench", deviceToken: () => t.demo.demoGateway.deviceToken, fetch: ((url: string, init: RequestInit) => t.app.request(url, init)) as typeof fetch });
let clipRun: { status: string; cutMs?: number; uploadMs?: number; bytes?: number } = { status: "none" };
const requests = new ClipRequests(plane, {
  ffmpeg: "ffmpeg",
  dir: join(dir, "clips-out"),
  log: silentLogger,
  recorders: new Map([[cam2!.id, { chain: clipStore, dir: join(dir, "clip") } as unknown as Recorder]]),
  anchorNow: async () => {},
  acked: () => ({ ackedSeq: clipStore.head!.seq, rejected: false }),
  onClip: (c) => c.id === asked.id && (clipRun = c),
});
a0 = performance.now();
await requests.poll();
const clipTotalMs = performance.now() - a0;
t.close();
rmSync(dir, { recursive: true, force: true });

console.log(`\nbench:record — ${SECONDS} s per recorder, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const r of results) console.log(`  recorder ${r.label}: CPU ${r.cpu.toFixed(1)} % of one core, disk ${(r.bytesPerHour / 1e6).toFixed(0)} MB per camera-hour`);
console.log(`  anchoring one camera-day (8,640 links in 24 hourly batches): ${anchorDayMs.toFixed(0)} ms`);
console.log(`  one challenge (360 links + a 625 kB segment, ${verdict.outcome}): ${challengeMs.toFixed(0)} ms`);
console.log(`  cutting a 60 s clip from 10 s segments (stream copy, ${(clipBytes / 1e6).toFixed(1)} MB): ${clipMs.toFixed(0)} ms`);
console.log(`  a 60 s evidence clip asked → ${clipRun.status} in the API: ${clipTotalMs.toFixed(0)} ms (cut ${(clipRun.cutMs ?? 0).toFixed(0)} ms, upload + hash + chain check + store ${(clipRun.uploadMs ?? 0).toFixed(0)} ms, ${((clipRun.bytes ?? 0) / 1e6).toFixed(1)} MB)`);
console.log(`  playback, state received → first frame to the encoder (20 each, 640x360 10 s segments): play p50 ${pct(playMs, 50).toFixed(0)} ms p95 ${pct(playMs, 95).toFixed(0)} ms; seek p50 ${pct(seekMs, 50).toFixed(0)} ms p95 ${pct(seekMs, 95).toFixed(0)} ms (target p95 ≤ 1,500 ms end to end)`);
console.log("  end to end (POST /api/v1/playback → a viewer's first frame through LiveKit) is printed by tests/integration/record-playback.test.ts");
