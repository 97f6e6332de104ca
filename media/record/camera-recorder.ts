import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Backoff } from "../gateway/backoff.ts";
import type { DecodeOptions } from "../gateway/ffmpeg-args.ts";
import { errorText, type Logger } from "../gateway/log.ts";
import { resolveOnvifStream } from "../gateway/onvif/streams.ts";
import { type CameraSource, parseSource } from "../gateway/source.ts";
import { sha256OfBytes } from "./chain-hash.ts";
import { ChainStore, type StoredLink } from "./chain-store.ts";
import { buildRecordArgs } from "./recorder-args.ts";

export interface CameraRecorderOptions {
  ffmpeg: string;
  segmentSeconds: number;
  fps: number;
  maxBitrate: number;
  decode: DecodeOptions;
  log: Logger;
  /** links older than this are dropped from memory (the retention, plus a day) */
  keepMs?: number;
  /** ffprobe binary (the codec of each run's first segment); default beside ffmpeg */
  ffprobe?: string;
  /** called after each link is appended (segment or gap) */
  onLink?: (cameraId: string, link: StoredLink) => void;
}

/** `<run>-YYYYMMDDTHHMMSS.mp4`: the run keeps names unique across restarts within one second. */
const SEGMENT = /^([a-z0-9]+)-(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)\.mp4$/;
const RUNNING = "running";
/** a new segment starting this much after the head's end leaves a gap worth recording */
const GAP_TOLERANCE_MS = 1500;

export const KILLED_REASON = "gateway_killed";
export const STOPPED_REASON = "gateway_stopped";

