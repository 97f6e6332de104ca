import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { INSPECTION_KINDS } from "../../server/contracts/enums.ts";

export { INSPECTION_KINDS };

/** An online patrol or live inspection of one canteen, held in the canteen's LiveKit room. */
export const inspections = sqliteTable(
  "inspections",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: INSPECTION_KINDS }).notNull(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    room: text("room").notNull(),
    status: text("status", { enum: ["active", "ended"] }).notNull(),
    startedBy: text("started_by").notNull().references(() => users.id),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    result: text("result", { enum: ["satisfactory", "issues_found"] }),
    outcome: text("outcome"),
    /** JSON: [{ areaKind, status: ok | issue | not_seen, note? }] — the five required areas (seed 000 第二十一条) */
    checklist: text("checklist"),
    /** an inspection of a past time (issue 19): the recording's time it looks at, played back in the room; null: live */
    reviewedAt: integer("reviewed_at"),
  },
  // the second: coverage asks, per canteen, for an ended inspection inside a period (patrol, issue 12)
  (t) => [index("inspections_canteen_idx").on(t.canteenId, t.status), index("inspections_canteen_ended_idx").on(t.canteenId, t.status, t.endedAt),
    // a province's patrol coverage: the period's ended inspections by kind, read from the index alone (server/patrol/coverage.ts)
    index("inspections_period_idx").on(t.status, t.endedAt, t.kind, t.canteenId),
  ],
);

/**
 * Who was in the room during an inspection, filled from LiveKit webhooks: one row per connection (LiveKit's
 * participant sid), so a user who reconnects or opens a second tab gets a row per connection and a leave
 * closes only the connection that left.
 */
export const inspectionParticipants = sqliteTable(
  "inspection_participants",
  {
    id: text("id").primaryKey(),
    inspectionId: text("inspection_id").notNull().references(() => inspections.id),
    /** LiveKit's participant sid (PA_…): one per connection; null only on rows recorded before it was kept */
    participantSid: text("participant_sid"),
    identity: text("identity").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    joinedAt: integer("joined_at").notNull(),
    leftAt: integer("left_at"),
  },
  (t) => [index("inspection_participants_idx").on(t.inspectionId, t.identity), uniqueIndex("inspection_participants_sid_idx").on(t.inspectionId, t.participantSid)],
);
