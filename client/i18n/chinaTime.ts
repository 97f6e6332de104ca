/**
 * Supervision records read in the canteen's time, China Standard Time (UTC+8, no daylight saving), on any
 * machine: an inspector travelling, or a CI box in UTC, sees the same 22:00 the school saw (issue 11).
 */
export const CHINA_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DDTHH:mm` in China time, as an <input type="datetime-local"> holds it. */
export function toChinaInput(date: Date): string {
  const china = new Date(date.getTime() + OFFSET_MS);
  return china.toISOString().slice(0, 16);
}

/** A datetime-local value read as China time → ISO 8601 with +08:00 (the API wants an explicit offset); null if invalid. */
export function chinaInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}
