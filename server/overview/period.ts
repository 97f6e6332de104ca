import { invalid } from "../http/errors.ts";

/**
 * The overview's periods (issue 16), in China days: a chosen from–to (default this month so far) or a report's
 * month. Pure but for throwing the 400s of bad input: reversed, in the future, too long.
 */

const CST = 8 * 3_600_000;
const DAY = 86_400_000;
/** the longest period the overview computes (a quarter): the online rate walks every camera's transitions */
export const MAX_PERIOD_DAYS = 93;

export const chinaDay = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

export interface OverviewPeriod {
  from: string;
  to: string;
  start: number;
  /** exclusive; never after now (today's figures run to the moment asked) */
  end: number;
  /** true when the period runs to now */
  current: boolean;
}

export function overviewPeriod(now: number, from?: string, to?: string): OverviewPeriod {
  const today = chinaDay(now);
  const end = to ?? today;
  const start = from ?? `${end.slice(0, 8)}01`;
  if (start > end) throw invalid("from_after_to", [{ path: "from", message: "after to" }]);
  if (end > today) throw invalid("period_in_future", [{ path: to ? "to" : "from", message: `not after ${today}` }]);
  const days = Math.round((dayStart(end) - dayStart(start)) / DAY) + 1;
  if (days > MAX_PERIOD_DAYS) throw invalid("overview_period_too_long", [{ path: "from", message: `at most ${MAX_PERIOD_DAYS} days` }]);
  const endMs = Math.min(dayStart(end) + DAY, now);
  return { from: start, to: end, start: dayStart(start), end: endMs, current: endMs === now };
}

/** The last day of a month "2026-11" → "2026-11-30". */
export function lastDayOf(month: string) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * A report's month: its whole period when closed; the current month so far, marked provisional; a future month is
 * refused (400 month_in_future). Its period is the overview's for from = the 1st, to = the last day (or today).
 */
export function monthPeriod(now: number, month: string): OverviewPeriod & { month: string; provisional: boolean } {
  const today = chinaDay(now);
  const thisMonth = today.slice(0, 7);
  if (month > thisMonth) throw invalid("month_in_future", [{ path: "month", message: `not after ${thisMonth}` }]);
  const provisional = month === thisMonth;
  const p = overviewPeriod(now, `${month}-01`, provisional ? today : lastDayOf(month));
  return { ...p, month, provisional };
}
