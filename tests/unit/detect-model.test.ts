import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_ALERT_SNAPSHOT_BYTES } from "../../server/alerts/ingest-contracts.ts";
import { ModelFolderError, parseLabels, readModelFolder } from "../../media/detect/model-folder.ts";
import { snapshotJpeg, VIOLATION_COLOUR } from "../../media/detect/snapshot.ts";
import { type DetectionPipeline, pipelineToDetections, TransformersDetector } from "../../media/detect/transformers.ts";
import type { RgbFrame } from "../../media/detect/types.ts";

const dirs: string[] = [];
const folder = (files: Record<string, string>) => {
  const d = mkdtempSync(join(tmpdir(), "mcll-model-"));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, ".."), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("model folders", () => {
  it("reads a YOLOX folder without model.json: its one .onnx and one label file", () => {
    const spec = readModelFolder(folder({ "m.onnx": "x", "coco_labels.txt": "person\nbicycle\n", "SOURCE.md": "" }));
    expect(spec).toMatchObject({ format: "yolox", labels: ["person", "bicycle"], channelOrder: "bgr", scoreThreshold: 0.3, nmsIou: 0.45 });
  });
  it("reads a custom kitchen model's model.json with its labels and label map", () => {
    const dir = folder({
      "model.json": JSON.stringify({ format: "yolox", model: "kitchen.onnx", labels: "names.txt", inputWidth: 640, inputHeight: 640, labelMap: { no_mask: "no_mask", rat: "rodent" } }),
      "kitchen.onnx": "x",
      "names.txt": "person\nno_mask\nno_hat\nrat\n",
    });
    expect(readModelFolder(dir)).toMatchObject({ inputWidth: 640, labels: ["person", "no_mask", "no_hat", "rat"], labelMap: { no_mask: "no_mask", rat: "rodent" } });
  });
  it("says clearly what is wrong with a missing or malformed folder", () => {
    const bad = (files: Record<string, string>) => {
      try {
        readModelFolder(folder(files));
      } catch (err) {
        expect(err).toBeInstanceOf(ModelFolderError);
        return (err as Error).message;
      }
      throw new Error("accepted");
    };
    expect(() => readModelFolder("/nonexistent/model")).toThrow(/model folder \/nonexistent\/model does not exist/);
    expect(bad({ "labels.txt": "person" })).toMatch(/no \*\.onnx model file/);
    expect(bad({ "a.onnx": "", "b.onnx": "", "labels.txt": "person" })).toMatch(/several \*\.onnx model file.*model\.json/);
    expect(bad({ "a.onnx": "" })).toMatch(/no label file/);
    expect(bad({ "model.json": "{", "a.onnx": "" })).toMatch(/model\.json is not valid JSON/);
    expect(bad({ "model.json": JSON.stringify({ format: "yolox", labelMap: { x: "not_a_type" } }), "a.onnx": "", "labels.txt": "x" })).toMatch(/labelMap/);
    expect(bad({ "model.json": JSON.stringify({ format: "yolox", labelMap: { rat: "rodent" } }), "a.onnx": "", "labels.txt": "person" })).toMatch(/"rat", which is not in labels\.txt/);
    expect(bad({ "model.json": JSON.stringify({ format: "yolox", inputWidth: 415 }), "a.onnx": "", "labels.txt": "person" })).toMatch(/inputWidth/);
    expect(bad({ "model.json": JSON.stringify({ format: "transformers", task: "zero-shot-object-detection" }), "config.json": "{}" })).toMatch(/candidateLabels/);
    expect(bad({ "model.json": JSON.stringify({ format: "transformers" }) })).toMatch(/no config\.json/);
  });
  it("refuses label files with holes (indices would shift)", () => {
    expect(() => parseLabels("person\n\ncat\n", "l.txt")).toThrow(/line 2 is empty/);
    expect(parseLabels("person\r\ncat\r\n", "l.txt")).toEqual(["person", "cat"]);
  });
});

