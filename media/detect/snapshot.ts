import jpeg from "jpeg-js";
import { MAX_ALERT_SNAPSHOT_BYTES } from "../../server/alerts/ingest-contracts.ts";
import { FONT_5X7, GLYPH_HEIGHT, GLYPH_WIDTH, UNKNOWN_GLYPH } from "./font5x7.ts";
import type { Detection, RgbFrame } from "./types.ts";

type Rgb = readonly [number, number, number];
/** red for what the violation is about, amber for context (the person holding the phone) */
export const VIOLATION_COLOUR: Rgb = [230, 30, 30];
export const CONTEXT_COLOUR: Rgb = [255, 180, 0];

export interface Canvas {
  data: Uint8Array;
  width: number;
  height: number;
}

/** RGB(A) frame → RGBA canvas that jpeg-js encodes. */
export function toCanvas(frame: RgbFrame): Canvas {
  const data = new Uint8Array(frame.width * frame.height * 4);
  const [r, b] = frame.order === "rgb" ? [0, 2] : [2, 0];
  for (let i = 0, o = 0; i < frame.width * frame.height * 3; i += 3, o += 4) {
    data[o] = frame.data[i + r]!;
    data[o + 1] = frame.data[i + 1]!;
    data[o + 2] = frame.data[i + b]!;
    data[o + 3] = 255;
  }
  return { data, width: frame.width, height: frame.height };
}

export function fillRect(c: Canvas, x0: number, y0: number, x1: number, y1: number, colour: Rgb): void {
  const xa = Math.max(0, Math.floor(x0));
  const ya = Math.max(0, Math.floor(y0));
  const xb = Math.min(c.width, Math.ceil(x1));
  const yb = Math.min(c.height, Math.ceil(y1));
  for (let y = ya; y < yb; y++)
    for (let x = xa; x < xb; x++) {
      const o = (y * c.width + x) * 4;
      c.data[o] = colour[0];
      c.data[o + 1] = colour[1];
      c.data[o + 2] = colour[2];
    }
}

/** A rectangle outline `thickness` pixels wide, inside the given pixel corners. */
export function strokeRect(c: Canvas, x0: number, y0: number, x1: number, y1: number, thickness: number, colour: Rgb): void {
  fillRect(c, x0, y0, x1, y0 + thickness, colour);
  fillRect(c, x0, y1 - thickness, x1, y1, colour);
  fillRect(c, x0, y0, x0 + thickness, y1, colour);
  fillRect(c, x1 - thickness, y0, x1, y1, colour);
}

/** Text in the 5×7 font at `scale`, on a filled background strip; returns the strip's width. */
export function drawText(c: Canvas, text: string, x: number, y: number, scale: number, fg: Rgb, bg: Rgb): number {
  const pad = scale;
  const w = text.length * (GLYPH_WIDTH + 1) * scale + pad * 2 - scale;
  fillRect(c, x, y, x + w, y + GLYPH_HEIGHT * scale + pad * 2, bg);
  [...text.toLowerCase()].forEach((ch, i) => {
    const glyph = FONT_5X7[ch] ?? UNKNOWN_GLYPH;
    const gx = x + pad + i * (GLYPH_WIDTH + 1) * scale;
    for (let row = 0; row < GLYPH_HEIGHT; row++)
      for (let col = 0; col < GLYPH_WIDTH; col++)
        if (glyph[row]! & (1 << (GLYPH_WIDTH - 1 - col))) fillRect(c, gx + col * scale, y + pad + row * scale, gx + (col + 1) * scale, y + pad + (row + 1) * scale, fg);
  });
  return w;
}

/** Draws each box with "label 0.83" above it (below the top edge when there is no room). */
export function drawDetections(c: Canvas, boxes: readonly { detection: Detection; colour: Rgb }[]): void {
  const thickness = Math.max(2, Math.round(Math.min(c.width, c.height) / 240));
  const scale = Math.max(1, Math.round(Math.min(c.width, c.height) / 240));
  const labelHeight = (GLYPH_HEIGHT + 2) * scale;
  for (const { detection: d, colour } of boxes) {
    const x0 = d.box.x * c.width;
    const y0 = d.box.y * c.height;
    const x1 = (d.box.x + d.box.w) * c.width;
    const y1 = (d.box.y + d.box.h) * c.height;
    strokeRect(c, x0, y0, x1, y1, thickness, colour);
    const ty = y0 - labelHeight >= 0 ? y0 - labelHeight : y0 + thickness;
    drawText(c, `${d.label} ${d.score.toFixed(2)}`, Math.max(0, x0), ty, scale, [255, 255, 255], colour);
  }
}

/**
 * The alert snapshot: the frame with the boxes drawn, as JPEG within the contract's size limit (quality
 * lowered, then the picture halved, until it fits).
 */
export function snapshotJpeg(frame: RgbFrame, boxes: readonly { detection: Detection; colour: Rgb }[], quality = 80): Uint8Array {
  let canvas = toCanvas(frame);
  drawDetections(canvas, boxes);
  for (;;) {
    for (const q of [quality, 60, 40]) {
      const { data } = jpeg.encode({ data: canvas.data, width: canvas.width, height: canvas.height }, q);
      if (data.length <= MAX_ALERT_SNAPSHOT_BYTES) return new Uint8Array(data.buffer, data.byteOffset, data.length);
    }
    canvas = halve(canvas);
  }
}

function halve(c: Canvas): Canvas {
  const width = Math.max(1, c.width >> 1);
  const height = Math.max(1, c.height >> 1);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (y * 2 * c.width + x * 2) * 4;
      data.set(c.data.subarray(s, s + 4), (y * width + x) * 4);
    }
  return { data, width, height };
}
