/**
 * The canteen's public page (issue 13, item 3): what anyone who scans the QR code on the canteen's door sees, no
 * sign-in. Nothing personal: inspections by date, kind and result; orders by number, dates and status; staff
 * health certificates desensitised (张*).
 *
 *   GET /api/v1/public/canteens/{slug}  [public] → PublicCanteen; an unknown slug → 404 (page_not_found)
 */
import { z } from "zod";
import { IsoTime } from "../contracts/common.ts";
import { CANTEEN_GRADES, INSPECTION_KINDS, ORDER_STATUSES, AREA_KINDS } from "../contracts/enums.ts";

export const HOTLINES = ["12315", "12331"] as const;

export const PublicCanteen = z.object({
  slug: z.string(),
  canteen: z.object({
    name: z.string(),
    licenseNo: z.string().nullable(),
    /** YYYY-MM-DD; null: the school has not disclosed it */
    licenseValidUntil: z.string().nullable(),
    grade: z.enum(CANTEEN_GRADES).nullable(),
  }),
  school: z.object({ name: z.string(), regionName: z.string() }),
  /** desensitised (张*); empty until the staff ledger holds certificates */
  healthCertificates: z.array(z.object({ name: z.string(), validUntil: z.string() })),
  /** today's menu (breakfast, lunch, dinner) and, per dish, the sources of what it used (issue 15: supplier and origin, no prices) */
  menu: z.array(z.object({ meal: z.string(), dishes: z.array(z.string()) })),
  ingredientSources: z.array(z.object({ dish: z.string(), product: z.string(), supplier: z.string(), origin: z.string() })),
  inspections: z.array(z.object({ date: IsoTime, kind: z.enum(INSPECTION_KINDS), result: z.enum(["satisfactory", "issues_found"]).nullable() })),
  orders: z.object({
    issued: z.number().int(),
    closed: z.number().int(),
    recent: z.array(z.object({ number: z.string(), issuedAt: IsoTime, deadline: IsoTime, status: z.enum(ORDER_STATUSES) })),
  }),
  hotlines: z.array(z.string()),
  feedback: z.object({ ratings: z.number().int(), averageStars: z.number().nullable(), complaints: z.number().int(), answered: z.number().int() }),
  live: z.object({
    /** China time, HH:MM; null: the school has not opened its public cameras */
    from: z.string().nullable(),
    to: z.string().nullable(),
    open: z.boolean(),
    nextOpening: IsoTime.nullable(),
    cameras: z.array(z.object({ id: z.string(), name: z.string(), areaKind: z.enum(AREA_KINDS) })),
  }),
});
export type PublicCanteen = z.infer<typeof PublicCanteen>;

/** What the school discloses beyond the canteen's row, and the hours its public cameras are open (第二十二条). */
const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM (China time)");
export const Disclosure = z.object({
  licenseValidUntil: z.string().nullable(),
  liveFrom: z.string().nullable(),
  liveTo: z.string().nullable(),
  viewerCap: z.number().int(),
});
export const UpdateDisclosure = z
  .strictObject({
    licenseValidUntil: z.iso.date().nullable().optional(),
    liveFrom: HourMinute.nullable().optional(),
    liveTo: HourMinute.nullable().optional(),
    viewerCap: z.number().int().min(1).max(500).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "nothing_to_change", params: { reason: "nothing_to_change" } })
  .meta({ minProperties: 1 });

/** An anonymous, subscribe-only token for the canteen's public cameras during the school's hours. */
export const PublicLiveToken = z.object({
  url: z.string(),
  token: z.string(),
  room: z.string(),
  identity: z.string(),
  expiresAt: IsoTime,
  cameraIds: z.array(z.string()),
});
