import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";

/**
 * Where snapshots, evidence photos, alert images and evidence clips (MP4, issue 19) live. The default is a local folder (MEDIA_DIR);
 * an object store (S3/OSS/MinIO) implements the same three calls. Keys are opaque, content-addressed
 * paths; the sha256 is returned so callers record it next to the row that references the object.
 */
export interface MediaStore {
  put(bytes: Uint8Array, contentType: MediaContentType, kind: MediaKind): Promise<StoredMedia>;
  /** null when the key does not exist */
  get(key: string): Promise<Uint8Array | null>;
}

/** PDF: a batch's inspection report or certificate as the lab sent it (traceability, issue 15); MP4: an evidence clip (issue 19) */
export type MediaContentType = "image/jpeg" | "image/png" | "image/webp" | "application/pdf" | "video/mp4";
/** the folder an object goes to, so an operator can see at a glance what fills the disk */
export type MediaKind = "snapshot" | "evidence" | "alert" | "clip";
export interface StoredMedia {
  key: string;
  sha256: string;
  bytes: number;
  contentType: MediaContentType;
}

const EXTENSION: Record<MediaContentType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf", "video/mp4": "mp4" };
const KEY_PATTERN = /^(snapshot|evidence|alert|clip)\/[0-9a-f]{2}\/[0-9a-f]{64}\.(jpg|png|webp|pdf|mp4)$/;

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function localMediaStore(root: string): MediaStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(join(base, key));
    if (!path.startsWith(base + sep)) throw new Error("media key escapes the store");
    return path;
  };
  return {
    async put(bytes, contentType, kind) {
      const sha256 = sha256Hex(bytes);
      const key = `${kind}/${sha256.slice(0, 2)}/${sha256}.${EXTENSION[contentType]}`;
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // write then rename: a reader never sees half a file, and equal content lands on the same key
      const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
      return { key, sha256, bytes: bytes.byteLength, contentType };
    },
    async get(key) {
      if (!KEY_PATTERN.test(key)) return null;
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}

/** The configured store: the one passed in deps, else the local folder of MEDIA_DIR. */
export function mediaStoreOf(deps: { media?: MediaStore; config: { mediaDir: string } }): MediaStore {
  return deps.media ?? localMediaStore(deps.config.mediaDir);
}

/** Recognises an image by its first bytes, so a renamed text file is refused whatever its declared type. */
export function sniffImage(bytes: Uint8Array): MediaContentType | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes.length > 12 && String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") return "image/webp";
  return null;
}
