/** China Standard Time has no daylight saving, so a fixed +08:00 offset is exact. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** ISO 8601 with the +08:00 offset, e.g. 2026-11-23T12:00:00.000+08:00 */
export function toIso(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().replace("Z", "+08:00");
}

export const toIsoOrNull = (ms: number | null | undefined) => (ms == null ? null : toIso(ms));
