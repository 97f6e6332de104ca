/**
 * 视频诊断 metrics and rules (media/detect/diagnosis*.ts) on the licensed photos of ../shared/testdata
 * (TESTDATA_DIR; see its images/SOURCE.md: used in place, never copied) and synthetic frames.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_VIDEO_QUALITY } from "../../server/detection/contracts.ts";
import { correlation, decodeFingerprint, encodeFingerprint, laplacianVariance, lumaStats, measureFrame, downscaleLuma } from "../../media/detect/diagnosis.ts";
import { diagnose, frameProblems, initialDiagnosisState } from "../../media/detect/diagnosis-rules.ts";
import { decodeJpeg, rgbToI420 } from "../../media/detect/image.ts";

const IMAGES = join(resolve(process.env.TESTDATA_DIR ?? resolve(import.meta.dirname, "../../../shared/testdata")), "images");
const PHOTOS = ["cat.jpg", "dog.jpg", "empty_kitchen.jpg", "person_cook_kitchen.jpg", "person_dog_horse.jpg", "person_kitchen_fridge.jpg"];

if (!existsSync(IMAGES)) throw new Error(`the licensed test photos are missing: ${IMAGES} (set TESTDATA_DIR)`);

const photo = (name: string) => {
  const rgb = decodeJpeg(readFileSync(join(IMAGES, name)));
  return { i420: rgbToI420(rgb), width: rgb.width, height: rgb.height };
};
/** a box blur of the luma plane (radius r): a lens out of focus or fogged */
function blur(y: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(y);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      let s = 0, n = 0;
      for (let d = -r; d <= r; d++) if (i + d >= 0 && i + d < w) (s += y[j * w + i + d]!), n++;
      tmp[j * w + i] = s / n;
    }
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      let s = 0, n = 0;
      for (let d = -r; d <= r; d++) if (j + d >= 0 && j + d < h) (s += tmp[(j + d) * w + i]!), n++;
      out[j * w + i] = s / n;
    }
  return out;
}
const flat = (w: number, h: number, v: number, noise = 0) => {
  const y = new Uint8Array(w * h);
  for (let i = 0; i < y.length; i++) y[i] = Math.max(0, Math.min(255, v + Math.round((Math.random() - 0.5) * 2 * noise)));
  return y;
};
const ctx = { reference: null, still: false };
const S = DEFAULT_VIDEO_QUALITY;

describe("image metrics", () => {
  it("downscales by area averaging to the fixed grid", () => {
    const y = new Uint8Array(320 * 180).map((_, i) => (i % 2 ? 200 : 100));
    const g = downscaleLuma(y, 320, 180);
    expect([g.width, g.height]).toEqual([160, 90]);
    expect(lumaStats(g).mean).toBeCloseTo(150, 0);
    expect(lumaStats(g).std).toBeLessThan(1);
  });

  it.each(PHOTOS)("%s: sharp and textured as it is, blurred past the threshold with a strong blur", (name) => {
    const p = photo(name);
    const sharp = measureFrame(p.i420, p.width, p.height);
    expect(sharp.sharpness).toBeGreaterThan(S.blurMaxSharpness * 3);
    expect(sharp.std).toBeGreaterThan(S.flatMaxStd * 4);
    expect(frameProblems(sharp, S, ctx)).toEqual([]);
    const blurred = measureFrame(blur(p.i420, p.width, p.height, Math.round(p.width / 80)), p.width, p.height);
    expect(blurred.sharpness).toBeLessThan(S.blurMaxSharpness);
    expect(frameProblems(blurred, S, ctx)).toContain("blurred");
  });

  it("a black picture is black, a uniform grey one (a hand, a cloth) is covered, not blurred", () => {
    expect(frameProblems(measureFrame(flat(1280, 720, 16, 2), 1280, 720), S, ctx)).toEqual(["black"]);
    expect(frameProblems(measureFrame(flat(1280, 720, 110, 3), 1280, 720), S, ctx)).toEqual(["covered"]);
  });

  it("correlation: the same view is ≈1 even when brighter; another view or a shifted one is low", () => {
    const a = photo("empty_kitchen.jpg");
    const fa = measureFrame(a.i420, a.width, a.height).fingerprint;
    const brighter = a.i420.slice(0, a.width * a.height).map((v) => Math.min(255, v * 1.3 + 10));
    expect(correlation(fa, measureFrame(brighter, a.width, a.height).fingerprint)).toBeGreaterThan(0.95);
    const b = photo("person_cook_kitchen.jpg");
    expect(correlation(fa, measureFrame(b.i420, b.width, b.height).fingerprint)).toBeLessThan(S.angleMinCorrelation);
    // the camera turned by a third of its view: the picture slides sideways
    const shifted = new Uint8Array(a.width * a.height);
    const dx = Math.round(a.width / 3);
    for (let j = 0; j < a.height; j++) for (let i = 0; i < a.width; i++) shifted[j * a.width + i] = a.i420[j * a.width + Math.min(a.width - 1, i + dx)]!;
    const m = measureFrame(shifted, a.width, a.height);
    expect(frameProblems(m, S, { reference: fa, still: false })).toContain("angle_shift");
    expect(frameProblems(measureFrame(a.i420, a.width, a.height), S, { reference: fa, still: false })).toEqual([]);
  });

  it("fingerprints travel as base64 and come back the same; a wrong length is refused", () => {
    const a = photo("cat.jpg");
    const f = measureFrame(a.i420, a.width, a.height).fingerprint;
    const b64 = encodeFingerprint(f);
    expect(b64).toHaveLength(768);
    expect(decodeFingerprint(b64)!.data).toEqual(f.data);
    expect(decodeFingerprint("AAAA")).toBeNull();
  });

  it("the Laplacian of a flat picture is 0", () => {
    expect(laplacianVariance(downscaleLuma(flat(160, 90, 90), 160, 90))).toBe(0);
  });
});

