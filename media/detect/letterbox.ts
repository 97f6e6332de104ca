import type { Frame, I420Frame, RgbFrame } from "./types.ts";

/**
 * YOLOX's letterbox (pure): scale `r = min(H/h, W/w)`, resize to (round(w·r), round(h·r)), place at the
 * top-left of a W×H canvas filled with `pad`, and write an NCHW float32 tensor in the model's channel
 * order with raw 0..255 values (YOLOX takes no mean/std). Bilinear sampling, pixel centres aligned
 * (what OpenCV's and sharp's "linear" resize do), so scores match the model's reference numbers.
 */
export interface Letterbox {
  tensor: Float32Array;
  /** the scale applied to the source picture */
  ratio: number;
  /** size of the resized picture inside the canvas */
  resizedWidth: number;
  resizedHeight: number;
}

export function letterbox(frame: Frame, inputWidth: number, inputHeight: number, order: "rgb" | "bgr" = "bgr", pad = 114, out?: Float32Array): Letterbox {
  if (frame.order === "i420") return letterboxI420(frame, inputWidth, inputHeight, order, pad, out);
  const { data, width: w, height: h } = frame;
  if (data.length < w * h * 3) throw new Error(`frame buffer holds ${data.length} bytes, ${w}x${h} RGB needs ${w * h * 3}`);
  const ratio = Math.min(inputHeight / h, inputWidth / w);
  const rw = Math.max(1, Math.min(inputWidth, Math.round(w * ratio)));
  const rh = Math.max(1, Math.min(inputHeight, Math.round(h * ratio)));
  const plane = inputWidth * inputHeight;
  const tensor = out && out.length === plane * 3 ? out : new Float32Array(plane * 3);
  tensor.fill(pad);
  // source channel feeding output channel c (output planes are in the model's order)
  const swap = frame.order !== order;
  const src = swap ? [2, 1, 0] : [0, 1, 2];
  const sx = w / rw;
  const sy = h / rh;
  // horizontal taps are the same for every row: compute once
  const x0s = new Int32Array(rw);
  const x1s = new Int32Array(rw);
  const fxs = new Float32Array(rw);
  for (let x = 0; x < rw; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
    const x0 = Math.floor(fx);
    x0s[x] = x0 * 3;
    x1s[x] = Math.min(x0 + 1, w - 1) * 3;
    fxs[x] = fx - x0;
  }
  for (let y = 0; y < rh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const row0 = y0 * w * 3;
    const row1 = Math.min(y0 + 1, h - 1) * w * 3;
    const outRow = y * inputWidth;
    for (let x = 0; x < rw; x++) {
      const a = row0 + x0s[x]!;
      const b = row0 + x1s[x]!;
      const c = row1 + x0s[x]!;
      const d = row1 + x1s[x]!;
      const wx = fxs[x]!;
      const o = outRow + x;
      for (let ch = 0; ch < 3; ch++) {
        const s = src[ch]!;
        const top = data[a + s]! + (data[b + s]! - data[a + s]!) * wx;
        const bottom = data[c + s]! + (data[d + s]! - data[c + s]!) * wx;
        tensor[ch * plane + o] = top + (bottom - top) * wy;
      }
    }
  }
  return { tensor, ratio, resizedWidth: rw, resizedHeight: rh };
}

/** Horizontal bilinear taps, the same for every row. */
function taps(srcSize: number, dstSize: number, step: number) {
  const i0 = new Int32Array(dstSize);
  const i1 = new Int32Array(dstSize);
  const f = new Float32Array(dstSize);
  for (let x = 0; x < dstSize; x++) {
    const fx = Math.min(Math.max((x + 0.5) * step - 0.5, 0), srcSize - 1);
    i0[x] = Math.floor(fx);
    i1[x] = Math.min(i0[x]! + 1, srcSize - 1);
    f[x] = fx - i0[x]!;
  }
  return { i0, i1, f };
}

/**
 * The same letterbox straight from a camera's I420 frame (pure): luma bilinear, chroma nearest from its
 * half-size planes, BT.601 limited range → RGB per output pixel. Touches only the ~100k output pixels
 * instead of converting the whole frame first (3–4× less work per sample on the gateway's main thread).
 */
export function letterboxI420(frame: I420Frame, inputWidth: number, inputHeight: number, order: "rgb" | "bgr" = "bgr", pad = 114, out?: Float32Array): Letterbox {
  const { data, width: w, height: h } = frame;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  if (data.length < w * h + 2 * cw * ch) throw new Error(`I420 buffer of ${data.length} bytes is too small for ${w}x${h}`);
  const ratio = Math.min(inputHeight / h, inputWidth / w);
  const rw = Math.max(1, Math.min(inputWidth, Math.round(w * ratio)));
  const rh = Math.max(1, Math.min(inputHeight, Math.round(h * ratio)));
  const plane = inputWidth * inputHeight;
  const tensor = out && out.length === plane * 3 ? out : new Float32Array(plane * 3);
  tensor.fill(pad);
  const [rPlane, bPlane] = order === "bgr" ? [2 * plane, 0] : [0, 2 * plane];
  const gPlane = plane;
  const sx = w / rw;
  const sy = h / rh;
  const tx = taps(w, rw, sx);
  const cx = new Int32Array(rw);
  for (let x = 0; x < rw; x++) cx[x] = Math.min(cw - 1, Math.floor(((x + 0.5) * sx) / 2));
  const uBase = w * h;
  const vBase = uBase + cw * ch;
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
  for (let y = 0; y < rh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const row0 = y0 * w;
    const row1 = Math.min(y0 + 1, h - 1) * w;
    const crow = Math.min(ch - 1, Math.floor(((y + 0.5) * sy) / 2)) * cw;
    const outRow = y * inputWidth;
    for (let x = 0; x < rw; x++) {
      const a = tx.i0[x]!;
      const b = tx.i1[x]!;
      const wx = tx.f[x]!;
      const top = data[row0 + a]! + (data[row0 + b]! - data[row0 + a]!) * wx;
      const bottom = data[row1 + a]! + (data[row1 + b]! - data[row1 + a]!) * wx;
      const luma = 1.164 * (top + (bottom - top) * wy - 16);
      const u = data[uBase + crow + cx[x]!]! - 128;
      const v = data[vBase + crow + cx[x]!]! - 128;
      const o = outRow + x;
      tensor[rPlane + o] = clamp(luma + 1.596 * v);
      tensor[gPlane + o] = clamp(luma - 0.392 * u - 0.813 * v);
      tensor[bPlane + o] = clamp(luma + 2.017 * u);
    }
  }
  return { tensor, ratio, resizedWidth: rw, resizedHeight: rh };
}
