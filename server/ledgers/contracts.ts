import { z } from "zod";
import { Id, line, pageOf, pageQuery, patchOf, RegionCode, text } from "../contracts/common.ts";
import { CHECKLIST_KINDS, MAX_ITEM_LABEL } from "./checklist.ts";
import { CADENCES, Day, ItemKey, LEDGER_KIND_NAMES, LEDGER_KINDS, LedgerKindEnum, MAX_CHECKLIST_ITEMS, MEALS } from "./kinds.ts";

/** The ledgers' API shapes (issue 14); the kinds' fields come from the registry (kinds.ts). */
export { Day };
export const MAX_LEDGER_PHOTO_BYTES = 4 * 1024 * 1024;
export const MAX_LEDGER_PHOTOS = 6;
const Photo = z.string().min(8).max(Math.ceil((MAX_LEDGER_PHOTO_BYTES * 4) / 3) + 4).describe("base64 of a JPEG or PNG, at most 4 MB");
const Time = z.iso.datetime({ offset: true });
/** chosen by the phone when the form is filled: the same key twice is the same entry (offline resend) */
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "8–64 letters, digits, - or _");

const createOf = <K extends keyof typeof LEDGER_KINDS>(k: K) =>
  z.strictObject({
    kind: z.literal(k),
    canteenId: Id,
    idempotencyKey: IdempotencyKey,
    eventAt: Time,
    data: LEDGER_KINDS[k].schema,
    photos: z.array(Photo).max(MAX_LEDGER_PHOTOS).optional(),
  });
export const CreateEntry = z.discriminatedUnion(
  "kind",
  LEDGER_KIND_NAMES.map((k) => createOf(k)) as unknown as [ReturnType<typeof createOf<"sample">>, ...ReturnType<typeof createOf<"sample">>[]],
);
export type CreateEntry = z.infer<typeof CreateEntry>;

export const CorrectEntry = z.strictObject({
  idempotencyKey: IdempotencyKey,
  reason: text({ min: 1, max: 500 }),
  eventAt: Time.optional(),
  /** the kind's fields, whole (checked against the kind's schema) */
  data: z.record(z.string(), z.unknown()),
  photos: z.array(Photo).max(MAX_LEDGER_PHOTOS).optional(),
});

