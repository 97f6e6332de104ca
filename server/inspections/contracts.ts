import { z } from "zod";
import { INSPECTION_KINDS, REQUIRED_PATROL_AREAS } from "../contracts/enums.ts";
import { Id, IsoTime, pageOf, pageQuery, text } from "../contracts/common.ts";

export const InspectionKind = z.enum(INSPECTION_KINDS);
export const RequiredArea = z.enum(REQUIRED_PATROL_AREAS);

/** One line per required patrol area (seed 000 第二十一条): seen and fine, a problem, or not seen. */
export const ChecklistItem = z.strictObject({
  areaKind: RequiredArea,
  status: z.enum(["ok", "issue", "not_seen"]),
  note: text({ max: 500 }).optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Participant = z.object({ identity: z.string(), name: z.string(), role: z.string(), joinedAt: IsoTime, leftAt: IsoTime.nullable() });

export const Inspection = z.object({
  id: Id,
  kind: InspectionKind,
  canteenId: Id,
  canteenName: z.string(),
  room: z.string(),
  status: z.enum(["active", "ended"]),
  startedBy: z.object({ id: Id, displayName: z.string() }),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  result: z.enum(["satisfactory", "issues_found"]).nullable(),
  outcome: z.string().nullable(),
  checklist: z.array(ChecklistItem).nullable(),
  participants: z.array(Participant),
  /** an inspection of a past time (issue 19): the recording's time it looks at, played back in the room; null: live */
  reviewedAt: IsoTime.nullable(),
});
export type Inspection = z.infer<typeof Inspection>;

const PastInstant = IsoTime.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), "an ISO 8601 time (2026-11-23T08:30:00Z)");
export const StartInspection = z.strictObject({
  canteenId: Id,
  kind: z.enum(["online_patrol", "live_inspection", "spot_check"]),
  /** inspect a past time (issue 19): the recording's time to look at, inside the 7 days every gateway keeps */
  reviewedAt: PastInstant.optional(),
});
export const EndInspection = z.strictObject({
  outcome: text({ min: 1, max: 2000 }),
  // one item per required area, in any order (checklistComplete); min and max rather than length(), which the
  // generator drops, and "contains exactly one" per area so that the document says the same
  checklist: z
    .array(ChecklistItem)
    .min(REQUIRED_PATROL_AREAS.length)
    .max(REQUIRED_PATROL_AREAS.length)
    .meta({ allOf: REQUIRED_PATROL_AREAS.map((kind) => ({ contains: { type: "object", properties: { areaKind: { const: kind } }, required: ["areaKind"] }, minContains: 1, maxContains: 1 })) }),
});
export const InspectionsQuery = z.strictObject({
  canteenId: Id.optional(),
  status: z.enum(["active", "ended"]).optional(),
  /** patrol records (issue 12): by kind, by who ran it, by period (China dates, inclusive) */
  kind: InspectionKind.optional(),
  startedBy: Id.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...pageQuery("number", "text"),
});
export const InspectionPage = pageOf(Inspection);
