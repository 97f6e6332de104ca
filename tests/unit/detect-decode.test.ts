import { describe, expect, it } from "vitest";
import { i420ToRgb, rgbToI420 } from "../../media/detect/image.ts";
import { letterbox } from "../../media/detect/letterbox.ts";
import { type Candidate, iou, nmsPerClass } from "../../media/detect/nms.ts";
import { decodeYolox, yoloxGrid } from "../../media/detect/yolox-decode.ts";
import type { RgbFrame } from "../../media/detect/types.ts";

const solid = (w: number, h: number, rgb: [number, number, number], order: "rgb" | "bgr" = "rgb"): RgbFrame => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width: w, height: h, order };
};

describe("letterbox", () => {
  it("scales to fit, keeps the aspect ratio, pads bottom/right with 114 and writes BGR planes", () => {
    const lb = letterbox(solid(640, 320, [10, 20, 30]), 416, 416);
    expect(lb.ratio).toBeCloseTo(0.65, 6);
    expect([lb.resizedWidth, lb.resizedHeight]).toEqual([416, 208]);
    const plane = 416 * 416;
    // B, G, R planes at a pixel inside the picture
    expect([lb.tensor[0], lb.tensor[plane], lb.tensor[2 * plane]]).toEqual([30, 20, 10]);
    expect(lb.tensor[207 * 416 + 415]).toBe(30); // last row of the picture
    expect(lb.tensor[208 * 416]).toBe(114); // first padded row
    expect(lb.tensor[2 * plane + 415 * 416 + 415]).toBe(114);
  });
  it("keeps RGB order when the model wants RGB, and a BGR frame is swapped for a BGR-less model", () => {
    const plane = 32 * 32;
    const rgbModel = letterbox(solid(32, 32, [1, 2, 3]), 32, 32, "rgb");
    expect([rgbModel.tensor[0], rgbModel.tensor[plane], rgbModel.tensor[2 * plane]]).toEqual([1, 2, 3]);
    const fromBgr = letterbox(solid(32, 32, [3, 2, 1], "bgr"), 32, 32, "rgb");
    expect([fromBgr.tensor[0], fromBgr.tensor[plane], fromBgr.tensor[2 * plane]]).toEqual([1, 2, 3]);
  });
  it("interpolates bilinearly (a horizontal ramp halved stays a ramp, centres aligned)", () => {
    const w = 8;
    const data = new Uint8Array(w * 3);
    for (let x = 0; x < w; x++) data.set([x * 10, x * 10, x * 10], x * 3);
    const lb = letterbox({ data, width: w, height: 1, order: "rgb" }, 4, 4, "bgr");
    expect(lb.ratio).toBe(0.5);
    // output x samples source x = 2x + 0.5: between pixels 2x and 2x+1
    expect(Array.from(lb.tensor.subarray(0, 4))).toEqual([5, 25, 45, 65]);
    expect(lb.tensor[4]).toBe(114);
  });
  it("letterboxes a camera's I420 frame directly, matching RGB conversion then letterbox", () => {
    const w = 64;
    const h = 48;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x * 4, y * 5, 255 - x * 2], (y * w + x) * 3);
    const i420 = rgbToI420({ data, width: w, height: h, order: "rgb" });
    const direct = letterbox({ data: i420, width: w, height: h, order: "i420" }, 32, 32);
    const viaRgb = letterbox(i420ToRgb(i420, w, h), 32, 32);
    expect(direct.ratio).toBe(viaRgb.ratio);
    let worst = 0;
    for (let i = 0; i < direct.tensor.length; i++) worst = Math.max(worst, Math.abs(direct.tensor[i]! - viaRgb.tensor[i]!));
    expect(worst).toBeLessThan(12); // chroma sampled at half resolution: small differences at gradients
    expect(direct.tensor[31 * 32 + 31]).toBe(114); // padding below the 32x24 picture
  });
  it("refuses a buffer that is too small", () => {
    expect(() => letterbox({ data: new Uint8Array(10), width: 10, height: 10, order: "rgb" }, 416, 416)).toThrow(/needs 300/);
  });
});

