import { spawn } from "node:child_process";
import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { ZOOM_TOPIC, type ZoomMessage } from "../../server/zoom/contracts.ts";
import type { DecodeOptions } from "./ffmpeg-args.ts";
import { parseInputVideo, summarizeFfmpegFailure } from "./ffmpeg-output.ts";
import { postAsDevice } from "./device-post.ts";
import type { Gateway } from "./gateway.ts";
import { errorText, type Logger } from "./log.ts";
import { resolveOnvifStream } from "./onvif/streams.ts";
import { type CameraSource, type OnvifSource, parseSource } from "./source.ts";
import { zoomArgs } from "./zoom-args.ts";

type Request = Extract<ZoomMessage, { type: "zoom.request" }>;
export type ZoomOutcome = { ok: true; jpeg: Uint8Array } | { ok: false; error: string };

export interface ZoomDriverOptions {
  ffmpeg: string;
  decode: DecodeOptions;
  log: Logger;
  /** gives the API the crop, or says why there is none */
  report(id: string, outcome: ZoomOutcome): Promise<unknown>;
  resolveOnvif?: (s: OnvifSource) => Promise<string>;
  /** ffmpeg is killed after this long without its picture (the API gives up on a request after 20 s) */
  timeoutMs?: number;
}

/** requests waiting beyond the one being cropped: more are refused at once (a 2-core box decodes its cameras first) */
const MAX_WAITING = 4;
const JPEG_LIMIT = 16 * 1024 * 1024;

/**
 * 数字变焦 on the gateway (issue 17): for each `zoom.request` the API addresses to it (server only, checked by the
 * shared parser), one ffmpeg opens the camera's source afresh, takes one picture at the source's full resolution,
 * crops the requested source pixels and writes a JPEG, which goes to the API. One crop at a time for the whole
 * gateway, so a burst of zooms never starves the live cameras; a source that changed size since the API computed
 * the crop, a camera that does not answer, or a failed ffmpeg become a clear failure for the requester.
 */
export class ZoomDriver {
  private cameras = new Map<string, GatewayCamera>();
  private chain: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly o: ZoomDriverOptions) {}

  configure(cameras: readonly GatewayCamera[]): void {
    this.cameras = new Map(cameras.map((c) => [c.id, c]));
  }

  /** A data packet from the room: true when it was on the `zoom` topic (valid or not). */
  receive(payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined | null, topic: string | undefined): boolean {
    if (topic !== ZOOM_TOPIC) return false;
    const parsed = parseMessage(ZOOM_TOPIC, payload, senderOf(participant));
    if (!parsed.ok) this.o.log.warn(`ignored a "${ZOOM_TOPIC}" message: ${parsed.reason}`);
    else if (parsed.message.type === "zoom.request") this.enqueue(parsed.message);
    return true;
  }

  /** Resolves once every queued crop was answered (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(m: Request): void {
    const camera = this.cameras.get(m.cameraId);
    if (!camera) return; // another gateway's camera in the same room
    if (this.waiting >= MAX_WAITING) return void this.send(m.id, { ok: false, error: "the gateway is busy with other zooms: try again shortly" });
    this.waiting++;
    this.chain = this.chain.then(async () => {
      this.waiting--;
      await this.send(m.id, await this.crop(camera, m));
    });
  }

  private send(id: string, outcome: ZoomOutcome): Promise<void> {
    if (!outcome.ok) this.o.log.warn(`zoom ${id} failed: ${outcome.error}`);
    return this.o.report(id, outcome).then(
      () => undefined,
      (err: unknown) => this.o.log.warn(`could not report zoom ${id}: ${errorText(err)}`),
    );
  }

  /** One picture of the camera's source, cropped: the JPEG or why not. Never throws. */
  async crop(camera: GatewayCamera, m: Pick<Request, "source" | "crop">): Promise<ZoomOutcome> {
    let source: CameraSource = parseSource(camera.source);
    if (source.kind === "onvif") {
      try {
        const uri = await (this.o.resolveOnvif ?? resolveOnvifStream)(source);
        source = parseSource(uri);
      } catch (err) {
        return { ok: false, error: `${camera.name}: ONVIF: ${errorText(err)}` };
      }
    }
    const args = zoomArgs(source, m.crop, { ...this.o.decode, fallbackLabel: camera.name });
    if (!Array.isArray(args)) return { ok: false, error: `${camera.name}: ${args.reason}` };
    const run = await runOnce(this.o.ffmpeg, args, this.o.timeoutMs ?? 15_000);
    const input = parseInputVideo(run.stderr);
    // the crop was computed for the size the camera reported: a camera switched to another resolution since is asked again
    if (input && (input.width !== m.source.width || input.height !== m.source.height)) {
      return { ok: false, error: `${camera.name}: the source is now ${input.width}x${input.height}, not ${m.source.width}x${m.source.height}: zoom again` };
    }
    if (run.error || run.jpeg.length === 0) return { ok: false, error: `${camera.name}: ${run.error ?? summarizeFfmpegFailure(run.stderr, run.exit)}`.slice(0, 300) };
    return { ok: true, jpeg: run.jpeg };
  }
}

/** Runs ffmpeg once: its stdout (the JPEG), its stderr, and why it failed (a timeout, a spawn error, an exit code). */
function runOnce(ffmpeg: string, args: string[], timeoutMs: number) {
  return new Promise<{ jpeg: Uint8Array; stderr: string; error: string | null; exit: { code: number | null; signal: string | null } }>((resolve) => {
    const child = spawn(ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let error: string | null = null;
    const timer = setTimeout(() => {
      error = `no picture from the camera within ${Math.round(timeoutMs / 1000)} s`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout!.on("data", (b: Buffer) => {
      size += b.length;
      if (size > JPEG_LIMIT) {
        error = "the crop is larger than 16 MB";
        child.kill("SIGKILL");
      } else out.push(b);
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (t: string) => (stderr = (stderr + t).slice(-64 * 1024)));
    child.once("error", (err) => (error = `cannot start ffmpeg (${ffmpeg}): ${errorText(err)}`));
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (!error && code !== 0) error = summarizeFfmpegFailure(stderr, { code, signal });
      resolve({ jpeg: new Uint8Array(Buffer.concat(out)), stderr, error, exit: { code, signal } });
    });
  });
}

function jpegForm(jpeg: Uint8Array): FormData {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "zoom.jpg");
  return form;
}

/** The driver wired to a gateway: follows its configuration and its room, uploads to the API with its device token. */
export function startZoom(gateway: Gateway, o: { apiUrl: string; deviceToken: () => string; ffmpeg: string; decode: DecodeOptions; log: Logger }): ZoomDriver {
  const base = o.apiUrl.replace(/\/+$/, "");
  const driver = new ZoomDriver({
    ffmpeg: o.ffmpeg,
    decode: o.decode,
    log: o.log,
    report: async (id, outcome) => {
      const url = `${base}/api/v1/gateway/zooms/${encodeURIComponent(id)}${outcome.ok ? "" : "/failed"}`;
      const body = outcome.ok ? jpegForm(outcome.jpeg) : { error: outcome.error.slice(0, 300) };
      return postAsDevice(url, { token: o.deviceToken(), body, timeoutMs: 15_000 });
    },
  });
  gateway.on("config", (config) => driver.configure(config.cameras));
  gateway.on("data", (payload, participant, topic) => driver.receive(payload, participant, topic));
  return driver;
}
