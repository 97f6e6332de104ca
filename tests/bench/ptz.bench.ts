/**
 * npm run bench:ptz — PTZ command → movement visible on the other screen (issue 17). The real API, LiveKit, the
 * gateway process and the ONVIF simulator (5 fps, the 640x360 profile); the inspector sends a continuous move
 * over HTTP, the principal's screen is a @livekit/rtc-node subscriber decoding the camera's track: the time
 * until its picture differs from the one before the command. Then stop, and wait for the picture to settle.
 * Prints p50/p95/max and the machine's load. The simulator's frame interval (200 ms) bounds it from below.
 */
import { loadavg } from "node:os";
import { difference, startPtzRoom } from "../support/ptz-room.ts";

const N = Number(process.env.BENCH_PTZ_N ?? 30);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const r = await startPtzRoom("bench-ptz");
try {
  if ((await r.ptz("/control", r.inspector)).status !== 200) throw new Error("no control");
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    // the picture settled: two frames in a row alike
    let last = r.seen.frame!;
    await r.when("a still picture", () => {
      const same = r.seen.frame !== last && difference(last, r.seen.frame!) < 0.5;
      last = r.seen.frame!;
      return same;
    }, 20_000);
    const before = r.seen.frame!;
    const t0 = performance.now();
    const pan = i % 2 === 0 ? 1 : -1;
    const move = await r.ptz("/commands", r.inspector, "POST", { action: "move", pan, tilt: 0, zoom: 0 });
    if (move.status !== 202) throw new Error(`move: ${move.status}`);
    await r.when("the picture moved", () => difference(before, r.seen.frame!) > 5, 20_000);
    samples.push(r.seen.at - t0);
    const stop = await r.ptz("/commands", r.inspector, "POST", { action: "stop" });
    await r.when("stopped", () => r.messages.some((m) => m.type === "ptz.result" && m.id === stop.json.id), 20_000);
  }
  const s = [...samples].sort((a, b) => a - b);
  console.log(`PTZ command → picture moved on the principal's screen   n=${s.length}  p50 ${percentile(s, 50).toFixed(0)} ms  p95 ${percentile(s, 95).toFixed(0)} ms  max ${s[s.length - 1]!.toFixed(0)} ms`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${(await import("node:os")).cpus().length} CPUs`);
} finally {
  await r.close();
}
