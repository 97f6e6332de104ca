/**
 * npm run bench:zoom — the gateway's digital zoom (issue 17): one ffmpeg opening the source, taking one picture at
 * full size, cropping a quarter of it and writing a JPEG (media/gateway/zoom.ts, as the gateway runs it), for a
 * 2560x1440 photo (ZOOM_PHOTO, else a test pattern made here) and a 1920x1080 `test:` source. This is what a viewer
 * waits for beyond the HTTP round trips and the bus. Prints p50/p95/max per source and the machine's load.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { ZoomDriver } from "../../media/gateway/zoom.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { cropOf } from "../../server/zoom/rules.ts";

const N = Number(process.env.BENCH_ZOOM_N ?? 20);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const dir = mkdtempSync(join(tmpdir(), "mcll-bench-zoom-"));
const photo = process.env.ZOOM_PHOTO ?? join(dir, "shelf.jpg");
if (!process.env.ZOOM_PHOTO) execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=2560x1440", "-frames:v", "1", "-q:v", "2", photo]);
const log = { info: () => {}, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
const driver = new ZoomDriver({ ffmpeg: process.env.FFMPEG ?? "ffmpeg", decode: { ...DEFAULT_DECODE, fontFile: null, testWidth: 1920, testHeight: 1080, maxWidth: 1920, maxHeight: 1080 }, log, report: async () => undefined });

try {
  const sources: Array<[string, string, { width: number; height: number }]> = [
    ["photo 2560x1440", photo, { width: 2560, height: 1440 }],
    ["test: 1920x1080", "test:冷库温度计", { width: 1920, height: 1080 }],
  ];
  for (const [label, source, size] of sources) {
    const crop = cropOf({ x: 0.3, y: 0.3, w: 0.25, h: 0.25 }, size);
    const camera = { id: "cam_bench0001", name: "bench", source } as GatewayCamera;
    const samples: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await driver.crop(camera, { source: size, crop });
      samples.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error);
      if (i === 0 && jpeg.decode(r.jpeg).width !== crop.width) throw new Error("wrong crop size");
    }
    const s = samples.sort((a, b) => a - b);
    console.log(`zoom crop on the gateway, ${label} → ${crop.width}x${crop.height} JPEG   n=${s.length}  p50 ${percentile(s, 50).toFixed(0)} ms  p95 ${percentile(s, 95).toFixed(0)} ms  max ${s[s.length - 1]!.toFixed(0)} ms`);
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} CPUs`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