function nameTime(name: string): number | null {
  const m = SEGMENT.exec(name);
  return m ? Date.UTC(+m[2]!, +m[3]! - 1, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : null;
}

/**
 * Records one camera continuously: ffmpeg writes wall-clock-aligned segments and lists each finished one on
 * stdout; each is hashed and appended to the camera's chain. When nothing was recorded between the chain's
 * head and a new segment (gateway stopped or killed, camera stream lost) a gap link with the reason goes first.
 * A segment still being written when the gateway is killed is set aside on the next start (`.partial`).
 */
export class CameraRecorder {
  readonly chain: ChainStore;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private gapReason: string | null;
  private work: Promise<void> = Promise.resolve();
  private readonly backoff = new Backoff();
  runs = 0;
  /** what the camera sends, from the first segment of the latest run (Chromium plays H.264, not H.265) */
  video: { codec: string; width: number; height: number } | null = null;

  constructor(
    readonly cameraId: string,
    readonly source: string,
    readonly dir: string,
    private readonly o: CameraRecorderOptions,
  ) {
    this.chain = new ChainStore(dir, o.keepMs);
    const wasRunning = existsSync(join(dir, RUNNING));
    this.gapReason = this.chain.head ? (wasRunning ? KILLED_REASON : STOPPED_REASON) : null;
    const known = new Set(this.chain.all().map((l) => l.file));
    for (const f of readdirSync(dir)) {
      if (SEGMENT.test(f) && !known.has(f)) renameSync(join(dir, f), join(dir, `${f}.partial`));
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.stopped = false;
    writeFileSync(join(this.dir, RUNNING), String(process.pid));
    this.run();
  }

  /** Asks ffmpeg to finish its segment (SIGINT), chains it, and marks a clean stop. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const child = this.child;
    if (child) {
      child.kill("SIGINT");
      const force = setTimeout(() => child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(force);
    }
    await this.work;
    rmSync(join(this.dir, RUNNING), { force: true });
  }

  /** Kills ffmpeg at once (tests: the gateway killed mid-segment). */
  async kill(): Promise<void> {
    this.stopped = true;
    this.child?.kill("SIGKILL");
    await this.exited;
    await this.work;
  }

  private run(): void {
    if (this.stopped) return;
    const source = parseSource(this.source);
    if (source.kind !== "onvif") return this.record(source);
    // an ONVIF camera is recorded from the stream URI its device gives, asked again on every restart
    resolveOnvifStream(source).then(
      (uri) => {
        if (this.stopped) return;
        const resolved = parseSource(uri);
        this.record(resolved.kind === "onvif" ? { kind: "invalid", reason: "the camera's stream URI is another onvif:// address" } : resolved);
      },
      (err: unknown) => {
        if (this.stopped) return;
        this.o.log.warn(`recorder ${this.cameraId}: ONVIF: ${errorText(err)}; retrying in 30 s`);
        this.timer = setTimeout(() => this.run(), 30_000);
      },
    );
  }

  private record(source: Exclude<CameraSource, { kind: "onvif" }>): void {
    const { o } = this;
    let args: string[];
    try {
      const run = (Date.now() % 2 ** 40).toString(36);
      args = buildRecordArgs(source, { segmentSeconds: o.segmentSeconds, fps: o.fps, maxBitrate: o.maxBitrate, decode: o.decode, pattern: join(this.dir, `${run}-%Y%m%dT%H%M%S.mp4`) });
    } catch (err) {
      o.log.warn(`recorder ${this.cameraId}: ${errorText(err)}`);
      return;
    }
    this.runs++;
    let base: number | null = null;
    // the run cannot have recorded anything before it was started (the file name only has whole seconds)
    const spawnedAt = Date.now();
    let stdout = "";
    let stderrTail = "";
    const child = spawn(o.ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TZ: "UTC" } });
    this.child = child;
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (text: string) => {
      stdout += text;
      let nl: number;
      while ((nl = stdout.indexOf("\n")) >= 0) {
        const line = stdout.slice(0, nl).trim();
        stdout = stdout.slice(nl + 1);
        const [path, s, e] = line.split(",");
        const name = path?.split("/").pop() ?? "";
        const t = nameTime(name);
        if (t === null || s === undefined || e === undefined) continue;
        base ??= Math.max(spawnedAt, t - Math.round(Number(s) * 1000));
        const start = base + Math.round(Number(s) * 1000);
        const end = base + Math.round(Number(e) * 1000);
        this.work = this.work.then(() => this.chainSegment(name, start, end));
      }
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (t: string) => (stderrTail = (stderrTail + t).slice(-2000)));
    this.exited = new Promise<void>((resolve) => {
      child.once("error", () => {});
      child.once("close", (code, signal) => {
        if (this.child === child) this.child = null;
        resolve();
        if (this.stopped) return;
        const why = stderrTail.trim().split("\n").pop() || `ffmpeg exited (${signal ?? code})`;
        this.gapReason = `camera_stream_lost: ${why.slice(0, 200)}`;
        const delay = this.backoff.next();
        o.log.warn(`recorder ${this.cameraId}: ${why}; restarting in ${(delay / 1000).toFixed(1)} s`);
        this.timer = setTimeout(() => this.run(), delay);
      });
    });
  }

  private probe(path: string): Promise<void> {
    const ffprobe = this.o.ffprobe ?? this.o.ffmpeg.replace(/ffmpeg$/, "ffprobe");
    return new Promise((resolve) => {
      const child = spawn(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path], { stdio: ["ignore", "pipe", "ignore"] });
      let out = "";
      child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
      child.once("error", () => resolve());
      child.once("close", () => {
        const [codec, w, h] = out.trim().split(",");
        if (codec && /^[a-z0-9_]{2,20}$/.test(codec)) this.video = { codec, width: Number(w) || 0, height: Number(h) || 0 };
        resolve();
      });
    });
  }

  private async chainSegment(name: string, rawStart: number, end: number): Promise<void> {
    const path = join(this.dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      this.o.log.error(`recorder ${this.cameraId}: segment ${name} unreadable: ${errorText(err)}`);
      return;
    }
    const head = this.chain.head;
    const start = head ? Math.max(rawStart, head.end) : rawStart;
    // after a restart any time missing is a gap; within a run only what is past ffmpeg's rounding
    if (head && start - head.end > (this.gapReason ? 0 : GAP_TOLERANCE_MS)) {
      const gap = this.chain.append({ kind: "gap", start: head.end, end: start, sha256: "", reason: this.gapReason ?? "not_recorded" });
      this.o.onLink?.(this.cameraId, gap);
    }
    if (this.gapReason !== null || !this.video) void this.probe(path);
    this.gapReason = null;
    this.backoff.reset();
    const link = this.chain.append({ kind: "segment", start, end: Math.max(start, end), sha256: sha256OfBytes(bytes), reason: "" }, name, bytes.byteLength);
    this.o.onLink?.(this.cameraId, link);
  }
}
