import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256OfBytes } from "./chain-hash.ts";
import type { ChainStore } from "./chain-store.ts";

/** A clip may be at most five minutes long (issue 19, 视频抓拍). */
export const MAX_CLIP_MS = 5 * 60_000;

export interface Clip {
  path: string;
  bytes: number;
  sha256: string;
  /** the clip's actual span: it starts on the keyframe at or before the requested start */
  start: number;
  end: number;
  /** the chain links it was cut from: each segment's number, sha256 and link hash */
  links: Array<{ seq: number; sha256: string; hash: string }>;
}

export class ClipError extends Error {}

/**
 * Cuts [start, end) of a camera's recording into one MP4 without re-encoding (ffmpeg's concat demuxer over the
 * segments it spans, stream copy, faststart for the browser), and names the chain links it came from, so that a
 * verifier can check each segment against the anchored chain. Throws a ClipError for a bad span or nothing recorded.
 */
export async function cutClip(chain: ChainStore, dir: string, range: { start: number; end: number }, out: string, ffmpeg = "ffmpeg"): Promise<Clip> {
  if (!(range.end > range.start)) throw new ClipError("the clip ends before it starts");
  if (range.end - range.start > MAX_CLIP_MS) throw new ClipError("a clip is at most 5 minutes long");
  const segments = chain.all().filter((l) => l.kind === "segment" && l.end > range.start && l.start < range.end && existsSync(join(dir, l.file)));
  if (!segments.length) throw new ClipError("nothing is recorded in that span");
  const first = segments[0]!;
  const last = segments.at(-1)!;
  const list = `${out}.concat.txt`;
  writeFileSync(list, segments.map((s) => `file '${join(dir, s.file).replace(/'/g, "'\\''")}'\n`).join(""));
  const offset = Math.max(0, range.start - first.start) / 1000;
  const duration = (Math.min(range.end, last.end) - Math.max(range.start, first.start)) / 1000;
  const args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-ss", offset.toFixed(3), "-i", list, "-t", duration.toFixed(3), "-map", "0:v:0", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", out];
  try {
    await new Promise<void>((resolve, reject) => {
      let err = "";
      const child = spawn(ffmpeg, args, { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-1000)));
      child.once("error", reject);
      child.once("close", (code) => (code === 0 ? resolve() : reject(new ClipError(`ffmpeg could not cut the clip: ${err.trim() || code}`))));
    });
  } finally {
    rmSync(list, { force: true });
  }
  const bytes = readFileSync(out);
  return {
    path: out,
    bytes: bytes.byteLength,
    sha256: sha256OfBytes(bytes),
    start: Math.max(range.start, first.start),
    end: Math.min(range.end, last.end),
    links: segments.map((s) => ({ seq: s.seq, sha256: s.sha256, hash: s.hash })),
  };
}
