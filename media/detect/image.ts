import jpeg from "jpeg-js";
import type { RgbFrame } from "./types.ts";

/** I420 (planar Y, U, V 4:2:0, BT.601 limited range as ffmpeg's yuv420p) → packed RGB (pure). */
export function i420ToRgb(data: Uint8Array, width: number, height: number, out?: Uint8Array): RgbFrame {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  if (data.length < width * height + 2 * cw * ch) throw new Error(`I420 buffer of ${data.length} bytes is too small for ${width}x${height}`);
  const rgb = out && out.length === width * height * 3 ? out : new Uint8Array(width * height * 3);
  const uBase = width * height;
  const vBase = uBase + cw * ch;
  for (let y = 0; y < height; y++) {
    const crow = (y >> 1) * cw;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const c = 1.164 * (data[y * width + x]! - 16);
      const u = data[uBase + crow + (x >> 1)]! - 128;
      const v = data[vBase + crow + (x >> 1)]! - 128;
      const r = c + 1.596 * v;
      const g = c - 0.392 * u - 0.813 * v;
      const b = c + 2.017 * u;
      rgb[o] = r < 0 ? 0 : r > 255 ? 255 : r;
      rgb[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      rgb[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  return { data: rgb, width, height, order: "rgb" };
}

/** A JPEG file's bytes → RGB (tests and tools; cameras arrive as I420). */
export function decodeJpeg(bytes: Uint8Array): RgbFrame {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = img.data[i]!;
    rgb[o + 1] = img.data[i + 1]!;
    rgb[o + 2] = img.data[i + 2]!;
  }
  return { data: rgb, width: img.width, height: img.height, order: "rgb" };
}

/** RGB → I420 (tests: feed a photo through the same path as camera frames). */
export function rgbToI420(frame: RgbFrame): Uint8Array {
  const { width, height, data } = frame;
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const out = new Uint8Array(width * height + 2 * cw * ch);
  const [ri, bi] = frame.order === "rgb" ? [0, 2] : [2, 0];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[y * width + x] = Math.round(16 + 0.257 * data[i + ri]! + 0.504 * data[i + 1]! + 0.098 * data[i + bi]!);
    }
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      const i = (Math.min(y * 2, height - 1) * width + Math.min(x * 2, width - 1)) * 3;
      const r = data[i + ri]!;
      const g = data[i + 1]!;
      const b = data[i + bi]!;
      out[width * height + y * cw + x] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      out[width * height + cw * ch + y * cw + x] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  return out;
}
