/**
 * IoT sensors (可感测, issue 17, item 6): a school's fridges, cold rooms, 留样 cabinets, UV lamps and disinfection
 * cabinets publish to the school's MQTT broker; its gateway forwards their readings in batches.
 *
 *   GET   /api/v1/sensors?canteenId=            [sensors.read]    → SensorList (each with its latest reading, open alert)
 *   POST  /api/v1/sensors                       [sensors.manage]  CreateSensor → 201 Sensor
 *   PATCH /api/v1/sensors/{id}                  [sensors.manage]  UpdateSensor → Sensor
 *   GET   /api/v1/sensors/{id}/readings?from&to [sensors.read]    → SensorSeries (raw up to 48 h, else hourly roll-up)
 *   GET   /api/v1/sensors/cycles?canteenId&day  [sensors.read]    → CycleList (with the disinfection ledger draft)
 *   GET   /api/v1/gateway/sensors               [device]          → GatewaySensors (the topics to subscribe to)
 *   POST  /api/v1/gateway/sensors/readings      [device]          ReadingBatch → BatchResult (idempotent per reading)
 *
 * The reading a sensor publishes (MQTT payload) is `SensorPayload`; the gateway checks it with the same schema.
 */
import { z } from "zod";
import { Id, IsoTime, line, Name, patchOf } from "../contracts/common.ts";
import { SENSOR_KINDS } from "../contracts/enums.ts";
import { Day } from "../ledgers/kinds.ts";

export const SensorKind = z.enum(SENSOR_KINDS);
export type SensorKind = z.infer<typeof SensorKind>;

/**
 * Physical range of what a kitchen sensor can report: anything outside is a broken probe or garbage, dropped at the
 * gateway and refused by the API. Disinfection cabinets (红外线) reach 120–150 °C; freezers −40 °C.
 */
export const TEMPERATURE_RANGE = { min: -50, max: 200 } as const;
const Temperature = z.number().finite().min(TEMPERATURE_RANGE.min).max(TEMPERATURE_RANGE.max);
const Humidity = z.number().finite().min(0).max(100);

/** MQTT topic: printable, no wildcards (a sensor publishes on one exact topic). */
export const Topic = line({ min: 1, max: 200 }).refine((t) => !/[#+\s]/.test(t) && !t.startsWith("$"), { message: "an MQTT topic without wildcards, spaces or a leading $" });

/**
 * What a sensor publishes (JSON): the time (ISO 8601 or epoch ms; the gateway's receive time when left out) and at
 * least one measurement. Unknown fields are ignored (vendors add battery, rssi…).
 */
export const SensorPayload = z
  .object({
    at: z.union([z.iso.datetime({ offset: true }), z.number().int().min(1_500_000_000_000).max(4_000_000_000_000)]).optional(),
    temperatureC: Temperature.optional(),
    humidityPct: Humidity.optional(),
    on: z.boolean().optional(),
  })
  .refine((p) => p.temperatureC !== undefined || p.humidityPct !== undefined || p.on !== undefined, { message: "no measurement (temperatureC, humidityPct or on)" });
export type SensorPayload = z.infer<typeof SensorPayload>;

/**
 * Per-sensor thresholds over the kind's defaults (rules.ts): a temperature band held for `forMinutes` before an alert,
 * and the shortest acceptable run of a UV lamp or a disinfection cycle.
 */
export const SensorThresholds = z.strictObject({
  minC: Temperature.nullable().optional(),
  maxC: Temperature.nullable().optional(),
  forMinutes: z.number().int().min(1).max(24 * 60).optional(),
  minRunMinutes: z.number().int().min(1).max(24 * 60).optional(),
});
export type SensorThresholds = z.infer<typeof SensorThresholds>;
export const EffectiveThresholds = z.object({ minC: z.number().nullable(), maxC: z.number().nullable(), forMinutes: z.number(), minRunMinutes: z.number().nullable() });
export type EffectiveThresholds = z.infer<typeof EffectiveThresholds>;

export const Reading = z.object({ at: IsoTime, temperatureC: z.number().nullable(), humidityPct: z.number().nullable(), on: z.boolean().nullable() });
export type Reading = z.infer<typeof Reading>;

export const Sensor = z.object({
  id: Id,
  canteenId: Id,
  areaId: Id,
  cameraId: Id.nullable(),
  gatewayId: Id.nullable(),
  kind: SensorKind,
  name: z.string(),
  topic: z.string(),
  thresholds: EffectiveThresholds,
  /** the latest reading (null: none yet) */
  latest: Reading.nullable(),
  /** an open alert of this sensor (too warm, too short a run) */
  alertId: Id.nullable(),
});
export type Sensor = z.infer<typeof Sensor>;
export const SensorList = z.object({ items: z.array(Sensor) });
export const SensorsQuery = z.strictObject({ canteenId: Id, cameraId: Id.optional() });

export const CreateSensor = z.strictObject({
  areaId: Id,
  cameraId: Id.optional(),
  gatewayId: Id.optional(),
  kind: SensorKind,
  name: Name,
  topic: Topic,
  thresholds: SensorThresholds.optional(),
});
export const UpdateSensor = patchOf({
  cameraId: Id.nullable().optional(),
  gatewayId: Id.nullable().optional(),
  name: Name.optional(),
  topic: Topic.optional(),
  thresholds: SensorThresholds.nullable().optional(),
});

export const MAX_SERIES_RAW_HOURS = 48;
export const SeriesQuery = z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });
export const HourPoint = z.object({ hour: IsoTime, readings: z.number().int(), minC: z.number().nullable(), maxC: z.number().nullable(), avgC: z.number().nullable(), avgHumidityPct: z.number().nullable(), onShare: z.number() });
export const SensorSeries = z.object({
  sensorId: Id,
  from: IsoTime,
  to: IsoTime,
  /** "raw" up to 48 h (readings), else "hourly" (the roll-up) */
  resolution: z.enum(["raw", "hourly"]),
  readings: z.array(Reading),
  hours: z.array(HourPoint),
});

