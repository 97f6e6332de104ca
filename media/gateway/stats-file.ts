import { writeFileSync, renameSync } from "node:fs";
import type { Gateway } from "./gateway.ts";
import { errorText, type Logger } from "./log.ts";

/** One encoded camera stream as the gateway sends it upstream (one per published camera; no simulcast). */
export interface StreamStats {
  ssrc: number;
  bytesSent: number;
  framesEncoded: number;
  /** false while dynacast has paused the encoding: nobody is watching this camera */
  active: boolean;
  width: number;
  height: number;
}

export interface GatewayStatsSnapshot {
  at: number;
  pid: number;
  /** camera id → ffmpeg pid */
  ffmpeg: Record<string, number>;
  /** camera id → track sid */
  tracks: Record<string, string>;
  streams: StreamStats[];
}

/** The outbound video streams in the publisher's RTC stats. */
export function outboundStreams(stats: Awaited<ReturnType<Gateway["rtcStats"]>>): StreamStats[] {
  const out: StreamStats[] = [];
  for (const s of stats?.publisherStats ?? []) {
    if (s.stats.case !== "outboundRtp") continue;
    const v = s.stats.value;
    out.push({
      ssrc: v.stream?.ssrc ?? 0,
      bytesSent: Number(v.sent?.bytesSent ?? 0n),
      framesEncoded: v.outbound?.framesEncoded ?? 0,
      active: v.outbound?.active ?? true,
      width: v.outbound?.frameWidth ?? 0,
      height: v.outbound?.frameHeight ?? 0,
    });
  }
  return out;
}

/**
 * For measurements (npm run bench:live): every `everyMs` the gateway writes what it sends upstream and its
 * ffmpeg pids to `path` as JSON (replaced atomically), so a benchmark can read them from outside the process.
 * Off unless GATEWAY_STATS_FILE is set.
 */
export function writeStatsPeriodically(gateway: Gateway, path: string, everyMs: number, log: Logger): () => void {
  let warned = false;
  const timer = setInterval(async () => {
    try {
      const snapshot: GatewayStatsSnapshot = {
        at: Date.now(),
        pid: process.pid,
        ffmpeg: Object.fromEntries(gateway.ffmpegPids()),
        tracks: Object.fromEntries(gateway.publishedTracks()),
        streams: outboundStreams(await gateway.rtcStats()),
      };
      writeFileSync(`${path}.tmp`, JSON.stringify(snapshot));
      renameSync(`${path}.tmp`, path);
    } catch (err) {
      if (!warned) log.warn(`could not write stats to ${path}: ${errorText(err)}`);
      warned = true;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
