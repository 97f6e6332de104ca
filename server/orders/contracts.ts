/**
 * 整改通知 (rectification orders), frozen frames and annotations — the API of issue 4.
 *
 * Routes (all under /api/v1; permission in brackets; ids out of scope answer 404 like missing ones):
 *
 *   Snapshots and annotations                                        contracts: snapshots.ts, annotations.ts
 *   POST   /api/v1/snapshots                       [snapshots.annotate] multipart: file, cameraId, inspectionId? → 201 Snapshot; 413, 415
 *   GET    /api/v1/snapshots?inspectionId=&canteenId=&cursor=&limit= [snapshots.annotate] → SnapshotPage (newest first)
 *   GET    /api/v1/snapshots/{id}                  [snapshots.annotate] → Snapshot
 *   GET    /api/v1/snapshots/{id}/image            [snapshots.annotate] → the JPEG/PNG bytes (ETag = sha256)
 *   GET    /api/v1/snapshots/{id}/annotations      [snapshots.annotate] → AnnotationState (current, undone excluded)
 *   POST   /api/v1/snapshots/{id}/annotations      [snapshots.annotate] CommitAnnotation → 201 AnnotationCommitted
 *   DELETE /api/v1/annotations/{id}                [snapshots.annotate] undo one's own → AnnotationUndone; another's → 403
 *
 *   Orders
 *   GET    /api/v1/legal-bases                     [orders.read]   → LegalBasis[] (the seeded catalogue)
 *   POST   /api/v1/orders                          [orders.issue]  CreateOrder → 201 Order
 *   GET    /api/v1/orders?status=&canteenId=&inspectionId=&overdue=&cursor=&limit= [orders.read] → OrderPage
 *          (overdue and still awaiting the school first, then by deadline)
 *   GET    /api/v1/orders/{id}                     [orders.read]   → Order (items, timeline, evidence)
 *   POST   /api/v1/orders/{id}/acknowledge         [orders.respond] {}            issued → acknowledged (签收)
 *   POST   /api/v1/orders/{id}/submit              [orders.respond] multipart: description, photos (1..MAX_EVIDENCE_PHOTOS files)
 *                                                                                 acknowledged → submitted
 *   POST   /api/v1/orders/{id}/return              [orders.review] ReturnOrder    submitted → acknowledged (with reason)
 *   POST   /api/v1/orders/{id}/accept              [orders.review] ReviewNote     submitted → accepted
 *   POST   /api/v1/orders/{id}/close               [orders.review] ReviewNote     accepted → closed
 *          each transition → 200 Order; out of order → 409 (reason order_transition_invalid); a role without
 *          the permission → 403
 *   GET    /api/v1/evidence/{id}/image             [orders.read]   → the evidence photo bytes
 *   GET    /api/v1/verify/order/{id}               [public]        → OrderVerification (recomputes the document hash)
 *
 * Data messages (LiveKit, reliable, sent by the server after the write is committed):
 *   room `canteen:<canteen id>`, topic `order`: OrderMessage — type "order.issued" | "order.transitioned"
 *   rooms `ops:org:<school org id>` and `ops:<region code>`, topic `order`: OrderMessage — type "order.overdue"
 *     (reminder to the school's leaders) | "order.escalated" (to the education bureau and the regulator)
 *   room `canteen:<id>`, topic `annot`: SnapshotOpened, AnnotationCommittedMessage, AnnotationUndoneMessage (annotations.ts)
 */
import { z } from "zod";
import { Id, IsoTime, pageOf, pageQuery, text } from "../contracts/common.ts";
import { ORDER_EVENT_TYPES, ORDER_SEVERITIES, ORDER_STATUSES } from "../contracts/enums.ts";

export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;
export const OrderSeverity = z.enum(ORDER_SEVERITIES);
export type OrderSeverity = z.infer<typeof OrderSeverity>;
export const OrderEventType = z.enum(ORDER_EVENT_TYPES);
export type OrderEventType = z.infer<typeof OrderEventType>;

export const ORDER_TOPIC = "order";
export const MAX_ORDER_ITEMS = 20;
export const MAX_ITEM_SNAPSHOTS = 8;
export const MAX_EVIDENCE_PHOTOS = 6;
/** each evidence photo; the whole submit request may carry MAX_EVIDENCE_PHOTOS of them */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;

/** An ISO 8601 time with an explicit offset (e.g. 2026-11-30T17:00:00+08:00), a real calendar date. */
export const IsoTimeInput = z.iso.datetime({ offset: true, local: false });

/** One article of a law or regulation, from the seeded catalogue. */
export const LegalBasis = z.object({
  id: Id,
  /** stable code, e.g. "fsl-56" (食品安全法第五十六条) */
  code: z.string(),
  /** the law's full title, e.g. 中华人民共和国食品安全法 */
  law: z.string(),
  /** e.g. 第五十六条 */
  article: z.string(),
  /** short subject of the article */
  title: z.string(),
  /** what the article requires, in plain words (written for this catalogue, not the statute's text) */
  description: z.string(),
});
export type LegalBasis = z.infer<typeof LegalBasis>;
export const LegalBasisList = z.object({ items: z.array(LegalBasis) });

export const OrderItemInput = z.strictObject({
  problem: text({ min: 1, max: 500 }),
  severity: OrderSeverity,
  legalBasisId: Id,
  /** snapshots of this order's canteen that show the problem (annotated during the call) */
  snapshotIds: z.array(Id).min(1).max(MAX_ITEM_SNAPSHOTS),
  /** default: the severity's default period from the issue time (server/orders/rules.ts) */
  deadline: IsoTimeInput.optional(),
});
export type OrderItemInput = z.infer<typeof OrderItemInput>;

