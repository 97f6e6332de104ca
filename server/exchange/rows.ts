import type { z } from "zod";
import type { Figures } from "../overview/contracts.ts";
import type { Cell } from "./csv.ts";

/**
 * The exchange's rows (issue 16, item 9), pure: the overview's nested figures flattened into one flat record of
 * stable English keys, so that the JSON item and the CSV line are the same row. The keys are listed here, not
 * derived at run time, so that the document names them; a unit test fails when the overview grows a figure that
 * this list does not name.
 */

export const FIGURE_KEYS = [
  "schools",
  "coverageRegistered", "coveragePlatform", "coverageVideo", "coverageBoth", "coverageRate",
  "onlineNowCameras", "onlineNowOnline", "onlineNowRate",
  "onlinePeriodCameras", "onlinePeriodMeasured", "onlinePeriodRate", "onlinePeriodPercent", "onlinePeriodOutages", "onlinePeriodOfflineHours",
  "alertsTotal", "alertsOpen", "alertsDisposedOnTime", "alertsOverdue", "alertsFalsePositive", "alertsOnTimeRate", "alertsFalsePositiveRate",
  "ordersIssued", "ordersOpen", "ordersOverdue", "ordersClosed", "ordersClosedOnTime", "ordersOnTimeRate",
  "patrolTotal", "patrolCovered", "patrolRate",
  "ledgersDue", "ledgersDone", "ledgersRate",
  "complaintsTotal", "complaintsOpen", "complaintsOverdue", "complaintsAnswered",
  "ratingsCount", "ratingsAverage",
  "recordingCameras", "recordingRecordedHours", "recordingRate",
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
/** rates (shares 0–1), percents and averages are null when there is nothing to count */
export const isNullableFigure = (key: string) => /(Rate|Percent|Average)$/.test(key);

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** { coverage: { rate } } → { coverageRate }, depth first in the figures' own order */
export function flattenFigures(figures: z.infer<typeof Figures>): Record<FigureKey, number | null> {
  const out: Record<string, number | null> = {};
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}${cap(k)}` : k, v);
    else out[prefix] = value as number | null;
  };
  walk("", figures);
  return out as Record<FigureKey, number | null>;
}

/** the columns of a school's row, in CSV order */
export const SCHOOL_KEYS = ["from", "to", "cityCode", "cityName", "regionCode", "regionName", "schoolId", "schoolName", ...FIGURE_KEYS] as const;
/** the columns of a region's row */
export const REGION_KEYS = ["from", "to", "code", "name", "level", "parentCode", ...FIGURE_KEYS] as const;

export interface UnitCamera { id: string; name: string; status: "online" | "offline" | "unknown"; rate: number | null; percent: number | null }
export interface UnitCanteen { id: string; name: string; licenseNo: string | null; grade: string | null; cameras: UnitCamera[] }
export interface UnitItem {
  from: string;
  to: string;
  cityCode: string;
  cityName: string;
  regionCode: string;
  regionName: string;
  schoolId: string;
  schoolName: string;
  canteens: UnitCanteen[];
  cameras: number;
  camerasOnline: number;
  onlinePeriodRate: number | null;
  onlinePeriodPercent: number | null;
  inspections: number;
  orders: number;
  alerts: number;
  complaints: number;
}

/** a unit's CSV line: its canteens' fields joined by ";" in the same order (the JSON answer carries them whole, cameras included) */
export const UNIT_KEYS = [
  "from", "to", "cityCode", "cityName", "regionCode", "regionName", "schoolId", "schoolName",
  "canteenCount", "canteenIds", "canteenNames", "licenseNos", "grades",
  "cameras", "camerasOnline", "onlinePeriodRate", "onlinePeriodPercent", "inspections", "orders", "alerts", "complaints",
] as const;
export const LIST_SEPARATOR = ";";

export function unitCsvRow(u: UnitItem): Record<(typeof UNIT_KEYS)[number], Cell> {
  const join = (pick: (c: UnitCanteen) => string | null) => u.canteens.map((c) => pick(c) ?? "").join(LIST_SEPARATOR);
  const { canteens: _c, ...scalars } = u;
  return {
    ...scalars,
    canteenCount: u.canteens.length,
    canteenIds: join((c) => c.id),
    canteenNames: join((c) => c.name),
    licenseNos: join((c) => c.licenseNo),
    grades: join((c) => c.grade),
  };
}

/** The city of a region code (GB/T 2260: its first four digits), for a school's row. */
export const cityOf = (regionCode: string) => `${regionCode.slice(0, 4)}00`;
