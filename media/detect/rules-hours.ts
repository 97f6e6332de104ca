import type { TimeWindow } from "../../server/detection/contracts.ts";

/**
 * Daily windows in China Standard Time (pure). CST has no daylight saving, so the minute of the day is
 * exact from the epoch alone, whatever the process's TZ.
 */
const CST_OFFSET_MIN = 8 * 60;

export function cstMinuteOfDay(epochMs: number): number {
  const minutes = Math.floor(epochMs / 60_000) + CST_OFFSET_MIN;
  return ((minutes % 1440) + 1440) % 1440;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** start ≤ t < end; an end before the start spans midnight (22:00–06:00); start = end is the whole day. */
export function inWindow(w: TimeWindow, minuteOfDay: number): boolean {
  const s = toMinutes(w.start);
  const e = toMinutes(w.end);
  if (s === e) return true;
  return s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
}

export function inAnyWindow(windows: readonly TimeWindow[], epochMs: number): boolean {
  const m = cstMinuteOfDay(epochMs);
  return windows.some((w) => inWindow(w, m));
}
