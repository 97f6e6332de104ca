import { and, asc, desc, eq, gte, inArray, isNull, lt, lte } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, cameras, gateways, sensorCycles, sensorHours, sensorReadings, sensors } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { type Caller, nowOf } from "../http/env.ts";
import { conflict, invalid } from "../http/errors.ts";
import { dayStart } from "../ledgers/rules.ts";
import { areaInScope, canteenInScope, sensorInScope } from "../scope/loaders.ts";
import { scopedLists } from "../scope/lists.ts";
import { type CreateSensor, type CyclesQuery, MAX_SERIES_RAW_HOURS, type Reading, type Sensor, type SensorsQuery, type SensorThresholds, type SeriesQuery, type UpdateSensor } from "./contracts.ts";
import { effectiveThresholds } from "./rules.ts";

/**
 * The people's side of the sensors: a canteen's sensors with their latest reading (the live room draws them beside
 * the camera of the same area), a sensor's series, the runs of a day with the 消毒台账 draft, and registration
 * (audited writes, through the caller's scope like cameras).
 */

type SensorRow = typeof sensors.$inferSelect;
type ReadingRow = typeof sensorReadings.$inferSelect;

const toReading = (r: Pick<ReadingRow, "at" | "temperatureC" | "humidityPct" | "on">): Reading => ({ at: toIso(r.at), temperatureC: r.temperatureC, humidityPct: r.humidityPct, on: r.on });
const parseThresholds = (json: string | null): SensorThresholds | null => (json ? (JSON.parse(json) as SensorThresholds) : null);

function toSensor(s: SensorRow, latest: Reading | null, alertId: string | null): Sensor {
  return { id: s.id, canteenId: s.canteenId, areaId: s.areaId, cameraId: s.cameraId, gatewayId: s.gatewayId, kind: s.kind, name: s.name, topic: s.topic, thresholds: effectiveThresholds(s.kind, parseThresholds(s.thresholds)), latest, alertId };
}

/** The latest reading of each sensor: one seek on the (sensor, at) key each. */
async function latestOf(db: DbOrTx, ids: string[]) {
  const out = new Map<string, Reading>();
  for (const id of ids) {
    const [r] = await db.select().from(sensorReadings).where(eq(sensorReadings.sensorId, id)).orderBy(desc(sensorReadings.at)).limit(1);
    if (r) out.set(id, toReading(r));
  }
  return out;
}

async function openAlertsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.select({ id: alerts.id, sensorId: alerts.sensorId }).from(alerts).where(and(inArray(alerts.sensorId, ids), isNull(alerts.closedAt))).orderBy(desc(alerts.occurredAt));
  const out = new Map<string, string>();
  for (const r of rows) if (r.sensorId && !out.has(r.sensorId)) out.set(r.sensorId, r.id);
  return out;
}

export async function listSensors({ deps, scope }: Caller, query: z.infer<typeof SensorsQuery>) {
  const { db } = deps;
  await canteenInScope(db, scope, query.canteenId);
  const rows = await scopedLists(db, scope)
    .sensors({ sensor: sensors }, eq(sensors.canteenId, query.canteenId), query.cameraId ? eq(sensors.cameraId, query.cameraId) : undefined)
    .orderBy(asc(sensors.name), asc(sensors.id));
  const ids = rows.map((r) => r.sensor.id);
  const [latest, open] = await Promise.all([latestOf(db, ids), openAlertsOf(db, ids)]);
  return { items: rows.map((r) => toSensor(r.sensor, latest.get(r.sensor.id) ?? null, open.get(r.sensor.id) ?? null)) };
}

/** The camera and gateway a sensor points at must be of its canteen (the area decides the canteen). */
async function assertSameCanteen(tx: DbOrTx, canteenId: string, cameraId: string | null | undefined, gatewayId: string | null | undefined) {
  if (cameraId) {
    const [cam] = await tx.select({ canteenId: cameras.canteenId }).from(cameras).where(eq(cameras.id, cameraId));
    if (!cam || cam.canteenId !== canteenId) throw conflict("sensor_not_in_canteen", [{ path: "cameraId", message: "camera of another canteen" }]);
  }
  if (gatewayId) {
    const [gw] = await tx.select({ canteenId: gateways.canteenId, revokedAt: gateways.revokedAt }).from(gateways).where(eq(gateways.id, gatewayId));
    if (!gw || gw.canteenId !== canteenId) throw conflict("sensor_not_in_canteen", [{ path: "gatewayId", message: "gateway of another canteen" }]);
    if (gw.revokedAt !== null) throw conflict("gateway_revoked_attach");
  }
}

async function assertTopicFree(tx: DbOrTx, canteenId: string, topic: string, except?: string) {
  const [other] = await tx.select({ id: sensors.id }).from(sensors).where(and(eq(sensors.canteenId, canteenId), eq(sensors.topic, topic)));
  if (other && other.id !== except) throw conflict("sensor_topic_taken", [{ path: "topic", message: "another sensor of this canteen publishes on it" }]);
}

