/** Image bytes of scoped evidence (stored content-addressed, never changed): private caching only, the sha256 as a strong ETag. */
export function imageResponse(bytes: Uint8Array, contentType: string, sha256: string | null) {
  const headers: Record<string, string> = { "content-type": contentType, "content-length": String(bytes.byteLength), "cache-control": "private, max-age=86400, immutable" };
  if (sha256) headers.etag = `"${sha256}"`;
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}

/** The OpenAPI answer of a route that serves such an image. */
export const imageOk = (description = "the image bytes") => ({
  description,
  content: { "image/jpeg": { schema: { type: "string" as const, format: "binary" } }, "image/png": { schema: { type: "string" as const, format: "binary" } } },
});