/** Day in China time (the ledgers' day). */
export const CyclesQuery = z.strictObject({ canteenId: Id, day: Day });
export const Cycle = z.object({
  id: Id,
  sensorId: Id,
  sensorName: z.string(),
  kind: SensorKind,
  startAt: IsoTime,
  endAt: IsoTime,
  minutes: z.number(),
  peakC: z.number().nullable(),
  short: z.boolean(),
  /** the disinfection ledger entry filled from it (null: not yet) */
  ledgerEntryId: Id.nullable(),
  /** cabinets: the fields of a 消毒台账 entry (server/ledgers/kinds.ts `disinfection`) the ledger form starts from */
  ledgerDraft: z.object({ item: z.string(), method: z.literal("heat"), startAt: IsoTime, endAt: IsoTime, temperatureC: z.number().optional() }).nullable(),
});
export const CycleList = z.object({ items: z.array(Cycle) });

/** The gateway's view: which topic is which sensor. */
export const GatewaySensors = z.object({ sensors: z.array(z.object({ id: Id, kind: SensorKind, topic: z.string() })) });
export type GatewaySensors = z.infer<typeof GatewaySensors>;

export const MAX_BATCH_READINGS = 1000;
export const BatchReading = z.strictObject({
  sensorId: Id,
  at: z.iso.datetime({ offset: true }),
  temperatureC: Temperature.optional(),
  humidityPct: Humidity.optional(),
  on: z.boolean().optional(),
});
export type BatchReading = z.infer<typeof BatchReading>;
export const ReadingBatch = z.strictObject({
  /** the gateway's name for the batch (its queue file), for the logs; readings are de-duplicated by (sensor, time) */
  batchId: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/),
  readings: z.array(BatchReading).min(1).max(MAX_BATCH_READINGS),
});
export type ReadingBatch = z.infer<typeof ReadingBatch>;
export const BatchResult = z.object({
  /** stored now */
  accepted: z.number().int(),
  /** already stored (a retried batch) */
  duplicates: z.number().int(),
  /** of a sensor this gateway does not serve (removed, moved): dropped */
  unknownSensor: z.number().int(),
  /** later than the server's clock allows or older than the raw retention: dropped */
  outOfWindow: z.number().int(),
  alertsRaised: z.number().int(),
  alertsClosed: z.number().int(),
});
export type BatchResult = z.infer<typeof BatchResult>;
