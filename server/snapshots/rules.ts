import { roundCoord, type Point, type Shape } from "./annotation-contracts.ts";

/**
 * Width and height from a JPEG's SOF marker or a PNG's IHDR chunk, without decoding the image.
 * null when the header cannot be found (a truncated or malformed file: refused as not an image).
 */
export function imageSize(bytes: Uint8Array, contentType: "image/jpeg" | "image/png"): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (contentType === "image/png") {
    // signature (8) + length (4) + "IHDR" (4) + width (4) + height (4)
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
    return positive(view.getUint32(16), view.getUint32(20));
  }
  let i = 2; // after SOI
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(i + 2);
    if (length < 2) return null;
    // SOF0..SOF15, except DHT (c4), JPG (c8) and DAC (cc)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > bytes.length) return null;
      return positive(view.getUint16(i + 7), view.getUint16(i + 5));
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any frame header
    i += 2 + length;
  }
  return null;
}

const positive = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);

const roundPoint = ([x, y]: Point): Point => [roundCoord(x), roundCoord(y)];

/**
 * The shape as stored and broadcast: coordinates rounded (1/10 000 of the image is finer than any
 * screen), which bounds the size of the largest committed message.
 */
export function normaliseShape(shape: Shape): Shape {
  switch (shape.kind) {
    case "rect": {
      // rounding must not push the rectangle past the image's edge
      const x = roundCoord(shape.x);
      const y = roundCoord(shape.y);
      return { kind: "rect", x, y, w: Math.min(roundCoord(shape.w), roundCoord(1 - x)), h: Math.min(roundCoord(shape.h), roundCoord(1 - y)) };
    }
    case "arrow":
      return { kind: "arrow", from: roundPoint(shape.from), to: roundPoint(shape.to) };
    case "stroke":
      return { kind: "stroke", points: shape.points.map(roundPoint) };
    case "text":
      return { kind: "text", at: roundPoint(shape.at), text: shape.text };
  }
}
