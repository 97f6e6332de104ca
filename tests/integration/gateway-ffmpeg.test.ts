/** The gateway's ffmpeg side with real ffmpeg: escaping as ffmpeg parses it, frame cutting, restarts with backoff. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CameraRunner } from "../../media/gateway/camera-runner.ts";
import { findCjkFont } from "../../media/gateway/config.ts";
import { buildFfmpegArgs, DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { parseOutputSize } from "../../media/gateway/ffmpeg-output.ts";
import { escapeDrawtextText, filter } from "../../media/gateway/filtergraph.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { parseSource } from "../../media/gateway/source.ts";

const font = findCjkFont()?.file;
let dir: string;
const runners: CameraRunner[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mcll-gw-ffmpeg-"));
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** One raw RGB frame of a lavfi graph. */
function renderFrame(graph: string): Buffer {
  const r = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", graph, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`ffmpeg refused the graph: ${r.stderr.toString()}`);
  return r.stdout;
}

describe("drawtext escaping, as ffmpeg reads it", () => {
  it("draws exactly the label, whatever characters it has", () => {
    if (!font) throw new Error("no CJK font found: install fonts-noto-cjk (edge/ensure-deps.sh --system)");
    const label = "烹饪区-1 it's 100% [A,B;C]: x\\y %{pts} 'q' \"d\"";
    // reference: the raw label from a file, with expansion off: no parser of ours is involved
    const file = join(dir, "label.txt");
    writeFileSync(file, label);
    const base = { fontfile: font, fontsize: 24, fontcolor: "white", x: 4, y: 4 };
    const viaText = renderFrame(`color=c=black:s=640x48,${filter("drawtext", { ...base, text: escapeDrawtextText(label) })}`);
    const viaFile = renderFrame(`color=c=black:s=640x48,${filter("drawtext", { ...base, textfile: file, expansion: "none" })}`);
    const blank = renderFrame("color=c=black:s=640x48");
    expect(viaText.equals(blank)).toBe(false);
    expect(viaText.equals(viaFile)).toBe(true);
  });
});

