import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTION_SETTINGS } from "../../server/detection/contracts.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { DEFAULT_LIVE_LINGER_MS, sampleFpsOf, watchMode } from "../../media/gateway/decode-mode.ts";
import { buildFfmpegArgs, DEFAULT_DECODE, type DecodeOptions, modeFps, outputFilter } from "../../media/gateway/ffmpeg-args.ts";
import { parseSource } from "../../media/gateway/source.ts";

const opts: DecodeOptions = { ...DEFAULT_DECODE, fontFile: null, sampleFps: 1 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const camera = (o: Partial<GatewayCamera> = {}): GatewayCamera => ({ id: "cam_mode0001", name: "灶台", source: "test:", areaKind: "cooking", publicVisible: false, ...o });

describe("live or sample decoding", () => {
  it("is sample while nobody ever watched", () => {
    expect(watchMode(Number.NEGATIVE_INFINITY, 1_000_000)).toBe("sample");
  });
  it("is live while watched and for the linger after the last viewer, then sample", () => {
    const t = 1_000_000;
    expect(watchMode(t, t)).toBe("live");
    expect(watchMode(t, t + DEFAULT_LIVE_LINGER_MS - 1)).toBe("live");
    expect(watchMode(t, t + DEFAULT_LIVE_LINGER_MS)).toBe("sample");
    expect(watchMode(t, t + 4_999, 5_000)).toBe("live");
    expect(watchMode(t, t + 5_000, 5_000)).toBe("sample");
  });
  it("does not thrash when a viewer flaps: each visit within the linger keeps it live", () => {
    // watched at 0 s, 20 s, 45 s (left in between): live throughout, sample only 30 s after the last visit
    const visits = [0, 20_000, 45_000];
    const modes: string[] = [];
    for (let now = 0; now <= 80_000; now += 1000) {
      const last = Math.max(...visits.filter((v) => v <= now));
      modes.push(watchMode(last, now));
    }
    const switches = modes.filter((m, i) => i > 0 && m !== modes[i - 1]).length;
    expect(switches).toBe(1);
    expect(modes.indexOf("sample")).toBe(75);
  });
  it("samples at the camera's detection rate, at least once a second", () => {
    expect(sampleFpsOf(camera())).toBe(1);
    expect(sampleFpsOf(camera({ detection: { ...DEFAULT_DETECTION_SETTINGS, sampleFps: 2 } }))).toBe(2);
    expect(sampleFpsOf(camera({ detection: { ...DEFAULT_DETECTION_SETTINGS, sampleFps: 0.2 } }))).toBe(1);
    expect(sampleFpsOf(camera({ detection: { ...DEFAULT_DETECTION_SETTINGS, enabled: false, sampleFps: 5 } }))).toBe(1);
  });
});

describe("ffmpeg arguments per decode mode", () => {
  it("live: the full rate, every frame decoded", () => {
    const args = buildFfmpegArgs(parseSource("rtsp://10.0.0.5/ch1"), opts, "live");
    expect(args).not.toContain("-skip_frame");
    expect(valueAfter(args, "-vf")).toBe(outputFilter(opts));
    expect(buildFfmpegArgs(parseSource("rtsp://10.0.0.5/ch1"), opts)).toEqual(args);
  });
  it("sample: RTSP, files, HTTP and GB/T 28181 decode key frames only, thinned to the sample rate", () => {
    for (const source of ["rtsp://10.0.0.5/ch1", "/srv/a.mp4", "http://cdn/x.mp4", "http://cam/live", "gb28181:34020000001320000001/34020000001320000002"]) {
      const args = buildFfmpegArgs(parseSource(source), opts, "sample");
      expect(valueAfter(args, "-skip_frame"), source).toBe("nokey");
      expect(args.indexOf("-skip_frame"), source).toBeLessThan(args.indexOf("-i")); // a decoder option of the input
      expect(valueAfter(args, "-vf"), source).toBe(outputFilter({ ...opts, fps: 1 }));
    }
  });
  it("sample-all: every frame decoded (no key frames in reach), still thinned", () => {
    const args = buildFfmpegArgs(parseSource("rtsp://10.0.0.5/ch1"), opts, "sample-all");
    expect(args).not.toContain("-skip_frame");
    expect(valueAfter(args, "-vf")).toBe(outputFilter({ ...opts, fps: 1 }));
  });
  it("sample: a photo is repeated and a test picture drawn at the sample rate", () => {
    const photo = buildFfmpegArgs(parseSource("/srv/kitchen.jpg"), { ...opts, sampleFps: 2 }, "sample");
    expect(valueAfter(photo, "-framerate")).toBe("2");
    expect(photo).not.toContain("-skip_frame");
    const test = buildFfmpegArgs(parseSource("test:库房"), opts, "sample");
    expect(valueAfter(test, "-i").startsWith("testsrc2=size=\\'640x360\\':rate=\\'1\\'")).toBe(true);
    expect(test).not.toContain("-skip_frame");
  });
  it("never samples faster than the live rate", () => {
    expect(modeFps("sample", { ...opts, fps: 5, sampleFps: 10 })).toBe(5);
    expect(modeFps("live", opts)).toBe(15);
    expect(modeFps("sample", { ...opts, sampleFps: undefined })).toBe(1);
  });
});
