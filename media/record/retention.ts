/** What the retention sweep does (pure): which segment files go, and whether the disk budget is too small. */

export const MIN_RETENTION_DAYS = 7;
const DAY = 86_400_000;

export interface KeptSegment {
  cameraId: string;
  file: string;
  start: number;
  end: number;
  bytes: number;
}

export interface RetentionPlan {
  /** files to delete, oldest first: past the retention, or past 7 days while over the budget */
  remove: KeptSegment[];
  bytesAfter: number;
  /** the budget cannot hold 7 days: the bytes kept (or projected for 7 days) against the budget */
  low: null | { bytes: number; projected7d: number; maxBytes: number };
}

/**
 * Segments ended before `retentionDays` go. Over `maxBytes`, the oldest ones older than 7 days go too, never a
 * younger one: if that does not bring the total under the budget, or the recent rate of bytes would not fit 7
 * days in it, the plan says `low` (the recording_storage_low alert) instead.
 */
export function planRetention(segments: readonly KeptSegment[], now: number, retentionDays: number, maxBytes: number): RetentionPlan {
  const sorted = [...segments].sort((a, b) => a.end - b.end);
  const remove: KeptSegment[] = [];
  let total = sorted.reduce((n, s) => n + s.bytes, 0);
  let i = 0;
  for (; i < sorted.length && sorted[i]!.end < now - retentionDays * DAY; i++) {
    remove.push(sorted[i]!);
    total -= sorted[i]!.bytes;
  }
  for (; i < sorted.length && total > maxBytes && sorted[i]!.end < now - MIN_RETENTION_DAYS * DAY; i++) {
    remove.push(sorted[i]!);
    total -= sorted[i]!.bytes;
  }
  const kept = sorted.slice(i);
  // the rate over the last day recorded (at least an hour of it): would 7 days of it fit?
  const since = Math.max(now - DAY, kept[0]?.start ?? now);
  const recent = kept.filter((s) => s.end > since);
  const spanMs = Math.max(3_600_000, now - since);
  const projected7d = Math.round((recent.reduce((n, s) => n + s.bytes, 0) / spanMs) * MIN_RETENTION_DAYS * DAY);
  const low = total > maxBytes || projected7d > maxBytes ? { bytes: total, projected7d, maxBytes } : null;
  return { remove, bytesAfter: total, low };
}

/** RECORD_RETENTION_DAYS: a whole number of days, at least 7 (seed 000 第十四条). */
export function parseRetentionDays(raw: string | undefined): number {
  if (raw === undefined || raw === "") return MIN_RETENTION_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < MIN_RETENTION_DAYS) throw new Error(`RECORD_RETENTION_DAYS=${raw}: recordings must be kept at least ${MIN_RETENTION_DAYS} days (a whole number)`);
  return n;
}
