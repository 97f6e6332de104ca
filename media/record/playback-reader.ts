import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FrameAssembler, i420Size, parseOutputSize, summarizeFfmpegFailure } from "../gateway/ffmpeg-output.ts";
import { filter } from "../gateway/filtergraph.ts";
import type { StoredLink } from "./chain-store.ts";

export interface ReaderOptions {
  ffmpeg: string;
  /** frames per second sent into the room, whatever the speed */
  fps: number;
  maxWidth: number;
  maxHeight: number;
  /** CJK-capable font for the recording's time on the picture; null draws none */
  fontFile: string | null;
}

export interface ReaderSink {
  /** a decoded I420 frame and the recording's time it shows (the buffer is reused after the call) */
  frame(data: Uint8Array, width: number, height: number, at: number): void;
  /** ffmpeg finished: `position` is the recording's time reached; `error` when it failed */
  done(position: number, error: string | null): void;
}

/** How many decoded frames wait for their turn before ffmpeg is held back (the pipe blocks it). */
const QUEUE_HIGH = 6;
const STDERR_LIMIT = 64 * 1024;
/** each run its own playlist: a stopped run's cleanup never removes the next one's */
let runs = 0;

/**
 * The segments to play from `position`: the segment links that end after it, in order, whose files are on disk, up
 * to the first gap. With the offset into the first one. Pure but for the existence check.
 */
export function segmentsFrom(links: readonly StoredLink[], dir: string, position: number) {
  const after = links.filter((l) => l.kind === "segment" && l.end > position && existsSync(join(dir, l.file)));
  // one run of segments that follow each other: after a gap the next run starts afresh, so its time is drawn right
  const gap = after.findIndex((l, i) => i > 0 && l.start - after[i - 1]!.end > 1000);
  const segments = gap < 0 ? after : after.slice(0, gap);
  const first = segments[0];
  return first ? { segments, offsetMs: Math.max(0, position - first.start), start: Math.max(position, first.start) } : null;
}

/** ffmpeg's filter chain: one frame per 1/fps of wall time at `speed`, the recording's time drawn on it, fitted into the box. */
export function readerFilter(o: ReaderOptions, start: number, speed: number): string {
  const parts = [filter("setpts", { expr: "PTS-STARTPTS" }), filter("fps", { fps: `${o.fps}/${speed}` })];
  if (o.fontFile) {
    const text = `%{pts:localtime:${(start / 1000).toFixed(3)}:%Y-%m-%d %H\\:%M\\:%S}`;
    parts.push(filter("drawtext", { fontfile: o.fontFile, text: `回放 ${text}`, fontcolor: "yellow", fontsize: "h/16", box: 1, boxcolor: "black@0.6", boxborderw: 6, x: "w-tw-h/30", y: "h/30" }));
  }
  parts.push(filter("scale", { w: `min(${o.maxWidth},iw)`, h: `min(${o.maxHeight},ih)`, force_original_aspect_ratio: "decrease", force_divisible_by: 2 }), filter("format", { pix_fmts: "yuv420p" }));
  return parts.join(",");
}

/**
 * One run of a playback: ffmpeg reads the camera's segment files from `position` (concat demuxer, decoded), and the
 * frames are handed on at `fps` of wall time, each showing `speed` / `fps` seconds more of the recording. ffmpeg
 * decodes ahead only a few frames: the pipe holds it back. Pausing, seeking or a new speed is a new run.
 */
export class PlaybackReader {
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly queue: Uint8Array[] = [];
  private size: { width: number; height: number } | null = null;
  private sent = 0;
  private finished = false;
  private stopped = false;
  private readonly list: string;
  /** the recording's time of the first frame */
  readonly start: number;

  constructor(
    links: readonly StoredLink[],
    dir: string,
    position: number,
    private readonly speed: number,
    private readonly o: ReaderOptions,
    private readonly sink: ReaderSink,
    tmpName: string,
  ) {
    const plan = segmentsFrom(links, dir, position);
    this.list = join(dir, `${tmpName}-${++runs}.playlist.txt`);
    this.start = plan?.start ?? position;
    if (!plan) {
      this.finished = true;
      queueMicrotask(() => sink.done(position, null));
      return;
    }
    writeFileSync(this.list, plan.segments.map((s) => `file '${join(dir, s.file).replace(/'/g, "'\\''")}'\n`).join(""));
    this.run(plan.offsetMs);
  }

  /** The recording's time of the last frame handed on. */
  get position(): number {
    return this.start + Math.max(0, this.sent - 1) * ((this.speed * 1000) / this.o.fps);
  }

  private run(offsetMs: number) {
    const args = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-threads", "1", "-filter_threads", "1"];
    args.push("-f", "concat", "-safe", "0", "-ss", (offsetMs / 1000).toFixed(3), "-i", this.list, "-map", "0:v:0", "-an", "-sn", "-dn");
    args.push("-vf", readerFilter(this.o, this.start, this.speed), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1");
    const child = spawn(this.o.ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TZ: process.env.TZ ?? "Asia/Shanghai" } });
    this.child = child;
    let stderr = "";
    let assembler: FrameAssembler | null = null;
    const pending: Buffer[] = [];
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => {
      stderr = (stderr + text).slice(-STDERR_LIMIT);
      if (this.size || !(this.size = parseOutputSize(stderr))) return;
      assembler = new FrameAssembler(i420Size(this.size.width, this.size.height), (f) => this.enqueue(f));
      for (const chunk of pending.splice(0)) assembler.push(chunk);
    });
    child.stdout!.on("data", (chunk: Buffer) => (assembler ? assembler.push(chunk) : pending.push(chunk)));
    child.stdout!.on("error", () => {});
    child.once("error", (err) => this.finish(`cannot start ffmpeg: ${err.message}`));
    child.once("close", (code, signal) => {
      this.child = null;
      const failed = code !== 0 && !this.stopped ? summarizeFfmpegFailure(stderr, { code, signal }) : null;
      this.finished = true;
      if (failed || !this.queue.length) this.finish(failed);
    });
    this.timer = setInterval(() => this.tick(), 1000 / this.o.fps);
  }

  private enqueue(frame: Uint8Array) {
    this.queue.push(new Uint8Array(frame));
    if (this.queue.length >= QUEUE_HIGH) this.child?.stdout?.pause();
  }

  private tick() {
    const frame = this.queue.shift();
    if (this.queue.length < QUEUE_HIGH / 2) this.child?.stdout?.resume();
    if (frame && this.size) {
      this.sent++;
      this.sink.frame(frame, this.size.width, this.size.height, this.position);
    }
    if (this.finished && !this.queue.length) this.finish(null);
  }

  private finish(error: string | null) {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    rmSync(this.list, { force: true });
    if (this.stopped) return;
    this.stopped = true;
    this.sink.done(this.position, error);
  }

  /** Stops ffmpeg; `done` is not called. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.child?.kill("SIGKILL");
    rmSync(this.list, { force: true });
  }
}
