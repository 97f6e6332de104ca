import { DEFAULT_DETECTION_SETTINGS } from "../../server/detection/contracts.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";

/**
 * Live or sample decoding (issue 17: one 2-core gateway, 64 cameras). Decoding every camera at the full rate
 * costs more CPU than the detector once the motion gate skips still pictures, yet full-rate frames are only
 * needed by viewers: while nobody watches the room (nor was announced by the API), a camera is decoded at the
 * sample rate only. Pure: the gateway gives the times.
 */
export type WatchMode = "live" | "sample";

/** how long decoding stays live after the last viewer left (a viewer who comes back finds it live; no thrash) */
export const DEFAULT_LIVE_LINGER_MS = 30_000;

/**
 * Live while someone watches, and for `lingerMs` after the last moment someone did (`watchedAt`); sample
 * otherwise. The linger is the hysteresis: a viewer who flaps in and out restarts nothing.
 */
export function watchMode(watchedAt: number, now: number, lingerMs = DEFAULT_LIVE_LINGER_MS): WatchMode {
  return now - watchedAt < lingerMs ? "live" : "sample";
}

/**
 * Frames per second a camera needs while nobody watches: its detection sample rate (AI抓拍), at least one a
 * second so status (offline after GATEWAY_OFFLINE_AFTER_S) and 视频诊断 (a sample every 2 s by default) see
 * frames as before.
 */
export function sampleFpsOf(camera: GatewayCamera): number {
  const d = camera.detection ?? DEFAULT_DETECTION_SETTINGS;
  return d.enabled ? Math.max(1, d.sampleFps) : 1;
}

/**
 * The room's decode mode as viewers come and go: the gateway says, on every tick and whenever the publisher
 * worked out who may watch, whether someone watches; this sets the mode on the cameras when it changes.
 */
export class RoomDecodeMode {
  private watchedAt = Number.NEGATIVE_INFINITY;
  mode: WatchMode;

  constructor(
    private readonly o: {
      cameras: { setMode(mode: WatchMode): void };
      log: { info(text: string): void };
      /** false: always live (GATEWAY_SAMPLE_UNWATCHED=off) */
      sampleWhenUnwatched: boolean;
      lingerMs?: number;
      changed: (mode: WatchMode) => void;
    },
  ) {
    // nobody is known to watch before the room is joined; a viewer already there turns it live within a second
    this.mode = o.sampleWhenUnwatched ? "sample" : "live";
    o.cameras.setMode(this.mode);
  }

  follow(watched: boolean, now: number): void {
    if (watched) this.watchedAt = now;
    if (!this.o.sampleWhenUnwatched) return;
    const next = watchMode(this.watchedAt, now, this.o.lingerMs);
    if (next === this.mode) return;
    this.mode = next;
    this.o.log.info(next === "live" ? "a viewer in the room: decoding every camera at the full rate" : "nobody watches: decoding at the sample rate");
    this.o.cameras.setMode(next);
    this.o.changed(next);
  }
}