describe("transformers.js adapter (pipeline injected)", () => {
  const frame: RgbFrame = { data: new Uint8Array(200 * 100 * 3).fill(7), width: 200, height: 100, order: "bgr" };
  it("turns pixel boxes into normalised, clipped detections above the threshold", () => {
    const out = pipelineToDetections(
      [
        { score: 0.9, label: "rat", box: { xmin: 20, ymin: 10, xmax: 60, ymax: 50 } },
        { score: 0.2, label: "rat", box: { xmin: 0, ymin: 0, xmax: 10, ymax: 10 } },
        { score: 0.5, label: "cigarette", box: { xmin: 180, ymin: 90, xmax: 260, ymax: 120 } },
      ],
      200,
      100,
      0.3,
    );
    expect(out).toEqual([
      { label: "rat", score: 0.9, box: { x: 0.1, y: 0.1, w: 0.2, h: 0.4 } },
      { label: "cigarette", score: 0.5, box: { x: 0.9, y: 0.9, w: expect.closeTo(0.1, 9), h: expect.closeTo(0.1, 9) } },
    ]);
  });
  it("calls a zero-shot pipeline with the candidate labels and RGB pixels", async () => {
    const calls: unknown[][] = [];
    const pipe = (async (...args: unknown[]) => {
      calls.push(args);
      return [{ score: 0.8, label: "rat", box: { xmin: 0, ymin: 0, xmax: 100, ymax: 50 } }];
    }) as unknown as DetectionPipeline;
    const spec = { format: "transformers" as const, task: "zero-shot-object-detection" as const, candidateLabels: ["rat", "cigarette"], scoreThreshold: 0.3, labelMap: {}, dir: "/models/owlvit" };
    const d = new TransformersDetector(pipe, spec, (rgb, w, h) => ({ rgb, w, h }));
    expect(d.labels).toEqual(["rat", "cigarette"]);
    expect(await d.detect(frame)).toEqual([{ label: "rat", score: 0.8, box: { x: 0, y: 0, w: 0.5, h: 0.5 } }]);
    expect(calls[0]![1]).toEqual(["rat", "cigarette"]);
    expect(calls[0]![2]).toMatchObject({ threshold: 0.3, percentage: false });
    expect((calls[0]![0] as { w: number }).w).toBe(200);
  });
  it("loading a folder that is not there fails with a clear message and without the network", async () => {
    const dir = folder({ "config.json": "{}", "model.json": JSON.stringify({ format: "transformers" }) });
    const spec = readModelFolder(dir);
    if (spec.format !== "transformers") throw new Error("wrong format");
    await expect(TransformersDetector.load(spec, 1)).rejects.toThrow(ModelFolderError);
  });
});

describe("alert snapshot", () => {
  it("draws the boxes (red outline, label strip) onto a JPEG within the size limit", () => {
    const w = 320;
    const h = 180;
    const frame: RgbFrame = { data: new Uint8Array(w * h * 3).fill(128), width: w, height: h, order: "rgb" };
    const bytes = snapshotJpeg(frame, [{ detection: { label: "person", score: 0.83, box: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 } }, colour: VIOLATION_COLOUR }]);
    expect(bytes.length).toBeLessThanOrEqual(MAX_ALERT_SNAPSHOT_BYTES);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const img = jpeg.decode(bytes, { useTArray: true });
    const px = (x: number, y: number) => Array.from(img.data.subarray((y * w + x) * 4, (y * w + x) * 4 + 3));
    const [r, g, b] = px(80, 90); // on the left edge of the box
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    expect(px(160, 90).every((v) => Math.abs(v - 128) < 12)).toBe(true); // the inside is untouched
  });
  it("shrinks a snapshot that would be too large", () => {
    const w = 1920;
    const h = 1080;
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24; // noise: JPEG's worst case
    const bytes = snapshotJpeg({ data, width: w, height: h, order: "rgb" }, []);
    expect(bytes.length).toBeLessThanOrEqual(MAX_ALERT_SNAPSHOT_BYTES);
  });
});