describe("YOLOX grid decoding", () => {
  it("lays out 52², 26², 13² cells for 416x416 in stride order, row-major", () => {
    const g = yoloxGrid(416, 416);
    expect(g.gx.length).toBe(3549);
    expect([g.gx[53], g.gy[53], g.stride[53]]).toEqual([1, 1, 8]);
    expect([g.gx[2704], g.gy[2704], g.stride[2704]]).toEqual([0, 0, 16]);
    expect([g.gx[3548], g.gy[3548], g.stride[3548]]).toEqual([12, 12, 32]);
  });

  const classes = 3;
  const row = (tx: number, ty: number, tw: number, th: number, obj: number, cls: number[]) => [tx, ty, tw, th, obj, ...cls];
  function output(rows: Record<number, number[]>, n = 3549) {
    const out = new Float32Array(n * (5 + classes));
    for (const [i, r] of Object.entries(rows)) out.set(r, Number(i) * (5 + classes));
    return out;
  }

  it("decodes centre = (t + cell)·stride, size = exp(t)·stride, score = objectness × best class, back to image pixels", () => {
    const grid = yoloxGrid(416, 416);
    // stride 16 cell (x=3, y=2) → row 2704 + 2*26 + 3
    const i = 2704 + 2 * 26 + 3;
    const out = output({ [i]: row(0.5, 0.5, Math.log(4), Math.log(2), 0.9, [0.1, 0.8, 0.2]) });
    const [c] = decodeYolox(out, classes, grid, 0.5, 1000, 1000, 0.3);
    // centre (3.5·16, 2.5·16) = (56, 40), size (64, 32) in input pixels; ÷ 0.5 → image pixels
    expect(c).toMatchObject({ classIndex: 1 });
    expect(c!.score).toBeCloseTo(0.72, 6);
    expect([c!.x1, c!.y1, c!.x2, c!.y2].map((v) => Math.round(v * 1000) / 1000)).toEqual([48, 48, 176, 112]);
  });
  it("drops cells below the threshold and clips boxes to the picture", () => {
    const grid = yoloxGrid(416, 416);
    const out = output({
      0: row(0, 0, Math.log(4), Math.log(4), 0.9, [0.9, 0, 0]), // centre (0,0), 32x32 → clipped at 0
      1: row(0, 0, 0, 0, 0.2, [1, 0, 0]), // objectness too low
      2: row(0, 0, 0, 0, 0.5, [0.5, 0, 0]), // 0.25 < 0.3
    });
    const found = decodeYolox(out, classes, grid, 1, 416, 416, 0.3);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ x1: 0, y1: 0, classIndex: 0 });
    expect(found[0]!.x2).toBeCloseTo(16, 4);
    expect(found[0]!.y2).toBeCloseTo(16, 4);
  });
  it("says when the output does not fit the labels", () => {
    expect(() => decodeYolox(new Float32Array(3549 * 85), classes, yoloxGrid(416, 416), 1, 416, 416, 0.3)).toThrow(/expected 3549 rows × 8/);
  });
});

describe("per-class NMS", () => {
  const box = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex = 0): Candidate => ({ x1, y1, x2, y2, score, classIndex });
  it("computes IoU", () => {
    expect(iou(box(0, 0, 10, 10, 1), box(5, 0, 15, 10, 1))).toBeCloseTo(50 / 150, 6);
    expect(iou(box(0, 0, 10, 10, 1), box(10, 0, 20, 10, 1))).toBe(0);
  });
  it("keeps the best of overlapping boxes of one class and never suppresses across classes", () => {
    const kept = nmsPerClass(
      [
        box(0, 0, 100, 100, 0.6),
        box(5, 5, 105, 105, 0.9), // IoU with the first ≈ 0.82 → wins
        box(200, 200, 300, 300, 0.5), // far away → kept
        box(40, 40, 60, 60, 0.4, 67), // a phone inside the person → kept
        box(0, 0, 100, 60, 0.55), // IoU 0.57 with the winner → suppressed at 0.45
      ],
      0.45,
    );
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.5, 0.4]);
  });
  it("keeps a moderately overlapping box below the IoU threshold", () => {
    const kept = nmsPerClass([box(0, 0, 100, 100, 0.9), box(60, 0, 160, 100, 0.8)], 0.45); // IoU 0.25
    expect(kept).toHaveLength(2);
  });
});

describe("I420 ↔ RGB", () => {
  it("round-trips colours within a few levels", () => {
    const frame = solid(4, 4, [200, 40, 90]);
    const back = i420ToRgb(rgbToI420(frame), 4, 4);
    for (const [i, v] of [200, 40, 90].entries()) expect(Math.abs(back.data[i]! - v)).toBeLessThanOrEqual(3);
  });
});
