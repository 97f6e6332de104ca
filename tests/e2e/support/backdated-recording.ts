import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sha256OfBytes } from "../../../media/record/chain-hash.ts";
import { ChainStore } from "../../../media/record/chain-store.ts";

/** `<run>-YYYYMMDDTHHMMSS.mp4` (UTC), the recorder's own segment names (media/record/camera-recorder.ts) */
const nameOf = (ms: number) => `seed-${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, "")}.mp4`;

/**
 * A camera's recording of the last `seconds` as the gateway would have left it after running that long and stopping
 * cleanly: 1-second H.264 MP4 segments (a moving test pattern at the gateway's test size and frame rate, a keyframe
 * a second) ending at the current whole second, chained in the camera's `chain.jsonl` by the recorder's own
 * ChainStore. A gateway started over `recordDir` then goes on recording from the present (its first link a
 * `gateway_stopped` gap) and anchors the whole chain, so a test can play minutes back without waiting minutes.
 * ffmpeg encodes the segments at full speed (a few seconds for minutes of a small picture).
 */
export async function backdateRecording(o: { recordDir: string; cameraId: string; seconds: number; size?: string; fps?: number }): Promise<{ start: number; end: number }> {
  const fps = o.fps ?? 8;
  const dir = join(o.recordDir, o.cameraId);
  const tmp = join(dir, ".seed");
  mkdirSync(tmp, { recursive: true });
  const args = [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=${o.size ?? "320x180"}:rate=${fps}`, "-t", String(o.seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
    "-g", String(fps), "-keyint_min", String(fps), "-sc_threshold", "0", "-b:v", "150k",
    "-f", "segment", "-segment_time", "1", "-reset_timestamps", "1", "-segment_format", "mp4", join(tmp, "s%05d.mp4"),
  ];
  await new Promise<void>((resolve, reject) => {
    let err = "";
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not make the backdated segments: ${err.trim() || code}`))));
  });
  const files = readdirSync(tmp).filter((f) => f.endsWith(".mp4")).sort();
  const end = Math.floor(Date.now() / 1000) * 1000;
  const start = end - files.length * 1000;
  const chain = new ChainStore(dir);
  if (chain.head) throw new Error(`${dir} already has a recording chain`);
  files.forEach((f, i) => {
    const t = start + i * 1000;
    const name = nameOf(t);
    renameSync(join(tmp, f), join(dir, name));
    const bytes = readFileSync(join(dir, name));
    chain.append({ kind: "segment", start: t, end: t + 1000, sha256: sha256OfBytes(bytes), reason: "" }, name, bytes.byteLength);
  });
  rmSync(tmp, { recursive: true, force: true });
  return { start, end };
}