describe("diagnosis episodes", () => {
  const good = (() => {
    const p = photo("person_kitchen_fridge.jpg");
    return () => measureFrame(p.i420, p.width, p.height);
  })();
  const covered = () => measureFrame(flat(640, 360, 120, 2), 640, 360);

  it("a covered lens is raised once after persistSeconds and cleared after clearSeconds of good picture", () => {
    let st = initialDiagnosisState(0);
    const raised: string[] = [];
    let cleared = 0;
    for (let t = 0; t <= 60_000; t += 2000) {
      const m = t >= 10_000 && t < 30_000 ? covered() : good();
      const step = diagnose(st, m, t, S, ctx);
      st = step.state;
      raised.push(...step.raised.map((p) => `${p}@${t}`));
      if (step.cleared) cleared = t;
    }
    expect(raised).toEqual(["covered@20000"]);
    // last seen covered at 28 s; good for clearSeconds (10 s) after that
    expect(cleared).toBe(38_000);
    expect(st.active).toEqual([]);
    expect(st.goodSince).toBe(38_000);
  });

  it("a covered lens for less than persistSeconds raises nothing", () => {
    let st = initialDiagnosisState(0);
    for (let t = 0; t < 30_000; t += 2000) {
      const step = diagnose(st, t >= 10_000 && t < 16_000 ? covered() : good(), t, S, ctx);
      expect(step.raised).toEqual([]);
      st = step.state;
    }
  });

  it("frozen: the exact same picture for frozenSeconds; never for a still-photo source; a live picture is not", () => {
    const frame = good();
    let st = initialDiagnosisState(0);
    let stillSt = initialDiagnosisState(0);
    const raised: number[] = [];
    for (let t = 0; t <= 70_000; t += 2000) {
      const step = diagnose(st, frame, t, S, ctx);
      st = step.state;
      if (step.raised.includes("frozen")) raised.push(t);
      const s2 = diagnose(stillSt, frame, t, S, { reference: null, still: true });
      stillSt = s2.state;
      expect(s2.raised).toEqual([]);
    }
    expect(raised).toEqual([62_000]);
    // a camera whose picture moves a little (sensor noise) is never frozen
    const p = photo("person_kitchen_fridge.jpg");
    let live = initialDiagnosisState(0);
    for (let t = 0; t <= 80_000; t += 2000) {
      const y = p.i420.slice(0, p.width * p.height);
      for (let i = 0; i < y.length; i += 7) y[i] = Math.min(255, y[i]! + ((t / 2000) % 2 ? 6 : 0));
      const step = diagnose(live, measureFrame(y, p.width, p.height), t, S, ctx);
      live = step.state;
      expect(step.raised).toEqual([]);
    }
  });
});
