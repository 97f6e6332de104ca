/**
 * The pure rules of patrol (issue 12, item 6): explainable risk grades, coverage of a semester and the monthly
 * quota. No I/O and no clock: callers pass the facts and "now"; the regulator overview reuses them.
 */
import type { RiskGrade } from "./sampler.ts";

const DAY = 86_400_000;

export interface RiskFacts {
  openAlerts: number;
  overdueOrders: number;
  /** share of the canteen's cameras online (0..1); null: no camera */
  cameraOnlineRate: number | null;
  /** days since the last ended inspection; null: never patrolled */
  daysSincePatrol: number | null;
  /** 量化等级 */
  grade: "A" | "B" | "C" | null;
}
export type RiskFactor = "open_alerts" | "overdue_orders" | "camera_online_rate" | "days_since_patrol" | "quantified_grade";
export interface RiskContribution {
  factor: RiskFactor;
  value: number | string | null;
  points: number;
}

/** Points at or above which a canteen is high (40) or medium (20) risk. */
export const RISK_THRESHOLDS = { high: 40, medium: 20 } as const;

/** Each factor's contribution in whole points, so a grade can be explained line by line. */
export function riskOf(f: RiskFacts): { score: number; grade: RiskGrade; factors: RiskContribution[] } {
  const rate = f.cameraOnlineRate;
  const days = f.daysSincePatrol;
  const factors: RiskContribution[] = [
    { factor: "open_alerts", value: f.openAlerts, points: Math.min(f.openAlerts, 5) * 4 },
    { factor: "overdue_orders", value: f.overdueOrders, points: Math.min(f.overdueOrders, 3) * 10 },
    { factor: "camera_online_rate", value: rate, points: rate === null || rate < 0.8 ? 15 : rate < 0.95 ? 5 : 0 },
    { factor: "days_since_patrol", value: days, points: days === null || days > 90 ? 20 : days > 30 ? 10 : 0 },
    { factor: "quantified_grade", value: f.grade, points: f.grade === "C" ? 15 : f.grade === "B" ? 5 : f.grade === "A" ? 0 : 10 },
  ];
  const score = factors.reduce((s, x) => s + x.points, 0);
  const grade: RiskGrade = score >= RISK_THRESHOLDS.high ? "high" : score >= RISK_THRESHOLDS.medium ? "medium" : "low";
  return { score, grade, factors };
}

export interface Period {
  start: number;
  /** exclusive */
  end: number;
}

/** The default semesters of a school year starting in `year` (autumn: 9-1 to 1-31; spring: 2-1 to 7-31), China time. */
export function defaultSemesters(year: number): Array<Period & { name: "autumn" | "spring" }> {
  const cst = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * 3_600_000;
  return [
    { name: "autumn", start: cst(year, 9, 1), end: cst(year + 1, 2, 1) },
    { name: "spring", start: cst(year + 1, 2, 1), end: cst(year + 1, 8, 1) },
  ];
}

export interface CoverageSchool {
  canteenId: string;
  district: string;
}
export interface DistrictCoverage {
  district: string;
  total: number;
  covered: number;
  /** canteens not yet patrolled this period */
  uncovered: string[];
  /** covered ÷ total in per mille (integer), 1000 when there is nothing to cover */
  permille: number;
  /** whole days until the period ends (0 once over) */
  daysLeft: number;
  /** behind: the share covered is below the share of the period elapsed */
  behind: boolean;
}

/**
 * Coverage per district for a period: a canteen is covered when an ended inspection of it falls inside the period
 * (`patrolled` holds the canteens that have one). A district is behind when it has covered a smaller share of its
 * schools than the share of the period that has passed.
 */
export function coverage(schools: CoverageSchool[], patrolled: ReadonlySet<string>, period: Period, now: number): DistrictCoverage[] {
  const byDistrict = new Map<string, CoverageSchool[]>();
  for (const s of schools) {
    const list = byDistrict.get(s.district);
    if (list) list.push(s);
    else byDistrict.set(s.district, [s]);
  }
  return [...byDistrict.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([district, list]) => {
      const uncovered = list.filter((s) => !patrolled.has(s.canteenId)).map((s) => s.canteenId);
      return { district, uncovered, ...districtProgress(list.length, list.length - uncovered.length, period, now) };
    });
}

/** The same verdict from counts alone (the service counts in SQL at province scale). */
export function districtProgress(total: number, covered: number, period: Period, now: number) {
  const elapsed = Math.min(Math.max(now - period.start, 0), period.end - period.start);
  const daysLeft = Math.max(0, Math.ceil((period.end - now) / DAY));
  // covered / total < elapsed / length, in integers
  const behind = covered * (period.end - period.start) < elapsed * total;
  return { total, covered, permille: total ? Math.floor((covered * 1000) / total) : 1000, daysLeft, behind };
}

/** The China-time month [start, end) holding `at`. */
export function monthOf(at: number): Period & { month: string } {
  const cst = new Date(at + 8 * 3_600_000);
  const y = cst.getUTCFullYear(), m = cst.getUTCMonth();
  return { month: `${y}-${String(m + 1).padStart(2, "0")}`, start: Date.UTC(y, m, 1) - 8 * 3_600_000, end: Date.UTC(y, m + 1, 1) - 8 * 3_600_000 };
}

/** A month's quota: done, the quota, how many should be done by now (pro rata, rounded down), behind or not. */
export function quotaStatus(quota: number, done: number, month: Period, now: number) {
  const elapsed = Math.min(Math.max(now - month.start, 0), month.end - month.start);
  const expectedByNow = Math.floor((quota * elapsed) / (month.end - month.start));
  return { quota, done, expectedByNow, behind: done < expectedByNow, met: done >= quota };
}

/**
 * The school's own cadence (第十三条): a self-check every day and a leader's patrol every week. Given the times
 * of each, which of the last `days` China-time days lack a self-check, and whether this week has a leader patrol.
 */
export function cadenceGaps(selfChecks: number[], leaderPatrols: number[], now: number, days = 7) {
  const dayOf = (t: number) => Math.floor((t + 8 * 3_600_000) / DAY);
  const today = dayOf(now);
  const checked = new Set(selfChecks.map(dayOf));
  const missingDays = Array.from({ length: days }, (_, i) => today - i).filter((d) => !checked.has(d));
  // weeks start on Monday: day 0 (1970-01-01) was a Thursday
  const weekOf = (d: number) => Math.floor((d + 3) / 7);
  const leaderThisWeek = leaderPatrols.some((t) => weekOf(dayOf(t)) === weekOf(today));
  return { missingSelfCheckDays: missingDays.map((d) => new Date(d * DAY).toISOString().slice(0, 10)), leaderPatrolThisWeek: leaderThisWeek };
}

/** The window the cadence is judged on, in China time: the start of today, of the day `days - 1` before, of this week (Monday), of next week. */
export function cadenceWindow(now: number, days = 7) {
  const today = Math.floor((now + 8 * 3_600_000) / DAY);
  const weekStartDay = today - ((today + 3) % 7);
  const ms = (d: number) => d * DAY - 8 * 3_600_000;
  return { todayStart: ms(today), todayEnd: ms(today + 1), since: ms(today - days + 1), weekStart: ms(weekStartDay), weekEnd: ms(weekStartDay + 7) };
}
