import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { regions } from "./regions.ts";

/**
 * 自律台账 (issue 14). Staff files (从业人员档案) are kept current (a renewal is audited); ledger entries are
 * evidence: append-only, one hash chain per canteen, a correction is a new version that supersedes the old one.
 */
export const staffMembers = sqliteTable(
  "staff_members",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    name: text("name").notNull(),
    position: text("position").notNull(),
    certificateNo: text("certificate_no").notNull(),
    /** YYYY-MM-DD (China time) */
    certificateIssuedOn: text("certificate_issued_on").notNull(),
    certificateExpiresOn: text("certificate_expires_on").notNull(),
    photoKey: text("photo_key"),
    photoSha256: text("photo_sha256"),
    photoType: text("photo_type"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("staff_members_canteen_idx").on(t.canteenId, t.active)],
);

/** One version of one ledger entry. Never updated nor deleted. */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    kind: text("kind").notNull(),
    /** the entry's id across its versions (the first version's id) */
    entryKey: text("entry_key").notNull(),
    version: integer("version").notNull(),
    /** the version this one corrects (null: the first) */
    supersedesId: text("supersedes_id"),
    reason: text("reason"),
    /** what the entry is about within its day (a person for 晨检, a meal for 留样): completeness counts these */
    subject: text("subject"),
    /** the fields of the kind, canonical JSON */
    data: text("data").notNull(),
    /** what the engine derived (e.g. discardAfter of a 留样), JSON */
    derived: text("derived"),
    eventAt: integer("event_at").notNull(),
    /** YYYY-MM-DD of the event, China time */
    day: text("day").notNull(),
    enteredAt: integer("entered_at").notNull(),
    enteredBy: text("entered_by").notNull().references(() => users.id),
    /** entered after the event's day had closed */
    late: integer("late", { mode: "boolean" }).notNull(),
    /** a result that needs attention (pesticide positive, unfit person…) */
    flagged: integer("flagged", { mode: "boolean" }).notNull().default(false),
    idempotencyKey: text("idempotency_key").notNull(),
    /** position in the canteen's chain */
    seq: integer("seq").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("ledger_entries_chain_idx").on(t.canteenId, t.seq),
    uniqueIndex("ledger_entries_idem_idx").on(t.canteenId, t.idempotencyKey),
    index("ledger_entries_day_idx").on(t.canteenId, t.day, t.kind),
    index("ledger_entries_kind_day_idx").on(t.kind, t.day),
    // partial: first versions (nearly all rows) have none, and a full index's statistics would make the planner scan
    // the table for "the version that superseded this one" once ANALYZE has run
    index("ledger_entries_supersedes_idx").on(t.supersedesId).where(sql`${t.supersedesId} is not null`),
    index("ledger_entries_key_idx").on(t.entryKey, t.version),
  ],
);

/** Photos of an entry version (certificates and tickets, hand-over, 陪餐). */
export const ledgerPhotos = sqliteTable(
  "ledger_photos",
  {
    id: text("id").primaryKey(),
    entryId: text("entry_id").notNull().references(() => ledgerEntries.id),
    seq: integer("seq").notNull(),
    mediaKey: text("media_key").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
  },
  (t) => [index("ledger_photos_entry_idx").on(t.entryId, t.seq)],
);

/** 复核 of a day's ledgers and the principal's weekly sign-off. Append-only. */
export const ledgerReviews = sqliteTable(
  "ledger_reviews",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    type: text("type", { enum: ["daily_review", "weekly_signoff"] }).notNull(),
    /** the day reviewed, or the Monday of the week signed off */
    day: text("day").notNull(),
    reviewerId: text("reviewer_id").notNull().references(() => users.id),
    at: integer("at").notNull(),
    note: text("note"),
  },
  (t) => [index("ledger_reviews_canteen_idx").on(t.canteenId, t.day)],
);

/** Per canteen: the meals it serves, the backdating window, cadence overrides per kind. */
export const ledgerSettings = sqliteTable("ledger_settings", {
  canteenId: text("canteen_id").primaryKey().references(() => canteens.id),
  /** JSON array of meals served, e.g. ["breakfast","lunch"] */
  meals: text("meals").notNull(),
  backdateDays: integer("backdate_days").notNull(),
  /** JSON { kind: cadence } */
  cadences: text("cadences").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Completeness per canteen-day, kept in the same transaction as each entry and correction (and rebuilt for a
 * canteen when its settings or staff change): what a regulator's overview of a district or a city sums, so it
 * never reads the entries themselves. Derived data — `rebuildRollups` recomputes it from the entries.
 */
export const ledgerDayRollups = sqliteTable(
  "ledger_day_rollups",
  {
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** YYYY-MM-DD, China time */
    day: text("day").notNull(),
    /** of the kinds due per person, per meal or daily under the canteen's settings: what the day's current versions cover */
    done: integer("done").notNull(),
    /** the weekly and monthly kinds with a current version on this day, comma-separated (null: none) */
    periodic: text("periodic"),
    /** current versions that need attention */
    flagged: integer("flagged").notNull(),
    /** current versions */
    entries: integer("entries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.canteenId, t.day] }), index("ledger_day_rollups_cover_idx").on(t.canteenId, t.day, t.done, t.flagged, t.periodic)],
);

/**
 * 食品安全自查 checklists of 日管控、周排查、月调度 adapted by a region's regulator (issue 14): each change is a new
 * version (never updated nor deleted); a canteen checks against the latest version of its nearest region that has
 * one (district, else city, else province), else the built-in list. `items` null: the region stopped adapting
 * (the region above, or the built-in list, applies again).
 */
export const ledgerChecklists = sqliteTable(
  "ledger_checklists",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").notNull().references(() => regions.code),
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    /** JSON [{ key, label }] in order; label null: the built-in item's own wording */
    items: text("items"),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("ledger_checklists_version_idx").on(t.regionCode, t.kind, t.version)],
);
