import { z } from "zod";
import { FIELD_RESULTS, FIELD_SOURCES, FIELD_STATUSES } from "../../db/schema/field.ts";
import { Id, IsoTime, line, pageOf, pageQuery, text } from "../contracts/common.ts";
import { ChecklistItem } from "../inspections/contracts.ts";
import { IsoTimeInput } from "../orders/contracts.ts";

/**
 * 靶向飞行 field tasks (issue 12 item 4):
 *   POST /api/v1/field-tasks                        [field.assign] from a spot check, an alert or a complaint
 *   GET  /api/v1/field-tasks, /{id}                 [field.read]   the board (open first, by due date) and one task
 *   POST /api/v1/field-tasks/{id}/start|photos|complete  [field.run, assigned inspectors only]
 *   POST /api/v1/field-tasks/{id}/cancel            [field.assign]
 *   GET  /api/v1/field-photos/{id}/image            [field.read]
 */
export const FieldSource = z.enum(FIELD_SOURCES);
export const FieldStatus = z.enum(FIELD_STATUSES);
export type FieldStatus = z.infer<typeof FieldStatus>;
export const FieldResult = z.enum(FIELD_RESULTS);

export const CreateFieldTask = z.strictObject({
  source: z.strictObject({ kind: FieldSource, id: Id }),
  /** the inspectors who go (1..5): regulators' inspectors or admins whose region covers the canteen, or the spot check's own */
  inspectorIds: z.array(Id).min(1).max(5),
  dueAt: IsoTimeInput,
  /** default: from the source */
  title: line({ min: 1, max: 100 }).optional(),
  instructions: text({ max: 2000 }).optional(),
});

export const FieldNote = z.strictObject({ note: text({ max: 1000 }).optional() });
export const CancelFieldTask = z.strictObject({ note: text({ min: 1, max: 1000 }) });

export const MAX_FIELD_PHOTO_BYTES = 8 * 1024 * 1024;
/** A photo taken on site (multipart): the image, when it was taken (the phone's clock) and, where the browser allows, where. */
export const FieldPhotoFields = z.strictObject({
  capturedAt: IsoTimeInput,
  latitude: z.coerce.number().min(-90).max(90).optional(),
  longitude: z.coerce.number().min(-180).max(180).optional(),
  accuracy: z.coerce.number().min(0).max(100_000).optional(),
  note: text({ max: 500 }).optional(),
});

export const CompleteFieldTask = z.strictObject({
  /** 属实 / 不属实 / 当场整改 */
  result: FieldResult,
  checklist: z.array(ChecklistItem).min(1).max(5),
  note: text({ min: 1, max: 2000 }),
});

export const EvidenceItem = z.object({
  kind: z.enum(["snapshot", "alert", "complaint", "spot_check"]),
  label: z.string(),
  at: IsoTime.nullable(),
  /** the client page that shows the source */
  href: z.string().nullable(),
  /** the image, from the API */
  image: z.string().nullable(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const FieldPhoto = z.object({
  id: Id,
  sha256: z.string(),
  capturedAt: IsoTime,
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  accuracy: z.number().nullable(),
  takenBy: z.string(),
});

const Person = z.object({ id: Id, displayName: z.string() });
export const FieldTaskSummary = z.object({
  id: Id,
  canteenId: Id,
  canteenName: z.string(),
  schoolName: z.string(),
  source: z.object({ kind: FieldSource, id: z.string() }),
  title: z.string(),
  status: FieldStatus,
  result: FieldResult.nullable(),
  dueAt: IsoTime,
  overdue: z.boolean(),
  inspectors: z.array(Person),
  /** whether the caller is one of them (only they may start, add photos, complete) */
  mine: z.boolean(),
  createdAt: IsoTime,
  completedAt: IsoTime.nullable(),
});
export const FieldTask = FieldTaskSummary.extend({
  instructions: z.string().nullable(),
  evidence: z.array(EvidenceItem),
  checklist: z.array(ChecklistItem).nullable(),
  inspectionId: Id.nullable(),
  photos: z.array(FieldPhoto),
  /** orders issued from the on-site inspection */
  orders: z.array(z.object({ id: Id, number: z.string(), status: z.string() })),
  /** whether the caller may issue an order from it (its regulator has jurisdiction over the school) */
  mayIssueOrder: z.boolean(),
  timeline: z.array(z.object({ id: Id, type: z.enum(["created", "started", "photo", "completed", "cancelled"]), toStatus: FieldStatus, actorName: z.string().nullable(), at: IsoTime, note: z.string().nullable() })),
});
export type FieldTask = z.infer<typeof FieldTask>;
export const FieldTaskPage = pageOf(FieldTaskSummary);
export const FieldTasksQuery = z.strictObject({
  status: FieldStatus.optional(),
  /** only the caller's own */
  mine: z.enum(["true", "false"]).optional(),
  ...pageQuery("number", "number", "text"),
});

export const InspectorsQuery = z.strictObject({ sourceKind: FieldSource, sourceId: Id });
export const EligibleInspectors = z.object({ items: z.array(z.object({ id: Id, displayName: z.string(), orgName: z.string() })) });