export async function createSensor({ deps, scope, actor }: Caller, body: z.infer<typeof CreateSensor>) {
  const row = await writeAudited(deps, async (tx) => {
    const { area } = await areaInScope(tx, scope, body.areaId);
    await assertSameCanteen(tx, area.canteenId, body.cameraId, body.gatewayId);
    await assertTopicFree(tx, area.canteenId, body.topic);
    const row: SensorRow = { id: newId("sen"), canteenId: area.canteenId, areaId: area.id, cameraId: body.cameraId ?? null, gatewayId: body.gatewayId ?? null, kind: body.kind, name: body.name, topic: body.topic, thresholds: body.thresholds ? JSON.stringify(body.thresholds) : null, createdAt: nowOf(deps) };
    await tx.insert(sensors).values(row);
    return { result: row, audit: { actorId: actor.userId, action: "sensor.create", targetType: "sensor", targetId: row.id, change: row } };
  });
  return toSensor(row, null, null);
}

export async function updateSensor({ deps, scope, actor }: Caller, id: string, patch: z.infer<typeof UpdateSensor>) {
  const row = await writeAudited(deps, async (tx) => {
    const { sensor } = await sensorInScope(tx, scope, id);
    await assertSameCanteen(tx, sensor.canteenId, patch.cameraId, patch.gatewayId);
    if (patch.topic) await assertTopicFree(tx, sensor.canteenId, patch.topic, id);
    const { thresholds, ...rest } = patch;
    const [row] = await tx
      .update(sensors)
      .set({ ...rest, ...(thresholds === undefined ? {} : { thresholds: thresholds === null ? null : JSON.stringify(thresholds) }) })
      .where(eq(sensors.id, id))
      .returning();
    return { result: row!, audit: { actorId: actor.userId, action: "sensor.update", targetType: "sensor", targetId: id, change: patch } };
  });
  const [latest, open] = await Promise.all([latestOf(deps.db, [id]), openAlertsOf(deps.db, [id])]);
  return toSensor(row, latest.get(id) ?? null, open.get(id) ?? null);
}

/** A sensor's series: the raw readings up to 48 hours (the live room's chart), the hourly roll-up beyond (a month). */
export async function sensorSeries({ deps, scope }: Caller, id: string, query: z.infer<typeof SeriesQuery>) {
  const { db } = deps;
  const { sensor } = await sensorInScope(db, scope, id);
  const to = query.to ? Date.parse(query.to) : nowOf(deps);
  const from = query.from ? Date.parse(query.from) : to - 6 * 3_600_000;
  if (from >= to) throw invalid("range_order", [{ path: "from", message: "from must be before to" }]);
  if (to - from > 400 * 86_400_000) throw invalid("range_too_long", [{ path: "from", message: "at most 400 days" }]);
  const raw = to - from <= MAX_SERIES_RAW_HOURS * 3_600_000;
  if (raw) {
    const rows = await db.select().from(sensorReadings).where(and(eq(sensorReadings.sensorId, sensor.id), gte(sensorReadings.at, from), lte(sensorReadings.at, to))).orderBy(asc(sensorReadings.at)).limit(5000);
    return { sensorId: sensor.id, from: toIso(from), to: toIso(to), resolution: "raw" as const, readings: rows.map(toReading), hours: [] };
  }
  const hours = await db.select().from(sensorHours).where(and(eq(sensorHours.sensorId, sensor.id), gte(sensorHours.hour, from - 3_600_000), lt(sensorHours.hour, to))).orderBy(asc(sensorHours.hour));
  return {
    sensorId: sensor.id,
    from: toIso(from),
    to: toIso(to),
    resolution: "hourly" as const,
    readings: [],
    hours: hours.map((h) => ({
      hour: toIso(h.hour),
      readings: h.readings,
      minC: h.tMin,
      maxC: h.tMax,
      avgC: h.tCount ? h.tSum / h.tCount : null,
      avgHumidityPct: h.hCount ? h.hSum / h.hCount : null,
      onShare: h.readings ? h.onCount / h.readings : 0,
    })),
  };
}

/**
 * The runs of a canteen's lamps and cabinets on a day (China time). A cabinet's run carries the 消毒台账 draft the
 * ledger form starts from (item, method 热力, times, temperature): the staff member confirms it and signs — the
 * ledger entry stays the person's record, the sensor only fills it in.
 */
export async function listCycles({ deps, scope }: Caller, query: z.infer<typeof CyclesQuery>) {
  const { db } = deps;
  await canteenInScope(db, scope, query.canteenId);
  const start = dayStart(query.day);
  const rows = await scopedLists(db, scope)
    .sensorCycles({ cycle: sensorCycles, name: sensors.name, kind: sensors.kind }, eq(sensorCycles.canteenId, query.canteenId), gte(sensorCycles.startAt, start), lt(sensorCycles.startAt, start + 86_400_000))
    .orderBy(asc(sensorCycles.startAt), asc(sensorCycles.id));
  return {
    items: rows.map(({ cycle: c, name, kind }) => ({
      id: c.id,
      sensorId: c.sensorId,
      sensorName: name,
      kind,
      startAt: toIso(c.startAt),
      endAt: toIso(c.endAt),
      minutes: Math.round((c.endAt - c.startAt) / 6000) / 10,
      peakC: c.peakC,
      short: c.short,
      ledgerEntryId: c.ledgerEntryId,
      ledgerDraft: kind === "disinfection_cabinet" ? { item: name, method: "heat" as const, startAt: toIso(c.startAt), endAt: toIso(c.endAt), ...(c.peakC === null ? {} : { temperatureC: Math.min(200, Math.max(0, Math.round(c.peakC))) }) } : null,
    })),
  };
}
