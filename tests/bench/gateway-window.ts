import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { GatewayStatsSnapshot } from "../../media/gateway/stats-file.ts";
import { CLK_TCK, cpuTicks } from "./proc.ts";

/** resident memory of a process in MiB (0 once it is gone) */
export function rssMiB(pid: number): number {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return 0;
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(path, "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

export const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(" / ");

/**
 * Over a window of `ms`: the gateway's upstream per active stream (kbit/s, from the stats file it writes), the CPU %
 * and resident memory of each named group of processes, and this process's own as `api` (the benches run the API
 * in-process). For bench:public and bench:viewing.
 */
export async function measureWindow(statsFile: string, pids: Record<string, number[]>, ms: number) {
  const readStats = () => JSON.parse(readFileSync(statsFile, "utf8")) as GatewayStatsSnapshot;
  const ticksOf = (list: number[]) => list.reduce((s, p) => s + cpuTicks(p), 0);
  const a = readStats();
  const t0 = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, ticksOf(list)]));
  const api0 = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = readStats();
  const seconds = (performance.now() - started) / 1000;
  const statsSeconds = (b.at - a.at) / 1000;
  const before = new Map(a.streams.map((s) => [s.ssrc, s]));
  const streams = b.streams.map((s) => ({ active: s.active, kbps: before.has(s.ssrc) ? ((s.bytesSent - before.get(s.ssrc)!.bytesSent) * 8) / 1000 / statsSeconds : NaN }));
  const cpu = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, ((ticksOf(list) - t0[k]!) / CLK_TCK / seconds) * 100]));
  const api = process.cpuUsage(api0);
  cpu.api = ((api.user + api.system) / 1e6 / seconds) * 100;
  const mem = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.reduce((s, p) => s + rssMiB(p), 0)]));
  mem.api = process.memoryUsage().rss / 1024 / 1024;
  const active = streams.filter((s) => s.active && s.kbps > 1);
  return { active: active.length, upKbps: active.reduce((s, x) => s + x.kbps, 0), perStream: active.map((s) => s.kbps), cpu, mem, load: loadAverage() };
}
