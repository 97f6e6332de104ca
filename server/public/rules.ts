/** Pure rules of the public page: desensitising names and the daily window of the public cameras (China time). */

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** 张三 → 张*, 欧阳娜娜 → 欧***, Li → L* (the family name or first letter stays). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? `${chars[0]}*` : "*";
  return chars[0] + "*".repeat(chars.length - 1);
}

export const minutesOf = (hhmm: string) => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/**
 * Whether the public cameras are open at `now` for the window from–to (China time, to after from on the same day),
 * and when they next open (null when open now or never opened).
 */
export function liveWindow(from: string | null, to: string | null, now: number): { open: boolean; nextOpening: number | null } {
  const a = from ? minutesOf(from) : null;
  const b = to ? minutesOf(to) : null;
  if (a === null || b === null || b <= a) return { open: false, nextOpening: null };
  const local = now + CST_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  const minute = (local - dayStart) / 60_000;
  if (minute >= a && minute < b) return { open: true, nextOpening: null };
  const opening = dayStart + a * 60_000 + (minute < a ? 0 : DAY_MS);
  return { open: false, nextOpening: opening - CST_OFFSET_MS };
}
