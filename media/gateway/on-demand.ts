import type { GatewayCamera } from "../../server/live/contracts.ts";
import type { CameraFleet } from "./camera-fleet.ts";
import { parseSource } from "./source.ts";
import type { StatusTracker, StatusTransition } from "./status.ts";

export interface OnDemandOptions {
  /** whether an idle synthetic camera is reachable now (null) or why not (a simulated blip) */
  standby: (camera: GatewayCamera, now: number) => string | null;
  /** how long decoding goes on after the last viewer left (default 30 s) */
  lingerMs?: number;
}

/**
 * Decoding synthetic (`test:`) cameras only while someone watches the room, so the demo city can run hundreds
 * of them on a laptop (GatewayOptions.onDemand). A camera that is not decoded still has a status: its standby
 * state stands in for the frames that would (or would not) have come, through the same tracker, so viewers
 * and heartbeats cannot tell it from a decoded one.
 */
export class OnDemandDecoding {
  /** last time someone watched (decoding goes on for lingerMs after) */
  private watchedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: OnDemandOptions) {}

  /** Whether ffmpeg should run for this camera now: real sources always; synthetic ones while watched and reachable. */
  shouldDecode(camera: GatewayCamera, now: number): boolean {
    if (parseSource(camera.source).kind !== "test") return true;
    return now - this.watchedAt < (this.o.lingerMs ?? 30_000) && this.o.standby(camera, now) === null;
  }

  /** Notes a viewer in the room now (it keeps decoding on for lingerMs). */
  watched(now: number): void {
    this.watchedAt = now;
  }

  /** Reports the standby state of every camera the fleet is not decoding, in config order. */
  reportIdle(cameras: readonly GatewayCamera[], fleet: CameraFleet, tracker: StatusTracker, now: number, onTransition: (t: StatusTransition) => void): void {
    for (const camera of cameras) {
      if (fleet.isRunning(camera.id)) continue;
      const why = this.o.standby(camera, now);
      // reachable: as good as a frame; unreachable: a failure, offline once silent for offlineAfterMs
      const t = why === null ? tracker.frame(camera.id, now) : tracker.problem(camera.id, why, now);
      if (t) onTransition(t);
    }
  }
}
