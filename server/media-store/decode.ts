import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { type MediaContentType, sniffImage } from "./store.ts";

/**
 * Every uploaded image is decoded whole before it is stored (issue 11): the first bytes alone would let a
 * 4-byte "JPEG", a JPEG header followed by HTML, or a truncated file into the evidence. jpeg-js and pngjs are
 * pure JavaScript, so the check runs alike on Deno and Node.
 */
export interface DecodedImage {
  contentType: "image/jpeg" | "image/png";
  width: number;
  height: number;
}

/** Larger than any camera sends (a 4K frame is 8.3 MP); refuses decompression bombs before they allocate. */
const MAX_MEGAPIXELS = 40;

/** The image's kind and size when `bytes` decode completely as one of `accepted`, else null. */
export function decodeImage(bytes: Uint8Array, accepted: ReadonlyArray<DecodedImage["contentType"]> = ["image/jpeg", "image/png"]): DecodedImage | null {
  const type: MediaContentType | null = sniffImage(bytes);
  if (type !== "image/jpeg" && type !== "image/png") return null;
  if (!accepted.includes(type)) return null;
  try {
    if (type === "image/jpeg") {
      const { width, height } = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 512 });
      return width > 0 && height > 0 ? { contentType: type, width, height } : null;
    }
    // IHDR's size first: a small file may inflate to gigabytes
    const ihdr = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 24 || ihdr.getUint32(16) * ihdr.getUint32(20) > MAX_MEGAPIXELS * 1e6) return null;
    const { width, height } = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return width > 0 && height > 0 ? { contentType: type, width, height } : null;
  } catch {
    return null;
  }
}
