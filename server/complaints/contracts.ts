/**
 * 一键投诉 and ratings from the canteen's public page (issue 13, item 4).
 *
 *   POST /api/v1/public/canteens/{slug}/complaints  [public] multipart: category, text, phone?, photo? → 201 ComplaintReceipt;
 *        413 photo too big, 415 not a JPEG/PNG, 429 too many from one address
 *   POST /api/v1/public/canteens/{slug}/ratings     [public] RateCanteen → 201 Ok; 429
 *   GET  /api/v1/public/complaints/{code}           [public] → ComplaintTracking (the answer, once given; no phone, no photo)
 *   GET  /api/v1/complaints?status=&canteenId=&overdue=&cursor=&limit= [complaints.read] → ComplaintPage (oldest deadline first)
 *   GET  /api/v1/complaints/{id}                    [complaints.read] → Complaint (phone masked, timeline)
 *   GET  /api/v1/complaints/{id}/photo              [complaints.read] → the photo bytes
 *   POST /api/v1/complaints/{id}/answer             [complaints.respond] ComplaintNote   open → answered
 *   POST /api/v1/complaints/{id}/return             [complaints.review]  ComplaintNote   answered → open
 *   POST /api/v1/complaints/{id}/escalate           [complaints.review]  ComplaintNote?  open, overdue, not yet escalated
 *   POST /api/v1/complaints/{id}/close              [complaints.review]  ComplaintNote?  answered → closed
 *   POST /api/v1/complaints/{id}/order              [orders.issue]       ComplaintOrder → 201 Order: the district regulator
 *        turns an open or answered complaint into a 整改通知 (numbered and signed by server/orders, linked both
 *        ways); 409 complaint_already_ordered the second time, complaint_transition_invalid once closed
 */
import { z } from "zod";
import { Id, IsoTime, line, pageOf, pageQuery, text } from "../contracts/common.ts";
import { COMPLAINT_CATEGORIES, COMPLAINT_EVENT_TYPES, COMPLAINT_STATUSES, ORDER_STATUSES } from "../contracts/enums.ts";
import { IsoTimeInput, MAX_ITEM_SNAPSHOTS, MAX_ORDER_ITEMS, OrderItemInput } from "../orders/contracts.ts";

export const ComplaintCategory = z.enum(COMPLAINT_CATEGORIES);
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;
export const ComplaintEventType = z.enum(COMPLAINT_EVENT_TYPES);

/** the photo of a complaint */
export const MAX_COMPLAINT_PHOTO_BYTES = 4 * 1024 * 1024;

/** The public page's slug: what the canteen stores as its 公示页编码. */
export const Slug = z.string().regex(/^[a-z0-9]{4,40}$/, "invalid page code");
export const SlugParam = z.strictObject({ slug: Slug });
/** A tracking code as handed out (letters and digits, no look-alikes); lower case is read as upper. */
export const TrackingCode = z.string().regex(/^[A-Za-z0-9]{10}$/, "invalid tracking code");
export const CodeParam = z.strictObject({ code: TrackingCode });

/** a mainland mobile number (11 digits, 1[3-9]…) */
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, "11-digit mobile number");

/** The text fields of the multipart complaint form (the photo is checked as bytes by the route). */
export const FileComplaintFields = z.object({
  category: ComplaintCategory,
  text: text({ min: 1, max: 1000 }),
  phone: z.union([Phone, z.literal("")]).optional(),
});

export const RateCanteen = z.strictObject({
  stars: z.number().int().min(1).max(5),
  comment: text({ max: 300 }).optional(),
});

export const ComplaintNote = z.strictObject({ note: text({ min: 1, max: 1000 }) });
export const OptionalNote = z.strictObject({ note: text({ min: 1, max: 1000 }).optional() });

export const ComplaintReceipt = z.object({
  code: z.string(),
  status: ComplaintStatus,
  createdAt: IsoTime,
  deadlineAt: IsoTime,
});

/** The order a complaint was turned into, as the complaint and its tracking code show it (no personal data). */
export const ComplaintOrderRef = z.object({
  number: z.string(),
  status: z.enum(ORDER_STATUSES),
  issuedAt: IsoTime,
  deadline: IsoTime,
});

/** Body of `POST /api/v1/complaints/{id}/order`: an order's items; frames of the canteen are optional here (the complaint is the ground). */
export const ComplaintOrder = z.strictObject({
  items: z.array(OrderItemInput.extend({ snapshotIds: z.array(Id).max(MAX_ITEM_SNAPSHOTS).optional() })).min(1).max(MAX_ORDER_ITEMS),
  deadline: IsoTimeInput.optional(),
  remarks: text({ max: 1000 }).optional(),
});
export type ComplaintOrder = z.infer<typeof ComplaintOrder>;

/** What the tracking code shows: no phone, no photo, no internal notes. */
export const ComplaintTracking = z.object({
  code: z.string(),
  canteenName: z.string(),
  schoolName: z.string(),
  category: ComplaintCategory,
  text: z.string(),
  status: ComplaintStatus,
  createdAt: IsoTime,
  deadlineAt: IsoTime,
  answer: z.string().nullable(),
  answeredAt: IsoTime.nullable(),
  /** the rectification order the regulator turned it into */
  order: ComplaintOrderRef.nullable(),
});

export const ComplaintSummary = z.object({
  id: Id,
  code: z.string(),
  canteenId: Id,
  canteenName: z.string(),
  schoolName: z.string(),
  category: ComplaintCategory,
  text: z.string(),
  /** 138****5678, never more */
  phoneMasked: z.string().nullable(),
  hasPhoto: z.boolean(),
  status: ComplaintStatus,
  overdue: z.boolean(),
  escalated: z.boolean(),
  createdAt: IsoTime,
  deadlineAt: IsoTime,
  answer: z.string().nullable(),
  answeredAt: IsoTime.nullable(),
  /** the rectification order the regulator turned it into, with its id for the order's page */
  order: ComplaintOrderRef.extend({ id: Id }).nullable(),
});

export const ComplaintEvent = z.object({
  id: Id,
  type: ComplaintEventType,
  fromStatus: ComplaintStatus.nullable(),
  toStatus: ComplaintStatus,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const Complaint = ComplaintSummary.extend({
  photoUrl: z.string().nullable(),
  events: z.array(ComplaintEvent),
});
export type Complaint = z.infer<typeof Complaint>;

export const ComplaintsQuery = z.strictObject({
  status: ComplaintStatus.optional(),
  canteenId: Id.optional(),
  overdue: z.enum(["true", "false"]).optional(),
  q: line({ max: 50 }).optional(),
  ...pageQuery("number", "number", "text"),
});
export type ComplaintsQuery = z.infer<typeof ComplaintsQuery>;
export const ComplaintPage = pageOf(ComplaintSummary);