/** Body of `POST /api/v1/orders`: issued from an inspection session of a canteen in scope. */
export const CreateOrder = z.strictObject({
  inspectionId: Id,
  items: z.array(OrderItemInput).min(1).max(MAX_ORDER_ITEMS),
  /** default: the earliest item deadline */
  deadline: IsoTimeInput.optional(),
  remarks: text({ max: 1000 }).optional(),
});
export type CreateOrder = z.infer<typeof CreateOrder>;

export const ReturnOrder = z.strictObject({ reason: text({ min: 1, max: 1000 }) });
export const ReviewNote = z.strictObject({ note: text({ max: 1000 }).optional() });
export const AcknowledgeOrder = z.strictObject({});

/** The text fields of the submit (multipart); the `photos` parts are checked separately. */
export const SubmitOrderFields = z.strictObject({ description: text({ min: 1, max: 2000 }) });

export const Person = z.object({ id: Id, displayName: z.string() });

export const OrderItem = z.object({
  id: Id,
  /** 1-based position in the order */
  seq: z.number().int(),
  problem: z.string(),
  severity: OrderSeverity,
  legalBasis: LegalBasis,
  deadline: IsoTime,
  snapshots: z.array(z.object({ id: Id, sha256: z.string(), imageUrl: z.string() })),
});
export type OrderItem = z.infer<typeof OrderItem>;

export const Evidence = z.object({
  id: Id,
  eventId: Id,
  sha256: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  imageUrl: z.string(),
  createdAt: IsoTime,
});
export type Evidence = z.infer<typeof Evidence>;

export const OrderEvent = z.object({
  id: Id,
  type: OrderEventType,
  /** status before and after (equal for overdue/escalated, which change flags only) */
  fromStatus: OrderStatus.nullable(),
  toStatus: OrderStatus,
  /** null for the system (the overdue sweep) */
  actor: Person.nullable(),
  at: IsoTime,
  /** the return reason, the submission's description, a review note */
  note: z.string().nullable(),
  /** who was notified (overdue: the school's leaders; escalated: the education bureau and the regulator) */
  notified: z.array(z.object({ orgId: Id, orgName: z.string() })),
  evidence: z.array(Evidence),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

/** What lists show and data messages carry: small (≪ 15 KiB) and enough to render a row. */
export const OrderSummary = z.object({
  id: Id,
  number: z.string(),
  status: OrderStatus,
  overdue: z.boolean(),
  escalated: z.boolean(),
  canteenId: Id,
  canteenName: z.string(),
  schoolId: Id,
  schoolName: z.string(),
  /** the inspection it was issued from; null for an order a complaint was turned into */
  inspectionId: Id.nullable(),
  /** the complaint the regulator turned into this order (issue 13) */
  complaintId: Id.nullable(),
  issuedBy: Person.extend({ orgId: Id, orgName: z.string() }),
  issuedAt: IsoTime,
  deadline: IsoTime,
  itemCount: z.number().int(),
  updatedAt: IsoTime,
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const Order = OrderSummary.extend({
  remarks: z.string().nullable(),
  /** the complaint it answers, by its tracking code (no personal data) */
  complaint: z.object({ id: Id, code: z.string() }).nullable(),
  items: z.array(OrderItem),
  /** the inspector's signature: identity, time, and the sha256 of the canonical order document */
  signature: z.object({ signer: Person, signedAt: IsoTime, documentSha256: z.string() }),
  /** oldest first */
  events: z.array(OrderEvent),
  /** public verification page (the QR code of the print view opens it) */
  verifyPath: z.string(),
});
export type Order = z.infer<typeof Order>;

export const OrdersQuery = z.strictObject({
  status: OrderStatus.optional(),
  canteenId: Id.optional(),
  inspectionId: Id.optional(),
  overdue: z.enum(["true", "false"]).optional(),
  ...pageQuery("number", "number", "text"),
});
export type OrdersQuery = z.infer<typeof OrdersQuery>;
export const OrderPage = pageOf(OrderSummary);

/** `GET /api/v1/verify/order/{id}` (public): the hash recomputed from the stored rows. */
export const OrderVerification = z.object({
  orderId: Id,
  number: z.string(),
  canteenName: z.string(),
  issuerOrgName: z.string(),
  issuedAt: IsoTime,
  status: OrderStatus,
  /** "unchanged": the rows still hash to the signed sha256; "changed": they do not */
  result: z.enum(["unchanged", "changed"]),
  signedSha256: z.string(),
  computedSha256: z.string(),
});
export type OrderVerification = z.infer<typeof OrderVerification>;

/** Reliable, server → room on topic `order`. */
export const OrderMessage = z.object({
  type: z.enum(["order.issued", "order.transitioned", "order.overdue", "order.escalated"]),
  order: OrderSummary,
  /** the timeline entry this message announces */
  event: z.object({ id: Id, type: OrderEventType, at: IsoTime, actor: Person.nullable() }),
});
export type OrderMessage = z.infer<typeof OrderMessage>;


export const evidenceImageUrl = (id: string) => `/api/v1/evidence/${id}/image`;
/** the client page the QR code opens; its data comes from `GET /api/v1/verify/order/{id}` */
export const verifyPath = (id: string) => `/verify/order/${id}`;
