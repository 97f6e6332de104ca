/**
 * npm run bench:codec — CPU per camera of an H.265 source against H.264 (issue 17). ffmpeg makes one 1920x1080
 * clip of the same moving picture in each codec, then the gateway's own decode arguments (buildFfmpegArgs: file
 * source looped at its native rate, scaled to fit 1280x720, GATEWAY_FPS, one thread) run for BENCH_SECONDS each;
 * the CPU of that ffmpeg (utime + stime from /proc) over wall time is one camera's cost. Prints loadavg: the
 * machine may be shared.
 * Env: BENCH_SECONDS (20), GATEWAY_FPS (15), BENCH_SIZE (1920x1080).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildFfmpegArgs, DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { parseSource } from "../../media/gateway/source.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FPS = Number(process.env.GATEWAY_FPS ?? 15);
const SIZE = process.env.BENCH_SIZE ?? "1920x1080";
const load = () => loadavg().map((v) => v.toFixed(2)).join(" ");
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

const dir = mkdtempSync(join(tmpdir(), "mcll-bench-codec-"));
console.log(`bench:codec — ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "?"}), loadavg ${load()}; ${SIZE} 25 fps source → gateway decode at ${FPS} fps, ≤ 1280x720, ${SECONDS} s each`);
const clips: Record<string, string> = {};
for (const [codec, encoder] of [["h264", "libx264"], ["hevc", "libx265"]] as const) {
  clips[codec] = join(dir, `${codec}.mp4`);
  // the same moving picture in both, about a camera's bit rate (4 Mbit/s)
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${SIZE}:rate=25`, "-t", "10", "-c:v", encoder, "-preset", "veryfast", "-b:v", "4M", ...(codec === "hevc" ? ["-x265-params", "log-level=error", "-tag:v", "hvc1"] : []), "-pix_fmt", "yuv420p", "-y", clips[codec]!]);
}
console.log("codec   CPU% of one core per camera   frames/s out   loadavg");
const results: Record<string, number> = {};
for (const codec of ["h264", "hevc"]) {
  const args = buildFfmpegArgs(parseSource(clips[codec]!), { ...DEFAULT_DECODE, fps: FPS, fontFile: null });
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "pipe", "ignore"] });
  let bytes = 0;
  child.stdout!.on("data", (b: Buffer) => (bytes += b.length));
  await new Promise((r) => setTimeout(r, 2000)); // past the start
  const c0 = cpuSeconds(child.pid!);
  const b0 = bytes;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (performance.now() - t0) / 1000;
  const cpu = ((cpuSeconds(child.pid!) - c0) / wall) * 100;
  const frames = (bytes - b0) / (1280 * 720 * 1.5) / wall;
  child.kill("SIGKILL");
  results[codec] = cpu;
  console.log(`${codec.padEnd(6)}  ${cpu.toFixed(1).padStart(28)}   ${frames.toFixed(1).padStart(12)}   ${load()}`);
}
console.log(`\nH.265 costs ${(results.hevc! / results.h264!).toFixed(2)}× the CPU of H.264 per camera here (loadavg ${load()} on ${cpus().length} CPUs).`);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
