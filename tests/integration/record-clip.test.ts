/**
 * Evidence clips cut on the gateway (issue 19, item 5, the gateway's part): from real ffmpeg segments, without
 * re-encoding, with the chain links they came from; spans over 5 minutes, backwards or with nothing recorded are
 * refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../media/gateway/log.ts";
import { sha256OfBytes } from "../../media/record/chain-hash.ts";
import { CameraRecorder } from "../../media/record/camera-recorder.ts";
import { ClipError, cutClip } from "../../media/record/clip.ts";

let dir: string;
let rec: CameraRecorder;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mcll-clip-"));
  let n = 0;
  let fourth!: () => void;
  const recorded = new Promise<void>((resolve) => (fourth = resolve));
  const decode = { fps: 10, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 160, testHeight: 96 };
  rec = new CameraRecorder("cam_clip1", "test:clip", join(dir, "cam"), { ffmpeg: "ffmpeg", segmentSeconds: 1, fps: 10, maxBitrate: 200_000, decode, log: silentLogger, onLink: (_id, l) => void (l.kind === "segment" && ++n === 4 && fourth()) });
  rec.start();
  await recorded;
  await rec.stop();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("evidence clips on the gateway", () => {
  it("cuts the span from its segments without re-encoding and names their chain links", async () => {
    const segs = rec.chain.all().filter((l) => l.kind === "segment");
    const [a, b] = [segs[1]!, segs[2]!];
    const clip = await cutClip(rec.chain, rec.dir, { start: a.start + 100, end: b.end - 100 }, join(dir, "clip.mp4"));
    expect(clip.links.map((l) => l.seq)).toEqual([a.seq, b.seq]);
    expect(clip.links[0]!.hash).toBe(a.hash);
    expect(clip.sha256).toBe(sha256OfBytes(readFileSync(clip.path)));
    const probe = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name:format=duration", "-of", "csv=p=0", clip.path], { encoding: "utf8" });
    expect(probe).toMatch(/^h264/);
    const duration = Number(probe.trim().split("\n").at(-1));
    expect(duration).toBeGreaterThan(0.8);
    expect(duration).toBeLessThan((b.end - a.start) / 1000 + 0.5);
  });

  it("refuses a span over 5 minutes, one that ends before it starts, and one with nothing recorded", async () => {
    const t0 = rec.chain.head!.end;
    await expect(cutClip(rec.chain, rec.dir, { start: t0 - 301_000, end: t0 }, join(dir, "x.mp4"))).rejects.toThrow(ClipError);
    await expect(cutClip(rec.chain, rec.dir, { start: t0, end: t0 - 1000 }, join(dir, "x.mp4"))).rejects.toThrow(/ends before it starts/);
    await expect(cutClip(rec.chain, rec.dir, { start: t0 + 60_000, end: t0 + 70_000 }, join(dir, "x.mp4"))).rejects.toThrow(/nothing is recorded/);
  });
});
