import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AlertIngest } from "../../server/alerts/ingest-contracts.ts";
import { DEFAULT_DETECTION_SETTINGS } from "../../server/detection/contracts.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import type { Detection, Detector, Frame } from "../../media/detect/types.ts";
import { AlertQueue } from "../../media/gateway/alert-queue.ts";
import { DetectionPipeline, type SampleResult } from "../../media/gateway/detection.ts";
import { silentLogger } from "../../media/gateway/log.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const queue = () => {
  const d = mkdtempSync(join(tmpdir(), "mcll-detq-"));
  dirs.push(d);
  return new AlertQueue(d);
};

/** A detector whose answers and timing the test controls. */
class ScriptedDetector implements Detector {
  readonly description = "scripted";
  readonly labels = ["person"];
  frames: Frame[] = [];
  pending: (() => void)[] = [];
  constructor(private readonly answer: () => Detection[], private readonly manual = false) {}
  async detect(frame: Frame): Promise<Detection[]> {
    this.frames.push(frame);
    if (this.manual) await new Promise<void>((r) => this.pending.push(r));
    return this.answer();
  }
  async close() {}
}

const W = 64;
const H = 36;
const i420 = new Uint8Array(W * H * 1.5).fill(128);
const camera = (id: string, o: Partial<GatewayCamera> = {}): GatewayCamera => ({ id, name: id, source: `test:${id}`, areaKind: "cooking", publicVisible: false, ...o });
const person: Detection = { label: "person", score: 0.9, box: { x: 0.3, y: 0.2, w: 0.3, h: 0.7 } };
const samples = (p: DetectionPipeline, n: number) =>
  new Promise<SampleResult[]>((resolve) => {
    const seen: SampleResult[] = [];
    p.on("sample", (s) => {
      seen.push(s);
      if (seen.length === n) resolve(seen);
    });
  });

describe("detection pipeline", () => {
  it("samples each camera at its sampleFps from the frames it is offered", async () => {
    let now = Date.parse("2026-11-23T12:00:00+08:00");
    const detector = new ScriptedDetector(() => []);
    const p = new DetectionPipeline({ detector, queue: queue(), log: silentLogger, now: () => now });
    p.setCameras([camera("cam_aaaaaa01"), camera("cam_bbbbbb01", { detection: { ...DEFAULT_DETECTION_SETTINGS, sampleFps: 0.5 } }), camera("cam_off00001", { detection: { ...DEFAULT_DETECTION_SETTINGS, enabled: false } })]);
    const done = samples(p, 15);
    // 10 s of 15 fps video from each camera
    for (let f = 0; f < 150; f++) {
      for (const id of ["cam_aaaaaa01", "cam_bbbbbb01", "cam_off00001"]) p.offer(id, i420, W, H);
      await new Promise((r) => setImmediate(r));
      now += 1000 / 15;
    }
    const got = await done;
    const per = (id: string) => got.filter((s) => s.cameraId === id).length;
    expect(per("cam_aaaaaa01")).toBe(10);
    expect(per("cam_bbbbbb01")).toBe(5);
    expect(per("cam_off00001")).toBe(0);
    expect(detector.frames[0]).toMatchObject({ width: W, height: H, order: "i420" }); // no RGB conversion per sample
    await p.stop();
  });
  it("takes a frame that comes a little early as the sample (a camera decoded at the sample rate: one frame per interval)", async () => {
    let now = 0;
    const p = new DetectionPipeline({ detector: new ScriptedDetector(() => []), queue: queue(), log: silentLogger, now: () => now, motionGate: null });
    p.setCameras([camera("cam_aaaaaa01")]);
    const done = samples(p, 10);
    // 1 fps with jitter: every other frame 20 ms early
    for (let f = 0; f < 10; f++) {
      now = f * 1000 - (f % 2 ? 20 : 0);
      p.offer("cam_aaaaaa01", i420, W, H);
      await new Promise((r) => setImmediate(r));
    }
    expect((await done).length).toBe(10);
    await p.stop();
  });
  it("never queues more than one sample per camera, and drops samples that went stale while the detector was busy", async () => {
    let now = 0;
    const detector = new ScriptedDetector(() => [], true);
    const p = new DetectionPipeline({ detector, queue: queue(), log: silentLogger, now: () => now });
    const dropped: string[] = [];
    p.on("dropped", (d) => dropped.push(d.why));
    p.setCameras([camera("cam_aaaaaa01"), camera("cam_bbbbbb01")]);
    p.offer("cam_aaaaaa01", i420, W, H); // taken by the detector at once
    p.offer("cam_bbbbbb01", i420, W, H); // waits
    now = 1000;
    p.offer("cam_bbbbbb01", i420, W, H); // replaces the waiting one
    expect(dropped).toEqual(["superseded"]);
    now = 2500; // the waiting sample (t=1000) is older than its 1 s interval
    const stale = new Promise((r) => p.on("dropped", (d) => d.why === "stale" && r(d)));
    detector.pending.shift()!();
    await stale;
    expect(dropped).toEqual(["superseded", "stale"]);
    expect(detector.frames).toHaveLength(1);
    await p.stop();
  });
  it("raises an after-hours alert with a snapshot into the on-disk queue", async () => {
    let now = Date.parse("2026-11-23T23:30:00+08:00");
    const q = queue();
    let queued = 0;
    const p = new DetectionPipeline({ detector: new ScriptedDetector(() => [person]), queue: q, log: silentLogger, now: () => now, onQueued: () => queued++ });
    p.setCameras([camera("cam_aaaaaa01")]);
    const alerted = new Promise((r) => p.once("alert", r));
    const done = samples(p, 3);
    for (let i = 0; i < 3; i++) {
      p.offer("cam_aaaaaa01", i420, W, H);
      await new Promise((r) => setTimeout(r, 5));
      now += 1000;
    }
    await alerted;
    await done;
    expect(queued).toBe(1); // cooldown: one alert
    const head = q.peek()!;
    expect(AlertIngest.safeParse(head.alert).success).toBe(true);
    expect(head.alert).toMatchObject({ cameraId: "cam_aaaaaa01", type: "after_hours_intrusion", confidence: 0.9, occurredAt: "2026-11-23T23:30:01.000+08:00" });
    expect(head.alert.boxes[0]).toMatchObject({ label: "person", x: 0.3 });
    expect(Buffer.from(head.alert.snapshotJpegBase64, "base64").subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    await p.stop();
  });
});
