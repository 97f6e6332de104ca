/** The 24-hour bar of a camera's day (pure): spans as fractions of the day, days of the picker. */

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY = 86_400_000;

/** The China Standard Time day of an instant, YYYY-MM-DD. */
export const chinaDay = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`) - CST_OFFSET_MS;

/** A span's place on the bar: left and width in percent of the day, clipped to it. */
export function barPlace(day: string, start: string, end: string): { left: number; width: number } {
  const d0 = dayStart(day);
  const s = Math.max(0, Math.min(DAY, Date.parse(start) - d0));
  const e = Math.max(0, Math.min(DAY, Date.parse(end) - d0));
  return { left: (s / DAY) * 100, width: (Math.max(0, e - s) / DAY) * 100 };
}

/** Today and the days before it inside the retention window, newest first. */
export function pickerDays(now: number, retentionDays: number): string[] {
  return Array.from({ length: retentionDays + 1 }, (_, i) => chinaDay(now - i * DAY));
}

/** The day before or after (keyboard: ← →), kept inside the picker's days. */
export function stepDay(days: readonly string[], day: string, step: -1 | 1): string {
  const i = days.indexOf(day);
  const next = i - step; // newest first: "after" is towards index 0
  return days[Math.max(0, Math.min(days.length - 1, next < 0 || i < 0 ? 0 : next))]!;
}

/** The instant at a fraction of the bar (a click), never past `now`. */
export const barInstant = (day: string, fraction: number, now: number) => Math.min(now, dayStart(day) + Math.max(0, Math.min(1, fraction)) * DAY);

/** The instant of a China time of the day, "HH:MM" or "HH:MM:SS" (a time input); null when not a time. */
export function dayTime(day: string, hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm);
  return m ? dayStart(day) + ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 : null;
}

/**
 * The bar's cursor moved by a key (desktop: the bar is a slider): ← → a minute, with Shift ten, Home/End the day's
 * first/last recorded instant. Kept inside the day and never past `now`; null for any other key.
 */
export function cursorKey(day: string, at: number, key: string, shift: boolean, ends: { first: number; last: number }, now: number): number | null {
  const step = (shift ? 10 : 1) * 60_000;
  const next = key === "ArrowLeft" ? at - step : key === "ArrowRight" ? at + step : key === "Home" ? ends.first : key === "End" ? ends.last : null;
  return next === null ? null : Math.max(dayStart(day), Math.min(now, dayStart(day) + DAY - 1000, next));
}
