/**
 * An RTSP H.264 camera is recorded by stream copy (issue 19 item 1: "RTSP H.264: stream copy"), with real ffmpeg on
 * both sides: a camera served over RTSP/TCP (tests/support/rtsp-relay.ts: ffmpeg's encode relayed as an IP camera
 * would serve it) and the gateway's CameraRecorder pulling it. The running recorder's ffmpeg copies (`-c:v copy`, no
 * encoder); its segments have the camera's codec, profile and size (ffprobe), their pictures are the camera's own,
 * frame for frame (decoded frame hashes found in the camera's stream in order: a re-encode would change them), and
 * their bit rate is the camera's.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CameraRecorder } from "../../media/record/camera-recorder.ts";
import type { StoredLink } from "../../media/record/chain-store.ts";
import { buildRecordArgs } from "../../media/record/recorder-args.ts";
import { consoleLogger, silentLogger } from "../../media/gateway/log.ts";
import { startRtspCamera } from "../support/rtsp-relay.ts";
import { tempWorkspace } from "../support/workspace.ts";

let ws: ReturnType<typeof tempWorkspace>;
let camera: Awaited<ReturnType<typeof startRtspCamera>> | undefined;
let recorder: CameraRecorder | undefined;
const links: StoredLink[] = [];
/** the recorder's ffmpeg command line, read from /proc while it ran */
let cmdline: string[] | null = null;

const decode = { fps: 10, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 160, testHeight: 96 };

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")}: ${err.slice(-500)}`))));
  });
}

const stream = async (file: string) => JSON.parse(await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,profile,width,height,pix_fmt", "-of", "json", file])).streams[0];
/** each decoded picture's md5 and its packet's size, in order */
async function frames(file: string): Promise<Array<{ md5: string; size: number }>> {
  const out = await run("ffmpeg", ["-v", "error", "-i", file, "-map", "0:v:0", "-f", "framemd5", "-"]);
  const md5s = out.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(",").at(-1)!.trim());
  const sizes = (await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size", "-of", "csv=p=0", file])).trim().split("\n").map(Number);
  return md5s.map((md5, i) => ({ md5, size: sizes[i] ?? 0 }));
}

beforeAll(async () => {
  ws = tempWorkspace("rtsp-copy");
  camera = await startRtspCamera({ dir: ws.dir, size: "320x240", fps: 10, kbit: 400 });
  recorder = new CameraRecorder("cam_rtspcopy001", camera.url, join(ws.dir, "rec"), {
    ffmpeg: "ffmpeg",
    segmentSeconds: 1,
    fps: 5,
    maxBitrate: 150_000, // the live cap an encoder would use: a copy must not follow it
    decode,
    log: process.env.RECORD_TEST_LOG ? consoleLogger : silentLogger,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fewer than 4 segments of the RTSP camera within 30 s (${links.length})`)), 30_000);
    const poll = setInterval(() => {
      if (cmdline === null && recorder!.pid) cmdline = readFileSync(`/proc/${recorder!.pid}/cmdline`, "utf8").split("\0");
      const all = recorder!.chain.all();
      if (all.filter((l) => l.kind === "segment").length >= 4) {
        clearInterval(poll);
        clearTimeout(timer);
        links.push(...all);
        resolve();
      }
    }, 100);
    recorder!.start();
  });
  await recorder.stop();
  await camera.stop();
}, 60_000);

afterAll(async () => {
  await recorder?.stop();
  await camera?.stop().catch(() => {});
  ws?.remove();
});

describe("recording an RTSP H.264 camera", () => {
  it("is a stream copy: the recorder's ffmpeg copies and encodes nothing", async () => {
    const args = buildRecordArgs({ kind: "rtsp", url: camera!.url }, { segmentSeconds: 1, fps: 5, maxBitrate: 150_000, decode, pattern: "x-%Y%m%dT%H%M%S.mp4" });
    expect(args.join(" ")).toMatch(/-c:v copy/);
    expect(args).not.toContain("libx264");
    expect(args).not.toContain("-vf");
    expect(args.join(" ")).toMatch(/-rtsp_transport tcp .* -i rtsp:\/\/127\.0\.0\.1:\d+\/live/);
    // the process that ran, as the kernel saw it while it recorded
    expect(cmdline).not.toBeNull();
    expect(cmdline!.join(" ")).toContain(`-i ${camera!.url} -map 0:v:0 -an -sn -dn -c:v copy -f segment`);
    expect(cmdline).not.toContain("libx264");
  });

  it("stores the camera's codec, profile and size, its pictures frame for frame, at its bit rate", async () => {
    const source = await stream(camera!.sourceFile);
    expect(source.codec_name).toBe("h264");
    const sourceFrames = await frames(camera!.sourceFile);
    const at = new Map(sourceFrames.map((f, i) => [f.md5, i]));
    const segments = links.filter((l) => l.kind === "segment").slice(1, -1); // whole ones: not the first, cut mid-stream
    expect(segments.length).toBeGreaterThanOrEqual(2);
    for (const seg of segments) {
      const file = join(ws.dir, "rec", seg.file);
      expect(await stream(file)).toEqual(source);
      const got = await frames(file);
      expect(got.length).toBeGreaterThanOrEqual(8); // ~1 s at 10 fps
      // the segment's pictures are a run of the camera's own, in order
      const first = at.get(got[0]!.md5);
      expect(first, `${seg.file}: its first picture is not one the camera sent`).toBeDefined();
      expect(got.map((f) => f.md5)).toEqual(sourceFrames.slice(first!, first! + got.length).map((f) => f.md5));
      // the same bits per picture as the camera's (only parameter sets may be carried differently), not the live cap
      const bytes = got.reduce((n, f) => n + f.size, 0);
      const sourceBytes = sourceFrames.slice(first!, first! + got.length).reduce((n, f) => n + f.size, 0);
      expect(Math.abs(bytes - sourceBytes) / sourceBytes).toBeLessThan(0.03);
      const kbps = (bytes * 8) / (got.length / camera!.fps) / 1000;
      expect(kbps).toBeGreaterThan(150 * 1.3);
      expect(readFileSync(file).byteLength).toBe(seg.bytes);
    }
  });
});
