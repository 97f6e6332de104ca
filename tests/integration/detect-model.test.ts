/**
 * The real YOLOX-Nano model (MODEL_DIR, default ../shared/models/yolox-nano-coco) on the licensed photos in
 * ../shared/testdata/images (their SOURCE.md lists what the model finds), through the same path as camera
 * frames: JPEG → I420 → the gateway's detection pipeline → rules → an alert in the on-disk queue.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertIngest } from "../../server/alerts/ingest-contracts.ts";
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from "../../server/detection/contracts.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { decodeJpeg, rgbToI420 } from "../../media/detect/image.ts";
import { DEFAULT_MODEL_DIR, loadDetector, type LoadedDetector } from "../../media/detect/load.ts";
import { ModelFolderError } from "../../media/detect/model-folder.ts";
import { AlertQueue } from "../../media/gateway/alert-queue.ts";
import { DetectionPipeline, type SampleResult } from "../../media/gateway/detection.ts";
import { silentLogger } from "../../media/gateway/log.ts";

const MODEL_DIR = process.env.MODEL_DIR ?? DEFAULT_MODEL_DIR;
const IMAGES = resolve(MODEL_DIR, "../../testdata/images");
const photo = (name: string) => decodeJpeg(readFileSync(join(IMAGES, name)));

let loaded: LoadedDetector;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "mcll-detect-"));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  loaded = await loadDetector(MODEL_DIR, 1);
});
afterAll(async () => {
  await loaded?.detector.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const best = (ds: { label: string; score: number }[], label: string) => Math.max(0, ...ds.filter((d) => d.label === label).map((d) => d.score));

describe("YOLOX-Nano on the test photos", () => {
  it("finds the cook (person ≥ 0.5) with the box SOURCE.md gives", async () => {
    const frame = photo("person_cook_kitchen.jpg");
    const ds = await loaded.detector.detect(frame);
    const cook = ds.find((d) => d.label === "person" && d.score >= 0.5)!;
    expect(cook).toBeDefined();
    // SOURCE.md: person 0.829 [378, 68, 499, 354] in 640x427 pixels
    expect(cook.box.x * 640).toBeCloseTo(378, -1);
    expect((cook.box.y + cook.box.h) * 427).toBeCloseTo(354, -1);
  });
  it("finds no person in the empty kitchen, a dog in dog.jpg and a cat in cat.jpg", async () => {
    expect(best(await loaded.detector.detect(photo("empty_kitchen.jpg")), "person")).toBeLessThan(0.3);
    expect(best(await loaded.detector.detect(photo("dog.jpg")), "dog")).toBeGreaterThanOrEqual(0.8);
    expect(best(await loaded.detector.detect(photo("cat.jpg")), "cat")).toBeGreaterThanOrEqual(0.5);
  });
});

describe("photos through the gateway's pipeline and rules", () => {
  /** Offers the photo as a camera's I420 frame `n` times, one sampled second apart, at CST time `hhmm`. */
  async function runPhoto(name: string, hhmm: string, o: { areaKind?: GatewayCamera["areaKind"]; settings?: Partial<DetectionSettings>; n?: number } = {}) {
    const frame = photo(name);
    const even = { ...frame, width: frame.width & ~1, height: frame.height & ~1 };
    const cropped = new Uint8Array(even.width * even.height * 3);
    for (let y = 0; y < even.height; y++) cropped.set(frame.data.subarray(y * frame.width * 3, y * frame.width * 3 + even.width * 3), y * even.width * 3);
    const i420 = rgbToI420({ ...even, data: cropped });
    let now = Date.parse(`2026-11-23T${hhmm}:00+08:00`);
    const queue = new AlertQueue(tempDir());
    const pipeline = new DetectionPipeline({ detector: loaded.detector, queue, log: silentLogger, now: () => now, modelLabelMap: loaded.labelMap });
    const camera: GatewayCamera = { id: "cam_photo001", name: "photo", source: "test:photo", areaKind: o.areaKind ?? "cooking", publicVisible: false, detection: { ...DEFAULT_DETECTION_SETTINGS, ...o.settings } };
    pipeline.setCameras([camera]);
    const results: SampleResult[] = [];
    for (let i = 0; i < (o.n ?? 3); i++) {
      const done = new Promise<SampleResult>((r) => pipeline.once("sample", r));
      pipeline.offer(camera.id, i420, even.width, even.height);
      results.push(await done);
      now += 1000;
    }
    await pipeline.stop();
    const alerts = queue.names().map((n) => AlertIngest.parse(JSON.parse(readFileSync(join(queue.dir, n), "utf8"))));
    return { results, alerts, queue };
  }

  it("a person at 23:00 (outside 05:30–20:00) is an after-hours intrusion, with a JPEG snapshot", async () => {
    const { alerts, queue } = await runPhoto("person_cook_kitchen.jpg", "23:00");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: "after_hours_intrusion", cameraId: "cam_photo001", occurredAt: "2026-11-23T23:00:01.000+08:00" });
    expect(alerts[0]!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(alerts[0]!.boxes.some((b) => b.label === "person")).toBe(true);
    const jpeg = Buffer.from(alerts[0]!.snapshotJpegBase64, "base64");
    expect(decodeJpeg(jpeg).width).toBe(640);
    expect(queue.size).toBe(1);
  });
  it("the same person at 10:00 (working hours) raises nothing", async () => {
    const { alerts, results } = await runPhoto("person_cook_kitchen.jpg", "10:00");
    expect(best(results[0]!.detections, "person")).toBeGreaterThanOrEqual(0.5); // seen, but allowed
    expect(alerts).toEqual([]);
  });
  it("the empty kitchen at 23:00 raises nothing", async () => {
    const { alerts } = await runPhoto("empty_kitchen.jpg", "23:00");
    expect(alerts).toEqual([]);
  });
  it("a dog in a food area is an animal intrusion; a cat too; in the dining hall neither", async () => {
    const dog = await runPhoto("dog.jpg", "11:00", { areaKind: "prep_room" });
    expect(dog.alerts.map((a) => a.type)).toEqual(["animal_intrusion"]);
    expect(dog.alerts[0]!.boxes[0]!.label).toBe("dog");
    const cat = await runPhoto("cat.jpg", "11:00", { areaKind: "storage" });
    expect(cat.alerts.map((a) => a.type)).toEqual(["animal_intrusion"]);
    expect((await runPhoto("dog.jpg", "11:00", { areaKind: "dining" })).alerts).toEqual([]);
  });
});

describe("bad model folders", () => {
  it("a label file that does not match the model is refused with the counts", async () => {
    const dir = tempDir();
    symlinkSync(join(MODEL_DIR, "yolox_nano.onnx"), join(dir, "yolox_nano.onnx"));
    writeFileSync(join(dir, "labels.txt"), "person\nno_mask\nrat\n");
    await expect(loadDetector(dir, 1)).rejects.toThrow(/80 classes, but labels\.txt has 3 labels/);
  });
  it("a file that is not an ONNX model is refused with onnxruntime's reason", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "model.onnx"), "not a model");
    writeFileSync(join(dir, "labels.txt"), "person\n");
    const err = await loadDetector(dir, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFolderError);
    expect((err as Error).message).toMatch(/onnxruntime cannot load .*model\.onnx/);
  });
});
