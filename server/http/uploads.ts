import { z } from "@hono/zod-openapi";
import { decodeImage } from "../media-store/decode.ts";
import { ApiError, invalid } from "./errors.ts";

export interface UploadedImage {
  bytes: Uint8Array;
  contentType: "image/jpeg" | "image/png";
  width: number;
  height: number;
}

/**
 * The image parts of a multipart form field, checked: present (count within min..max), each no larger
 * than maxBytes (413), and really a JPEG or PNG that decodes whole (415) — the bytes decide, never the
 * declared type or file name.
 */
export async function imageParts(value: unknown, field: string, limits: { min: number; max: number; maxBytes: number }): Promise<UploadedImage[]> {
  const parts = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (parts.some((p) => !(p instanceof File))) throw invalid("file_required", [{ path: field, message: "must be a file" }]);
  if (parts.length < limits.min || parts.length > limits.max) {
    throw invalid("file_count", [{ path: field, message: `${limits.min}..${limits.max} files` }]);
  }
  const out: UploadedImage[] = [];
  for (const file of parts as File[]) {
    if (file.size > limits.maxBytes) throw new ApiError("payload_too_large", "upload_too_large", [{ path: field, message: `≤ ${limits.maxBytes} bytes` }]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const image = decodeImage(bytes);
    if (!image) throw new ApiError("unsupported_media_type", "not_an_image", [{ path: field, message: "JPEG or PNG" }]);
    out.push({ bytes, ...image });
  }
  return out;
}

/**
 * The file part(s) of a multipart form as the document states them: required, binary (imageParts checks the
 * bytes). z.any() would make the field optional in the document.
 */
export const filePart = () => z.custom<unknown>((v) => v !== undefined && v !== null, "file required").openapi({ type: "string", format: "binary" });
export const fileParts = (max: number) =>
  z.custom<unknown>((v) => v !== undefined && v !== null, "file required").openapi({ type: "array", items: { type: "string", format: "binary" }, minItems: 1, maxItems: max });
