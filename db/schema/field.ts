import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { inspections } from "./inspections.ts";
import { orgs } from "./orgs.ts";

export const FIELD_SOURCES = ["spot_check", "alert", "complaint"] as const;
export const FIELD_STATUSES = ["assigned", "on_site", "done", "cancelled"] as const;
export const FIELD_RESULTS = ["confirmed", "not_confirmed", "rectified"] as const;

/**
 * 靶向飞行 (issue 12, seed 000 第十八条–第十九条): an on-site follow-up of what was seen online — a spot-check
 * finding, an AI alert or a public complaint — by the assigned inspectors, before a due date. Runs on the lifecycle
 * engine (server/field/workflow.ts): assigned → on_site → done (the on-site inspection recorded) | cancelled.
 * `evidence` holds the online evidence copied from the source when the task was made (JSON, server/field/contracts.ts).
 */
export const fieldTasks = sqliteTable(
  "field_tasks",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    /** the canteen's school (scope) */
    orgId: text("org_id").notNull().references(() => orgs.id),
    sourceKind: text("source_kind", { enum: FIELD_SOURCES }).notNull(),
    sourceId: text("source_id").notNull(),
    title: text("title").notNull(),
    instructions: text("instructions"),
    evidence: text("evidence").notNull(),
    status: text("status", { enum: FIELD_STATUSES }).notNull(),
    result: text("result", { enum: FIELD_RESULTS }),
    /** JSON: [{ areaKind, status: ok | issue | not_seen, note? }] */
    checklist: text("checklist"),
    /** the on-site inspection, recorded with the result; an order is issued from it */
    inspectionId: text("inspection_id").references(() => inspections.id),
    dueAt: integer("due_at").notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    completedBy: text("completed_by").references(() => users.id),
    completedAt: integer("completed_at"),
  },
  (t) => [
    index("field_tasks_org_idx").on(t.orgId, t.status, t.dueAt),
    // one live task per source; a cancelled one may be made again
    uniqueIndex("field_tasks_source_idx").on(t.sourceKind, t.sourceId).where(sql`status <> 'cancelled'`),
  ],
);

export const fieldTaskInspectors = sqliteTable(
  "field_task_inspectors",
  {
    taskId: text("task_id").notNull().references(() => fieldTasks.id),
    userId: text("user_id").notNull().references(() => users.id),
  },
  (t) => [uniqueIndex("field_task_inspectors_idx").on(t.taskId, t.userId), index("field_task_inspectors_user_idx").on(t.userId)],
);

export const fieldTaskEvents = sqliteTable(
  "field_task_events",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id").notNull().references(() => fieldTasks.id),
    type: text("type", { enum: ["created", "started", "photo", "completed", "cancelled"] }).notNull(),
    fromStatus: text("from_status", { enum: FIELD_STATUSES }),
    toStatus: text("to_status", { enum: FIELD_STATUSES }).notNull(),
    actorId: text("actor_id").references(() => users.id),
    at: integer("at").notNull(),
    note: text("note"),
  },
  (t) => [index("field_task_events_idx").on(t.taskId, t.at)],
);

/** A photo taken on site: kept with its hash, the capture time the phone reports and, where given, its position. */
export const fieldTaskPhotos = sqliteTable(
  "field_task_photos",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id").notNull().references(() => fieldTasks.id),
    eventId: text("event_id").notNull().references(() => fieldTaskEvents.id),
    mediaKey: text("media_key").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png"] }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    capturedAt: integer("captured_at").notNull(),
    latitude: real("latitude"),
    longitude: real("longitude"),
    accuracyM: real("accuracy_m"),
    takenBy: text("taken_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("field_task_photos_idx").on(t.taskId, t.capturedAt)],
);