export const LedgerPhoto = z.object({ id: z.string(), sha256: z.string(), contentType: z.string(), bytes: z.number() });
export const LedgerEntry = z.object({
  id: z.string(),
  entryKey: z.string(),
  version: z.number(),
  supersedesId: z.string().nullable(),
  supersededBy: z.string().nullable(),
  reason: z.string().nullable(),
  canteenId: z.string(),
  kind: LedgerKindEnum,
  subject: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  derived: z.record(z.string(), z.unknown()).nullable(),
  eventAt: z.string(),
  day: z.string(),
  enteredAt: z.string(),
  enteredBy: z.object({ id: z.string(), name: z.string() }),
  late: z.boolean(),
  flagged: z.boolean(),
  seq: z.number(),
  hash: z.string(),
  photos: z.array(LedgerPhoto),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerEntryDetail = LedgerEntry.extend({ versions: z.array(LedgerEntry) });
export const LedgerEntryPage = pageOf(LedgerEntry);

export const EntriesQuery = z.strictObject({
  canteenId: Id,
  kind: LedgerKindEnum.optional(),
  from: Day.optional(),
  to: Day.optional(),
  /** "true": every version, superseded ones included */
  history: z.enum(["true", "false"]).optional(),
  ...pageQuery("text", "number", "text"),
});

/** An export of one kind (or every kind) for a period (default today) */
export const ExportQuery = z.strictObject({
  canteenId: Id,
  kind: LedgerKindEnum.optional(),
  from: Day.optional(),
  to: Day.optional(),
  format: z.enum(["xlsx", "pdf"]),
});

export const PhotoParams = z.strictObject({ id: Id, photoId: Id });

export const CreateReview = z.strictObject({
  canteenId: Id,
  type: z.enum(["daily_review", "weekly_signoff"]),
  day: Day,
  note: text({ max: 500 }).optional(),
});
export const LedgerReview = z.object({ id: z.string(), canteenId: z.string(), type: z.enum(["daily_review", "weekly_signoff"]), day: z.string(), reviewer: z.object({ id: z.string(), name: z.string() }), at: z.string(), note: z.string().nullable() });
export const ReviewsQuery = z.strictObject({ canteenId: Id, from: Day.optional(), to: Day.optional() });
export const ReviewList = z.object({ items: z.array(LedgerReview) });

const StaffFields = {
  name: line({ min: 1, max: 40 }),
  position: line({ min: 1, max: 40 }),
  certificateNo: line({ min: 4, max: 40 }),
  certificateIssuedOn: Day,
  certificateExpiresOn: Day,
  photo: Photo.optional(),
};
export const CreateStaff = z.strictObject({ canteenId: Id, ...StaffFields });
export const UpdateStaff = patchOf({
  position: StaffFields.position.optional(),
  certificateNo: StaffFields.certificateNo.optional(),
  certificateIssuedOn: Day.optional(),
  certificateExpiresOn: Day.optional(),
  photo: Photo.optional(),
  active: z.boolean().optional(),
});
export const CertificateStatusEnum = z.enum(["expired", "expires_today", "within_7_days", "within_30_days", "valid"]);
export const StaffMember = z.object({
  id: z.string(),
  canteenId: z.string(),
  name: z.string(),
  position: z.string(),
  certificateNo: z.string(),
  certificateIssuedOn: z.string(),
  certificateExpiresOn: z.string(),
  certificate: CertificateStatusEnum,
  hasPhoto: z.boolean(),
  active: z.boolean(),
});
export const StaffQuery = z.strictObject({ canteenId: Id });
export const StaffList = z.object({ items: z.array(StaffMember) });

export const KindCount = z.object({ kind: LedgerKindEnum, cadence: z.enum(CADENCES), due: z.number(), done: z.number(), missing: z.array(z.string()) });
export const CompletenessQuery = z.strictObject({ canteenId: Id, from: Day.optional(), to: Day.optional() });
export const CanteenCompleteness = z.object({
  canteenId: z.string(),
  from: z.string(),
  to: z.string(),
  due: z.number(),
  done: z.number(),
  rate: z.number(),
  kinds: z.array(KindCount),
  /** staff whose certificate needs attention today */
  certificates: z.array(z.object({ staffId: z.string(), name: z.string(), status: CertificateStatusEnum, expiresOn: z.string() })),
  /** entries that need attention (a positive pesticide test, an unfit person, rejected goods, an abnormal tasting) */
  attention: z.array(z.object({ id: z.string(), kind: LedgerKindEnum, day: z.string() })),
  reviewed: z.boolean(),
});
export const OverviewQuery = z.strictObject({ regionCode: RegionCode.optional(), from: Day.optional(), to: Day.optional() });
const Rate = z.object({ due: z.number(), done: z.number(), rate: z.number() });
export const CompletenessOverview = z.object({
  from: z.string(),
  to: z.string(),
  total: Rate,
  districts: z.array(Rate.extend({ regionCode: z.string(), regionName: z.string() })),
  canteens: z.array(Rate.extend({ canteenId: z.string(), canteenName: z.string(), orgName: z.string(), regionCode: z.string(), flagged: z.number() })),
});

export const SettingsParams = z.strictObject({ id: Id });
export const LedgerSettings = z.object({
  canteenId: z.string(),
  meals: z.array(z.enum(MEALS)),
  backdateDays: z.number(),
  cadences: z.record(z.string(), z.enum(CADENCES)),
});
export const UpdateLedgerSettings = patchOf({
  meals: z.array(z.enum(MEALS)).min(1).max(4).optional(),
  backdateDays: z.number().int().min(0).max(31).optional(),
  /** per kind, the canteen's own cadence (kinds left out keep theirs) */
  cadences: z.strictObject(Object.fromEntries(LEDGER_KIND_NAMES.map((k) => [k, z.enum(CADENCES).optional()])) as Record<(typeof LEDGER_KIND_NAMES)[number], z.ZodOptional<z.ZodEnum<{ [C in (typeof CADENCES)[number]]: C }>>>).optional(),
});

/**
 * 自查 checklists adapted by a region (issue 14): an item kept or reworded names its key (a built-in one, or the
 * region's own c_… from an earlier version); a new item of the region's own has only its wording. items null: the
 * region stops adapting the kind.
 */
export const ChecklistKindEnum = z.enum(CHECKLIST_KINDS);
export const ChecklistItemInput = z.strictObject({ key: ItemKey.optional(), label: line({ min: 1, max: MAX_ITEM_LABEL }).optional() });
export const SaveChecklist = z.strictObject({
  regionCode: RegionCode,
  kind: ChecklistKindEnum,
  items: z.array(ChecklistItemInput).min(1).max(MAX_CHECKLIST_ITEMS).nullable(),
});
export const ChecklistsQuery = z.strictObject({ regionCode: RegionCode });
const ChecklistItem = z.object({ key: z.string(), label: z.string().nullable().describe("null: the built-in item's own wording") });
export const ChecklistInEffect = z.object({
  id: z.string().nullable().describe("null: the built-in list"),
  version: z.number(),
  regionCode: z.string().nullable(),
  items: z.array(ChecklistItem),
});
export const RegionChecklist = z.object({
  kind: ChecklistKindEnum,
  own: z.object({ id: z.string(), version: z.number(), items: z.array(ChecklistItem).nullable(), createdAt: z.string(), createdBy: z.object({ id: z.string(), name: z.string() }) }).nullable(),
  inEffect: ChecklistInEffect,
  /** what applies when the region does not adapt the kind: the region above's, or the built-in list */
  inherited: ChecklistInEffect,
  /** the name of the region whose checklist it inherits (null: the built-in list) */
  inheritedFrom: z.string().nullable(),
  builtin: z.array(z.string()),
});
export const RegionChecklists = z.object({ regionCode: z.string(), regionName: z.string(), kinds: z.array(RegionChecklist) });
export const CanteenChecklists = z.object({ canteenId: z.string(), kinds: z.array(ChecklistInEffect.extend({ kind: ChecklistKindEnum })) });
