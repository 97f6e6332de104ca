import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { orgs } from "./orgs.ts";
import { COMPLAINT_CATEGORIES, COMPLAINT_EVENT_TYPES, COMPLAINT_STATUSES } from "../../server/contracts/enums.ts";

export { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES };

/**
 * 一键投诉 (issue 13, item 4): filed by anyone from the canteen's public page, answered by the school within a
 * deadline, followed by the district regulator. The tracking code lets the filer read the answer; the phone is
 * kept for the school's call back and shown masked in every view.
 */
export const complaints = sqliteTable(
  "complaints",
  {
    id: text("id").primaryKey(),
    /** what the filer is given to follow it, e.g. TS7K2M9QX4 */
    code: text("code").notNull(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** the canteen's school, copied so scope needs no join through canteens */
    orgId: text("org_id").notNull().references(() => orgs.id),
    category: text("category", { enum: COMPLAINT_CATEGORIES }).notNull(),
    text: text("text").notNull(),
    phone: text("phone"),
    photoKey: text("photo_key"),
    photoSha256: text("photo_sha256"),
    photoContentType: text("photo_content_type"),
    /** sha256 of the filer's address (throttling; the address itself is not kept) */
    sourceHash: text("source_hash"),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull(),
    answer: text("answer"),
    answeredAt: integer("answered_at"),
    deadlineAt: integer("deadline_at").notNull(),
    escalated: integer("escalated", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("complaints_code_idx").on(t.code),
    index("complaints_org_idx").on(t.orgId, t.status, t.deadlineAt),
    index("complaints_canteen_idx").on(t.canteenId, t.createdAt),
    index("complaints_source_idx").on(t.sourceHash, t.createdAt),
  ],
);

/** Every step of a complaint: who (null: the public or the system), when, what was said. Never updated. */
export const complaintEvents = sqliteTable(
  "complaint_events",
  {
    id: text("id").primaryKey(),
    complaintId: text("complaint_id").notNull().references(() => complaints.id),
    type: text("type", { enum: COMPLAINT_EVENT_TYPES }).notNull(),
    fromStatus: text("from_status", { enum: COMPLAINT_STATUSES }),
    toStatus: text("to_status", { enum: COMPLAINT_STATUSES }).notNull(),
    actorId: text("actor_id").references(() => users.id),
    at: integer("at").notNull(),
    note: text("note"),
  },
  (t) => [index("complaint_events_idx").on(t.complaintId, t.at)],
);

/** 1–5 star ratings from the public page, counted per canteen. */
export const canteenRatings = sqliteTable(
  "canteen_ratings",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    stars: integer("stars").notNull(),
    comment: text("comment"),
    sourceHash: text("source_hash"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("canteen_ratings_canteen_idx").on(t.canteenId, t.createdAt), index("canteen_ratings_source_idx").on(t.sourceHash, t.createdAt)],
);

/**
 * What a school discloses on the public page beyond the canteen's own row (seed 000 第十二条, 第二十二条): the
 * licence's validity and the hours the public cameras are open to anyone (China time, HH:MM; null: not open).
 */
export const canteenDisclosures = sqliteTable("canteen_disclosures", {
  canteenId: text("canteen_id").primaryKey().references(() => canteens.id),
  /** YYYY-MM-DD */
  licenseValidUntil: text("license_valid_until"),
  liveFrom: text("live_from"),
  liveTo: text("live_to"),
  viewerCap: integer("viewer_cap").notNull().default(50),
  updatedAt: integer("updated_at").notNull(),
});

/** Anonymous live tokens handed out by the public page (throttling per address; the address itself is not kept). */
export const publicLiveTokens = sqliteTable(
  "public_live_tokens",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    sourceHash: text("source_hash"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("public_live_tokens_idx").on(t.canteenId, t.createdAt), index("public_live_tokens_source_idx").on(t.sourceHash, t.createdAt)],
);
