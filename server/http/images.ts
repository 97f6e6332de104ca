/** Image bytes of scoped evidence: private caching only, the sha256 as a strong ETag. */
export function imageResponse(bytes: Uint8Array, contentType: string, sha256: string) {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "content-type": contentType, "content-length": String(bytes.byteLength), etag: `"${sha256}"`, "cache-control": "private, max-age=3600" },
  });
}

