import { z } from "zod";
import { cursorOf, IsoTime, Limit, RegionCode } from "../contracts/common.ts";
import { Day } from "../ledgers/kinds.ts";
import { Place } from "../overview/contracts.ts";
import { FIGURE_KEYS, isNullableFigure } from "./rows.ts";

/**
 * Data exchange with the provincial platform (issue 16, item 9; seeds 003/004: 数据接入与共享, 省市县校一张网): the
 * overview's figures per school and per region, and the units' files (一户一档), as pages of flat rows — JSON by
 * default, CSV with format=csv or Accept: text/csv. One contract for both sides.
 */

/** json (default) or csv; Accept: text/csv asks for CSV too when format is absent */
export const ExchangeFormat = z.enum(["json", "csv"]);

const base = {
  /** the region below which to list (default the caller's highest) */
  regionCode: RegionCode.optional(),
  /** a period of China days (default this month so far): not reversed, not in the future, at most 93 days */
  from: Day.optional(),
  to: Day.optional(),
  limit: Limit,
  format: ExchangeFormat.optional(),
};
/** schools and units are listed by (region code, school id) */
export const SchoolPageQuery = z.strictObject({ ...base, cursor: cursorOf("text", "text").optional() });
/** regions by code */
export const RegionPageQuery = z.strictObject({ ...base, cursor: cursorOf("text").optional() });

const figureShape = Object.fromEntries(FIGURE_KEYS.map((k) => [k, isNullableFigure(k) ? z.number().nullable() : z.number()])) as Record<(typeof FIGURE_KEYS)[number], z.ZodNumber | z.ZodNullable<z.ZodNumber>>;
const periodColumns = { from: z.string(), to: z.string() };

export const SchoolRow = z.object({
  ...periodColumns,
  cityCode: z.string(),
  cityName: z.string(),
  /** the school's own region (a district, or a city for a school registered at city level) */
  regionCode: z.string(),
  regionName: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  ...figureShape,
});
export const RegionRow = z.object({
  ...periodColumns,
  code: z.string(),
  name: z.string(),
  level: z.enum(["province", "city", "district"]),
  parentCode: z.string().nullable(),
  ...figureShape,
});
const UnitCamera = z.object({ id: z.string(), name: z.string(), status: z.enum(["online", "offline", "unknown"]), rate: z.number().nullable(), percent: z.number().nullable() });
export const UnitItem = z.object({
  ...periodColumns,
  cityCode: z.string(),
  cityName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  canteens: z.array(z.object({ id: z.string(), name: z.string(), licenseNo: z.string().nullable(), grade: z.string().nullable(), cameras: z.array(UnitCamera) })),
  cameras: z.number(),
  camerasOnline: z.number(),
  onlinePeriodRate: z.number().nullable(),
  onlinePeriodPercent: z.number().nullable(),
  /** started in the period: every kind (online patrol, live inspection, spot check, parents' viewing, self-check) */
  inspections: z.number(),
  /** issued in the period */
  orders: z.number(),
  /** AI alerts raised in the period (system alerts aside, as in the overview) */
  alerts: z.number(),
  /** received in the period */
  complaints: z.number(),
});

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    place: Place,
    period: z.object({ from: z.string(), to: z.string(), asOf: IsoTime }),
    items: z.array(item),
    /** the next page's cursor (also in the X-Next-Cursor and Link headers); null on the last page */
    nextCursor: z.string().nullable(),
  });
export const SchoolPage = pageOf(SchoolRow);
export const RegionPage = pageOf(RegionRow);
export const UnitPage = pageOf(UnitItem);
