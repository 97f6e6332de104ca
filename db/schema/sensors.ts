import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { areas, canteens } from "./canteens.ts";
import { cameras, gateways } from "./cameras.ts";
import { SENSOR_KINDS } from "../../server/contracts/enums.ts";

export { SENSOR_KINDS };

/**
 * IoT sensors (可感测, issue 17). A school registers each sensor with the area (and the camera) it sits beside and the
 * MQTT topic it publishes on at the school's broker; the school's gateway subscribes and forwards readings in batches.
 */
export const sensors = sqliteTable(
  "sensors",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    areaId: text("area_id").notNull().references(() => areas.id),
    /** the camera whose picture shows the sensor (its readings are drawn beside that camera); null: none */
    cameraId: text("camera_id").references(() => cameras.id),
    /** the gateway that subscribes to its topic; null: not connected yet */
    gatewayId: text("gateway_id").references(() => gateways.id),
    kind: text("kind", { enum: SENSOR_KINDS }).notNull(),
    name: text("name").notNull(),
    /** MQTT topic at the school's broker, unique per canteen */
    topic: text("topic").notNull(),
    /** JSON SensorThresholds over the kind's defaults (server/sensors/rules.ts); null: the defaults */
    thresholds: text("thresholds"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("sensors_canteen_idx").on(t.canteenId), index("sensors_gateway_idx").on(t.gatewayId), uniqueIndex("sensors_topic_idx").on(t.canteenId, t.topic)],
);

/**
 * Raw readings, one row per sensor and instant (the key makes a retried batch a no-op). Kept for a bounded time
 * (SENSOR_RAW_RETENTION_DAYS, 35 by default: the month's report and a dispute over the last weeks); the hourly roll-up
 * below is kept for good.
 */
export const sensorReadings = sqliteTable(
  "sensor_readings",
  {
    sensorId: text("sensor_id").notNull().references(() => sensors.id),
    at: integer("at").notNull(),
    temperatureC: real("temperature_c"),
    humidityPct: real("humidity_pct"),
    /** lamps and cabinets: switched on */
    on: integer("on", { mode: "boolean" }),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.at] })],
);

/** Hourly roll-up of each sensor (min / max / sum / count, so averages combine over days and months): kept long. */
export const sensorHours = sqliteTable(
  "sensor_hours",
  {
    sensorId: text("sensor_id").notNull().references(() => sensors.id),
    /** start of the hour, epoch ms */
    hour: integer("hour").notNull(),
    readings: integer("readings").notNull(),
    tCount: integer("t_count").notNull().default(0),
    tMin: real("t_min"),
    tMax: real("t_max"),
    tSum: real("t_sum").notNull().default(0),
    hCount: integer("h_count").notNull().default(0),
    hMin: real("h_min"),
    hMax: real("h_max"),
    hSum: real("h_sum").notNull().default(0),
    /** readings saying "on" (a lamp's or cabinet's duty in the hour, at the sensor's reporting period) */
    onCount: integer("on_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.hour] })],
);

/**
 * One run of a UV lamp or a disinfection cabinet (on → off), found in the readings. A cabinet's cycle pre-fills the
 * disinfection ledger (消毒台账): ledgerEntryId is the entry that was filled from it.
 */
export const sensorCycles = sqliteTable(
  "sensor_cycles",
  {
    id: text("id").primaryKey(),
    sensorId: text("sensor_id").notNull().references(() => sensors.id),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    /** highest temperature seen during the run (cabinets); null: none reported */
    peakC: real("peak_c"),
    /** shorter than the sensor's threshold */
    short: integer("short", { mode: "boolean" }).notNull(),
    ledgerEntryId: text("ledger_entry_id"),
  },
  (t) => [uniqueIndex("sensor_cycles_start_idx").on(t.sensorId, t.startAt), index("sensor_cycles_canteen_idx").on(t.canteenId, t.startAt)],
);