describe("ffmpeg output", () => {
  it("reports a size that matches the bytes it writes (fit into 1280x720, even)", () => {
    const src = join(dir, "odd.mkv");
    expect(spawnSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=2001x1001:rate=10", "-t", "1", "-c:v", "ffv1", "-y", src]).status).toBe(0);
    const args = buildFfmpegArgs(parseSource(src), { ...DEFAULT_DECODE, fontFile: null, fps: 5 });
    const r = spawnSync("ffmpeg", [...args.slice(0, -1), "-frames:v", "3", "pipe:1"], { maxBuffer: 64 << 20 });
    expect(r.status).toBe(0);
    const size = parseOutputSize(r.stderr.toString())!;
    expect(size).toEqual({ width: 1280, height: 640 });
    expect(r.stdout.length).toBe(3 * (1280 * 640 * 3) / 2);
  });
});

describe("camera runner", () => {
  it("cuts frames from a test source", async () => {
    const frames: { w: number; h: number; n: number }[] = [];
    const got = new Promise<void>((resolve) => {
      const runner = new CameraRunner(
        { id: "cam_runner01", name: "备餐间", source: "test:备餐间", areaKind: "prep_room", publicVisible: false },
        {
          frame: (_id, data, w, h) => {
            frames.push({ w, h, n: data.length });
            if (frames.length === 5) resolve();
          },
          problem: () => {},
        },
        { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fps: 10, fontFile: font ?? null, testWidth: 320, testHeight: 180 }, stallMs: 10_000, log: silentLogger },
      );
      runners.push(runner);
      runner.start();
    });
    await got;
    expect(frames[0]).toEqual({ w: 320, h: 180, n: 320 * 180 * 1.5 });
  });

  it("decodes at the sample rate, switches to live and back at once (one restart each, no problem reported)", async () => {
    const problems: string[] = [];
    let frames = 0;
    let onFrame = () => {};
    const runner = new CameraRunner(
      { id: "cam_runner02", name: "灶台", source: "test:灶台", areaKind: "cooking", publicVisible: false },
      { frame: () => (frames++, onFrame()), problem: (_id, reason) => problems.push(reason) },
      { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fps: 10, fontFile: null, testWidth: 320, testHeight: 180 }, stallMs: 10_000, log: silentLogger },
      "sample",
    );
    runners.push(runner);
    const nthFrame = (n: number) => new Promise<void>((resolve) => (onFrame = () => frames >= n && resolve()));
    // frames per second over a window of `count` frames, after the first one (ffmpeg's start left out)
    const rate = async (count: number) => {
      frames = 0;
      await nthFrame(1);
      const t = performance.now();
      await nthFrame(1 + count);
      return count / ((performance.now() - t) / 1000);
    };
    runner.start();
    expect(runner.mode).toBe("sample");
    const sampled = await rate(3);
    expect(sampled).toBeGreaterThan(0.6);
    expect(sampled).toBeLessThan(1.6);
    runner.setMode("live");
    expect(runner.mode).toBe("live");
    const live = await rate(20);
    expect(live).toBeGreaterThan(6);
    runner.setMode("live"); // no change: no restart
    runner.setMode("sample");
    expect(await rate(2)).toBeLessThan(1.6);
    expect(runner.runs).toBe(3);
    expect(problems).toEqual([]);
    await runner.stop();
  }, 30_000);

  it("in sample mode decodes an H.264 stream's key frames only (GOP 2 s at 1 sample/s: each picture twice)", async () => {
    const file = join(dir, "gop2s.mp4");
    const made = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15", "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-pix_fmt", "yuv420p", file]);
    expect(made.status, made.stderr?.toString()).toBe(0);
    const pictures = async (mode: "sample" | "live", n: number) => {
      const digests: string[] = [];
      const runner = await new Promise<CameraRunner>((resolve) => {
        const r: CameraRunner = new CameraRunner(
          { id: "cam_runner05", name: "H.264", source: file, areaKind: "cooking", publicVisible: false },
          { frame: (_id, data) => digests.push(createHash("sha1").update(data).digest("hex")) === n && resolve(r), problem: () => {} },
          { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fps: 2, fontFile: null }, stallMs: 10_000, log: silentLogger },
          mode,
        );
        runners.push(r);
        r.start();
      });
      await runner.stop();
      return new Set(digests.slice(0, n)).size;
    };
    // the moving test picture: every frame decoded gives a new picture each time; key frames only, one per 2 s
    expect(await pictures("live", 6)).toBe(6);
    const distinct = await pictures("sample", 6);
    expect(distinct).toBeGreaterThanOrEqual(2);
    expect(distinct).toBeLessThanOrEqual(4);
  }, 30_000);

  it("restarts a failing source with growing delays and a clear reason", async () => {
    const notVideo = join(dir, "notes.txt");
    writeFileSync(notVideo, "这不是视频");
    for (const [source, reason] of [
      [join(dir, "missing.mp4"), /No such file or directory/],
      [notVideo, /Invalid data found/],
    ] as const) {
      const problems: { at: number; reason: string }[] = [];
      const third = new Promise<void>((resolve) => {
        const runner = new CameraRunner(
          { id: "cam_runner02", name: "坏摄像头", source, areaKind: "other", publicVisible: false },
          {
            frame: () => {},
            problem: (_id, r) => {
              problems.push({ at: Date.now(), reason: r });
              if (problems.length === 3) resolve();
            },
          },
          { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fontFile: null }, stallMs: 10_000, log: silentLogger },
        );
        runners.push(runner);
        runner.start();
      });
      await third;
      await runners.at(-1)!.stop();
      expect(runners.at(-1)!.runs).toBe(3);
      for (const p of problems) expect(p.reason).toMatch(reason);
      // 1 s, then 2 s between attempts (plus ffmpeg's own start-up)
      expect(problems[1].at - problems[0].at).toBeGreaterThanOrEqual(950);
      expect(problems[2].at - problems[1].at).toBeGreaterThanOrEqual(1950);
    }
  }, 30_000);

  it("reports a source it cannot use without starting ffmpeg", async () => {
    const reasons: string[] = [];
    const runner = new CameraRunner(
      { id: "cam_runner03", name: "x", source: "ftp://10.0.0.9/cam", areaKind: "other", publicVisible: false },
      { frame: () => {}, problem: (_id, r) => reasons.push(r) },
      { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fontFile: null }, stallMs: 10_000, log: silentLogger },
    );
    runner.start();
    await runner.stop();
    expect(runner.runs).toBe(0);
    expect(reasons).toEqual([expect.stringMatching(/unsupported source/)]);
  });

  it("reports a missing ffmpeg binary instead of crashing", async () => {
    const reason = await new Promise<string>((resolve) => {
      const runner = new CameraRunner(
        { id: "cam_runner04", name: "x", source: "test:x", areaKind: "other", publicVisible: false },
        { frame: () => {}, problem: (_id, r) => resolve(r) },
        { ffmpeg: join(dir, "no-ffmpeg"), decode: { ...DEFAULT_DECODE, fontFile: null }, stallMs: 10_000, log: silentLogger },
      );
      runners.push(runner);
      runner.start();
    });
    expect(reason).toMatch(/cannot start ffmpeg .*ENOENT/);
  });
});
