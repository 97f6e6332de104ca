import type { PlaybackControl } from "./playback-contracts.ts";

/** What a playback is at one instant: the recording's time `position` at wall-clock `since`, at `speed`, or paused. */
export interface PlaybackState {
  position: number;
  since: number;
  speed: number;
  paused: boolean;
}

/** The recording's time shown at wall-clock `now` (never past `latest`, the newest recorded instant, when given). */
export function positionAt(s: PlaybackState, now: number, latest = Infinity): number {
  const p = s.paused ? s.position : s.position + Math.max(0, now - s.since) * s.speed;
  return Math.min(p, latest);
}

/**
 * Why a time cannot be played, or null: in the future, or before the oldest recording the gateway keeps (none
 * recorded at all counts as nothing to play).
 */
export function outOfRange(at: number, now: number, oldest: number | null): "future" | "too_old" | null {
  if (at > now) return "future";
  if (oldest === null || at < oldest) return "too_old";
  return null;
}

/** The state after a control at `now` (stop is handled by the caller: it ends the playback). */
export function applyControl(s: PlaybackState, c: Exclude<PlaybackControl, { action: "stop" }>, now: number, at?: number): PlaybackState {
  const here = positionAt(s, now);
  switch (c.action) {
    case "pause":
      return { ...s, position: here, since: now, paused: true };
    case "resume":
      return { ...s, position: here, since: now, paused: false };
    case "seek":
      return { ...s, position: at!, since: now };
    case "speed":
      return { ...s, position: here, since: now, speed: c.speed };
  }
}
