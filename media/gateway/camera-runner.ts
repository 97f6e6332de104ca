import { type ChildProcess, spawn } from "node:child_process";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { Backoff, type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.ts";
import { type DecodeMode, buildFfmpegArgs, type DecodeOptions, modeFps } from "./ffmpeg-args.ts";
import { sampleFpsOf, type WatchMode } from "./decode-mode.ts";
import { FrameAssembler, i420Size, parseInputVideo, parseOutputSize, type SourceVideo, summarizeFfmpegFailure } from "./ffmpeg-output.ts";
import type { LiveInput, LiveInputs } from "./live-input.ts";
import { errorText, type Logger } from "./log.ts";
import { resolveOnvifStream } from "./onvif/streams.ts";
import { type CameraSource, type OnvifSource, parseSource, redactSource } from "./source.ts";

/** Where a camera's frames and failures go. `data` is reused after the call returns. */
export interface CameraSink {
  frame(cameraId: string, data: Uint8Array, width: number, height: number): void;
  /** the source's codec and full size, once per ffmpeg run (H.265 is decoded in software: it costs CPU) */
  source?(cameraId: string, video: SourceVideo): void;
  /** `final`: the source says it is gone (offline at once, not after the silence) */
  problem(cameraId: string, reason: string, final?: boolean): void;
}

export interface CameraRunnerOptions {
  ffmpeg: string;
  decode: DecodeOptions;
  /** a run without a frame for this long is killed and restarted */
  stallMs: number;
  backoff?: BackoffPolicy;
  /** a run that delivered frames for this long resets the backoff */
  stableMs?: number;
  log: Logger;
  /** GB/T 28181 channels (`gb28181:` sources); unset: such sources fail with a clear reason */
  liveInputs?: LiveInputs;
  /** an ONVIF camera's stream URI (GetStreamUri with its credentials); tests may replace it */
  resolveOnvif?: (source: OnvifSource) => Promise<string>;
}

/** bytes queued for ffmpeg's stdin beyond which input is dropped (ffmpeg stalled; the watchdog restarts it) */
const STDIN_LIMIT = 8 * 1024 * 1024;

const STDERR_HEAD_LIMIT = 256 * 1024;
const STDERR_TAIL_LIMIT = 4096;
/** raw bytes held while the output size is not yet known (about two 720p frames) */
const PENDING_LIMIT = 4 * 1024 * 1024;

/**
 * Runs ffmpeg for one camera, cuts its stdout into I420 frames and restarts it with exponential backoff
 * whenever it exits, fails or stalls. Nothing here throws into the caller: failures become `problem`s.
 */
export class CameraRunner {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | null = null;
  /** a GB/T 28181 camera waiting out its backoff restarts as soon as its device registers again */
  private cancelWake: (() => void) | null = null;
  private stopped = false;
  private readonly backoff: Backoff;
  private readonly label: string;
  /** ffmpeg processes started so far (for tests and logs) */
  runs = 0;
  /** frames delivered so far (for tests and measurements) */
  frames = 0;
  /** key-frame-only decoding gave no picture in time (no key frames, or a GOP longer than stallMs): sample every frame */
  private keyFramesFailed = false;
  /** kills the current ffmpeg to start it again at once in the other mode (null: none running) */
  private switchRun: (() => void) | null = null;

  constructor(
    readonly camera: GatewayCamera,
    private readonly sink: CameraSink,
    private readonly o: CameraRunnerOptions,
    private watch: WatchMode = "live",
  ) {
    this.backoff = new Backoff(o.backoff ?? DEFAULT_BACKOFF);
    this.label = `camera ${camera.id} (${camera.name})`;
  }

  /** How ffmpeg decodes now (or will on its next start). */
  get mode(): DecodeMode {
    return this.watch === "live" ? "live" : this.keyFramesFailed ? "sample-all" : "sample";
  }

  /**
   * Live (full rate) or sample (nobody watches: the sample rate only). A change restarts ffmpeg at once, with
   * no backoff and no problem reported; a camera waiting out a backoff starts in the new mode when it is over.
   */
  setMode(watch: WatchMode): void {
    if (watch === this.watch) return;
    this.watch = watch;
    this.switchRun?.();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.stopped = false;
    this.run();
  }

  /** Kills ffmpeg and resolves once it has exited; no restart follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWake?.();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  private run(): void {
    if (this.stopped) return;
    const { camera, o } = this;
    const source = parseSource(camera.source);
    if (source.kind === "onvif") {
      // the device says where its stream is; asked again on every restart (a camera may hand out a new URI after a reboot)
      (o.resolveOnvif ?? resolveOnvifStream)(source).then(
        (uri) => {
          if (this.stopped) return;
          const resolved = parseSource(uri);
          this.spawn(resolved.kind === "onvif" ? { kind: "invalid", reason: "the camera's stream URI is another onvif:// address" } : resolved);
        },
        (err: unknown) => {
          if (this.stopped) return;
          const reason = `ONVIF: ${errorText(err)}`;
          this.sink.problem(camera.id, reason);
          this.restartLater(reason);
        },
      );
      return;
    }
    this.spawn(source);
  }

  /** After the backoff; a `gb28181:` camera also as soon as its device registers again. */
  private restartLater(reason: string, source?: CameraSource): void {
    const delay = this.backoff.next();
    this.o.log.warn(`${this.label}: ${reason}; restarting in ${(delay / 1000).toFixed(1)} s`);
    const restart = () => {
      this.cancelWake?.();
      this.cancelWake = null;
      if (this.restartTimer) clearTimeout(this.restartTimer);
      this.restartTimer = null;
      this.run();
    };
    this.restartTimer = setTimeout(restart, delay);
    if (source?.kind === "gb28181" && this.o.liveInputs) this.cancelWake = this.o.liveInputs.whenReady(source, restart);
  }

  private spawn(source: CameraSource): void {
    const { camera, o } = this;
    if (source.kind === "invalid") {
      // only a new configuration can fix this: no retries
      o.log.warn(`${this.label}: ${source.reason}`);
      this.sink.problem(camera.id, source.reason);
      return;
    }
    const mode = this.mode;
    const decode: DecodeOptions = { ...o.decode, fallbackLabel: camera.name, sampleFps: sampleFpsOf(camera) };
    let args: string[];
    try {
      args = buildFfmpegArgs(source, decode, mode);
    } catch (err) {
      this.sink.problem(camera.id, errorText(err));
      return;
    }
    this.runs++;
    const startedAt = Date.now();
    let firstFrameAt: number | null = null;
    let lastFrameAt: number | null = null;
    let killedFor: string | null = null;
    let stderrHead = "";
    let stderrTail = "";
    let assembler: FrameAssembler | null = null;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size: { width: number; height: number } | null = null;

    const fed = source.kind === "gb28181";
    const child = spawn(o.ffmpeg, args, { stdio: [fed ? "pipe" : "ignore", "pipe", "pipe"] });
    this.child = child;
    let finished = false;
    let killedFinal = false;
    let switched = false;
    const kill = (reason: string, final = false) => {
      if (killedFor) return;
      killedFor = reason;
      killedFinal = final;
      child.kill("SIGKILL");
    };
    this.switchRun = () => {
      switched = true;
      kill("switching decode mode");
    };
    let input: LiveInput | null = null;
    if (source.kind === "gb28181") {
      const stdin = child.stdin!;
      stdin.on("error", () => {});
      if (!o.liveInputs) kill("GB/T 28181 is not enabled on this gateway (set GB28181_SIP_PORT)");
      else {
        o.liveInputs
          .open(source, {
            data: (chunk) => {
              if (!stdin.destroyed && stdin.writableLength < STDIN_LIMIT) stdin.write(chunk);
            },
            end: (reason) => kill(reason, true),
          })
          .then(
            (opened) => {
              if (finished) opened.close();
              else input = opened;
            },
            (err) => kill(errorText(err), true),
          );
      }
    }
    const onFrame = (data: Uint8Array) => {
      const now = Date.now();
      firstFrameAt ??= now;
      lastFrameAt = now;
      this.frames++;
      try {
        this.sink.frame(camera.id, data, size!.width, size!.height);
      } catch (err) {
        o.log.error(`${this.label}: frame handler failed: ${errorText(err)}`);
      }
    };
    const startAssembler = () => {
      if (size || !(size = parseOutputSize(stderrHead))) return;
      const input = parseInputVideo(stderrHead);
      if (input) {
        try {
          this.sink.source?.(camera.id, input);
        } catch (err) {
          o.log.error(`${this.label}: source handler failed: ${errorText(err)}`);
        }
      }
      assembler = new FrameAssembler(i420Size(size.width, size.height), onFrame);
      const from = input ? ` (${input.codec} ${input.width}x${input.height})` : "";
      o.log.info(`${this.label}: decoding ${redactSource(camera.source)}${from} at ${size.width}x${size.height}, ${modeFps(mode, decode)} fps (${mode})`);
      for (const chunk of pending) assembler.push(chunk);
      pending = [];
      stderrHead = "";
    };

    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_LIMIT);
      if (!size && stderrHead.length < STDERR_HEAD_LIMIT) {
        stderrHead += text;
        startAssembler();
      }
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (assembler) return assembler.push(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > PENDING_LIMIT) kill("ffmpeg did not report its output size");
    });
    child.stdout!.on("error", () => {});

    const watchdog = setInterval(() => {
      const silentMs = Date.now() - (lastFrameAt ?? startedAt);
      if (silentMs >= o.stallMs) kill(`no video frames for ${Math.round(silentMs / 1000)} s`);
    }, Math.min(1000, o.stallMs));

    this.exited = new Promise<void>((resolve) => {
      let done = false;
      const finish = (exit: { code: number | null; signal: string | null }, spawnError?: Error) => {
        if (done) return;
        done = true;
        finished = true;
        input?.close();
        input = null;
        clearInterval(watchdog);
        if (this.child === child) {
          this.child = null;
          this.switchRun = null;
        }
        resolve();
        if (this.stopped) return;
        if (switched) return this.run();
        if (mode === "sample" && killedFor?.startsWith("no video frames")) {
          // a stream without key frames in reach (intra refresh, or a GOP longer than stallMs): decode them all
          this.keyFramesFailed = true;
          o.log.warn(`${this.label}: no picture from key frames alone; sampling from every frame`);
        }
        const reason = spawnError ? `cannot start ffmpeg (${o.ffmpeg}): ${errorText(spawnError)}` : (killedFor ?? summarizeFfmpegFailure(stderrTail, exit));
        this.sink.problem(camera.id, reason, killedFinal);
        if (firstFrameAt !== null && lastFrameAt! - firstFrameAt >= (o.stableMs ?? 10_000)) this.backoff.reset();
        this.restartLater(reason, source);
      };
      child.once("error", (err) => finish({ code: null, signal: null }, err));
      child.once("close", (code, signal) => finish({ code, signal }));
    });
  }
}
