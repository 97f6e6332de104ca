import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { complaints } from "./complaints.ts";
import { inspections } from "./inspections.ts";
import { orgs } from "./orgs.ts";
import { snapshots } from "./snapshots.ts";
import { ORDER_EVENT_TYPES, ORDER_SEVERITIES, ORDER_STATUSES } from "../../server/contracts/enums.ts";

export { ORDER_EVENT_TYPES, ORDER_SEVERITIES, ORDER_STATUSES };

/** Articles of law an order item may cite; kept in step with db/seed/legal-bases.ts on every migrate. */
export const legalBases = sqliteTable(
  "legal_bases",
  {
    id: text("id").primaryKey(),
    /** stable code, e.g. fsl-56 */
    code: text("code").notNull(),
    law: text("law").notNull(),
    article: text("article").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    sort: integer("sort").notNull(),
  },
  (t) => [uniqueIndex("legal_bases_code_idx").on(t.code)],
);

/** Per regulator and year, the last order number issued; incremented inside the issuing transaction. */
export const orderSequences = sqliteTable(
  "order_sequences",
  {
    regulatorOrgId: text("regulator_org_id").notNull().references(() => orgs.id),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.regulatorOrgId, t.year] })],
);

/** 整改通知书. The document fields are signed (document_sha256) at issue; status and flags move with events. */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    /** e.g. 鄂州市鄂城区市监整〔2026〕0001号 */
    number: text("number").notNull(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** the inspection it was issued from; null for an order a complaint was turned into */
    inspectionId: text("inspection_id").references(() => inspections.id),
    /** the complaint the regulator turned into this order (issue 13); at most one order per complaint */
    complaintId: text("complaint_id").references(() => complaints.id),
    /** the regulator in whose name the order is issued (and whose sequence numbers it) */
    issuerOrgId: text("issuer_org_id").notNull().references(() => orgs.id),
    issuedBy: text("issued_by").notNull().references(() => users.id),
    issuedAt: integer("issued_at").notNull(),
    deadline: integer("deadline").notNull(),
    remarks: text("remarks"),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    overdue: integer("overdue", { mode: "boolean" }).notNull().default(false),
    overdueAt: integer("overdue_at"),
    escalatedAt: integer("escalated_at"),
    documentSha256: text("document_sha256").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("orders_number_idx").on(t.number),
    index("orders_canteen_idx").on(t.canteenId, t.status),
    index("orders_status_deadline_idx").on(t.status, t.deadline),
    index("orders_inspection_idx").on(t.inspectionId),
    uniqueIndex("orders_complaint_idx").on(t.complaintId),
    // the lists' order (server/orders/view.ts attentionRank, then deadline): a province-wide list walks this index
    // and stops after a page instead of sorting every order in scope
    index("orders_attention_idx").on(sql`(case when ${t.overdue} = 1 and ${t.status} in ('issued', 'acknowledged') then 0 else 1 end)`, t.deadline, t.id),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull().references(() => orders.id),
    seq: integer("seq").notNull(),
    problem: text("problem").notNull(),
    severity: text("severity", { enum: ORDER_SEVERITIES }).notNull(),
    legalBasisId: text("legal_basis_id").notNull().references(() => legalBases.id),
    deadline: integer("deadline").notNull(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId, t.seq)],
);

/** The snapshots that show an item's problem. */
export const orderItemSnapshots = sqliteTable(
  "order_item_snapshots",
  {
    itemId: text("item_id").notNull().references(() => orderItems.id),
    snapshotId: text("snapshot_id").notNull().references(() => snapshots.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.snapshotId] })],
);

/** Every transition and every sweep decision: who, when, why. Never updated. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull().references(() => orders.id),
    type: text("type", { enum: ORDER_EVENT_TYPES }).notNull(),
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    toStatus: text("to_status", { enum: ORDER_STATUSES }).notNull(),
    /** null: the system (overdue sweep) */
    actorId: text("actor_id").references(() => users.id),
    at: integer("at").notNull(),
    note: text("note"),
    /** JSON [{ orgId, orgName }] of who was notified */
    notified: text("notified"),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.at)],
);

/** Rectification photos submitted by the school; the image lives in the media store. */
export const evidence = sqliteTable(
  "evidence",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull().references(() => orders.id),
    eventId: text("event_id").notNull().references(() => orderEvents.id),
    /** position within its submission (the order the school gave the photos in) */
    seq: integer("seq").notNull(),
    mediaKey: text("media_key").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    /** the submission's description */
    description: text("description"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("evidence_order_idx").on(t.orderId), index("evidence_event_idx").on(t.eventId)],
);
