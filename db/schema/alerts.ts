import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { cameras, gateways } from "./cameras.ts";
import { canteens } from "./canteens.ts";
import { ledgerEntries } from "./ledgers.ts";
import { orgs } from "./orgs.ts";
import { sensors } from "./sensors.ts";
import { ALERT_EVENT_ACTIONS, ALERT_STATUSES, ALERT_TYPES } from "../../server/contracts/enums.ts";

export { ALERT_STATUSES, ALERT_TYPES };

/**
 * AI抓拍预警 (issue 5): one violation seen by a gateway's detector, or a camera gone offline (raised by the
 * API), or a positive pesticide test in the school's ledger (issue 14). new → acknowledged → disposed → verified | false_positive. Canteen and org are copied from the
 * camera when the alert is raised, so scope filters and lists need no walk through cameras.
 */
export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    /** the gateway and camera that saw it; null for an alert the school's own records raise (a ledger entry) */
    gatewayId: text("gateway_id").references(() => gateways.id),
    cameraId: text("camera_id").references(() => cameras.id),
    /** the ledger entry that raised it (a positive 农残快检, issue 14); null for a camera's alert */
    ledgerEntryId: text("ledger_entry_id").references(() => ledgerEntries.id),
    /** the sensor whose readings raised it (issue 17: 留样 cabinet too warm, UV lamp or disinfection run too short) */
    sensorId: text("sensor_id").references(() => sensors.id),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
    type: text("type", { enum: ALERT_TYPES }).notNull(),
    confidence: real("confidence").notNull(),
    /** JSON: AlertBox[] in normalised coordinates */
    boxes: text("boxes").notNull(),
    /** media-store key of the JPEG with the boxes drawn; null for camera_offline */
    snapshotKey: text("snapshot_key"),
    snapshotSha256: text("snapshot_sha256"),
    occurredAt: integer("occurred_at").notNull(),
    receivedAt: integer("received_at").notNull(),
    status: text("status", { enum: ALERT_STATUSES }).notNull().default("new"),
    /** the school says it was not a violation; a regulator confirms (→ false_positive) */
    fpProposed: integer("fp_proposed", { mode: "boolean" }).notNull().default(false),
    /** disposal deadline: the school must have disposed of it by then, else it is escalated */
    deadlineAt: integer("deadline_at").notNull(),
    escalatedAt: integer("escalated_at"),
    /** unique per gateway: a replay returns the first alert */
    idempotencyKey: text("idempotency_key").notNull(),
    closedAt: integer("closed_at"),
    /**
     * detections of the same camera and type while the alert awaits the school are folded into it (issue 11:
     * one review item, not a flood); each is kept in alert_occurrences with its snapshot
     */
    occurrences: integer("occurrences").notNull().default(1),
    lastOccurredAt: integer("last_occurred_at"),
    /** every change bumps it: clients catch up after a reconnect with (updated_at, id) > their cursor */
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_idempotency_idx").on(t.gatewayId, t.idempotencyKey),
    index("alerts_org_time_idx").on(t.orgId, t.occurredAt),
    index("alerts_updated_idx").on(t.updatedAt, t.id),
    // the inbox's order (newest first): a province-wide inbox walks this index and stops after a page
    index("alerts_time_idx").on(t.occurredAt, t.id),
    index("alerts_camera_type_idx").on(t.cameraId, t.type, t.status),
    index("alerts_open_deadline_idx").on(t.status, t.deadlineAt),
    index("alerts_sensor_idx").on(t.sensorId, t.type),
  ],
);


/** A later detection folded into an open alert: its own capture time, score, boxes and snapshot (evidence kept). */
export const alertOccurrences = sqliteTable(
  "alert_occurrences",
  {
    id: text("id").primaryKey(),
    alertId: text("alert_id").notNull().references(() => alerts.id),
    gatewayId: text("gateway_id").notNull().references(() => gateways.id),
    /** unique per gateway with the alerts' own keys: a replay returns the alert it was folded into */
    idempotencyKey: text("idempotency_key").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    receivedAt: integer("received_at").notNull(),
    confidence: real("confidence").notNull(),
    boxes: text("boxes").notNull(),
    snapshotKey: text("snapshot_key").notNull(),
    snapshotSha256: text("snapshot_sha256").notNull(),
  },
  (t) => [uniqueIndex("alert_occurrences_idempotency_idx").on(t.gatewayId, t.idempotencyKey), index("alert_occurrences_alert_idx").on(t.alertId, t.occurredAt)],
);

/** Every transition of an alert: who (null for the system), when, a note and (disposal) a photo. */
export const alertEvents = sqliteTable(
  "alert_events",
  {
    id: text("id").primaryKey(),
    alertId: text("alert_id").notNull().references(() => alerts.id),
    action: text("action", { enum: ALERT_EVENT_ACTIONS }).notNull(),
    actorId: text("actor_id").references(() => users.id),
    at: integer("at").notNull(),
    note: text("note"),
    photoKey: text("photo_key"),
    photoSha256: text("photo_sha256"),
  },
  (t) => [index("alert_events_alert_idx").on(t.alertId, t.at)],
);
