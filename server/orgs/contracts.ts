import { z } from "zod";
import { Id, IsoTime, Name, RegionCode, pageOf, pageQuery, line, patchOf } from "../contracts/common.ts";
import { OrgKind } from "../accounts/contracts.ts";
import { SCHOOL_TOTAL_MS } from "./school-totals.ts";

export const Region = z.object({
  code: RegionCode,
  name: z.string(),
  level: z.enum(["province", "city", "district"]),
  parentCode: RegionCode.nullable(),
});
export const RegionsQuery = z.strictObject({ parent: RegionCode.optional() });

/** 统一社会信用代码: 18 characters of digits and capital letters (no I, O, S, V, Z) */
export const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "invalid 统一社会信用代码");

/** Where a school is on the food-safety map (issue 16 item 7): WGS-84 degrees, both at once or none. */
export const Position = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const Org = z.object({
  id: Id,
  kind: OrgKind,
  name: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
  creditCode: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
  createdAt: IsoTime,
  position: Position.nullable(),
});
export type Org = z.infer<typeof Org>;

export const OrgsQuery = z.strictObject({
  kind: OrgKind.optional(),
  q: line({ max: 50 }).optional(),
  ...pageQuery("text", "text"),
});
export const OrgPage = pageOf(Org);

export const CreateOrg = z.strictObject({
  kind: OrgKind,
  name: Name,
  regionCode: RegionCode,
  creditCode: CreditCode.optional(),
});
export const UpdateOrg = patchOf({
  name: Name.optional(),
  creditCode: CreditCode.nullable().optional(),
  status: z.enum(["active", "disabled"]).optional(),
  /** null: take the school off the map */
  position: Position.nullable().optional(),
});

/** A row of the regulator's home: a school with its counts. */
export const SchoolSummary = z.object({
  id: Id,
  name: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
  canteenCount: z.number().int(),
  cameraCount: z.number().int(),
  onlineCameraCount: z.number().int(),
  /** the end of the school's latest ended inspection (any kind), null when never patrolled (issue 12) */
  lastPatrolledAt: IsoTime.nullable(),
});
export type SchoolSummary = z.infer<typeof SchoolSummary>;
export const SchoolsQuery = z.strictObject({
  q: line({ max: 50 }).optional(),
  regionCode: RegionCode.optional(),
  ...pageQuery("text", "text"),
});
export const SchoolPage = pageOf(SchoolSummary).extend({
  total: z
    .number()
    .int()
    .describe(
      `the schools in scope that match the filters, all pages together; kept up to ${SCHOOL_TOTAL_MS / 1000} s, so a school registered through another API instance may count only that much later (the items are always current)`,
    ),
});
