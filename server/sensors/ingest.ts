import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, canteens, gateways, sensorCycles, sensorHours, sensorReadings, sensors } from "../../db/schema/index.ts";
import { pushAlerts } from "../alerts/push.ts";
import { raiseSensorAlert, recoverSensorAlert, type SensorAlertType, type SensorRef } from "../alerts/sensor-alerts.ts";
import { newId } from "../auth/tokens.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import type { BatchResult, GatewaySensors, ReadingBatch, SensorThresholds } from "./contracts.ts";
import { completedRuns, effectiveThresholds, excursionNote, excursions, inBandNow, isShortRun, type Point, rollUp, RUN_KINDS, runNote, TEMPERATURE_KINDS } from "./rules.ts";

/**
 * The gateway's side of the sensors (device token): which topics to subscribe to, and the batches of readings.
 * A batch is stored in one transaction — readings (a reading already stored is skipped: a retried batch adds
 * nothing), their hourly roll-up (only the readings stored now are added to it), the runs found, and the alerts the
 * rules raise or close — then the alerts are pushed.
 */

type Gateway = typeof gateways.$inferSelect;

/** a gateway clock this far ahead of the API's is wrong, not early (as for alerts) */
export const MAX_READING_SKEW_MS = 10 * 60_000;
/** rows per INSERT: SQLite's bound-variable limit, with room */
const CHUNK = 150;
/** how far before a batch's earliest reading the rules look: to see where a run started or an excursion began */
const RUN_LOOKBACK_MS = 6 * 3_600_000;
const minLookback = (forMinutes: number) => Math.max(2 * forMinutes, 60) * 60_000;

export async function gatewaySensors(deps: AppDeps, gw: Gateway): Promise<GatewaySensors> {
  const rows = await deps.db.select({ id: sensors.id, kind: sensors.kind, topic: sensors.topic }).from(sensors).where(eq(sensors.gatewayId, gw.id)).orderBy(asc(sensors.topic));
  return { sensors: rows };
}

const parseThresholds = (json: string | null): SensorThresholds | null => (json ? (JSON.parse(json) as SensorThresholds) : null);

export async function ingestReadings(deps: AppDeps, gw: Gateway, batch: ReadingBatch): Promise<BatchResult> {
  const now = nowOf(deps);
  const retentionMs = deps.config.sensorRawRetentionDays * 86_400_000;
  const ids = [...new Set(batch.readings.map((r) => r.sensorId))];
  const own = await deps.db
    .select({ sensor: sensors, orgId: canteens.orgId })
    .from(sensors)
    .innerJoin(canteens, eq(canteens.id, sensors.canteenId))
    .where(and(inArray(sensors.id, ids), eq(sensors.gatewayId, gw.id)));
  const byId = new Map(own.map((r) => [r.sensor.id, r]));
  let unknownSensor = 0;
  let outOfWindow = 0;
  const rows: Array<typeof sensorReadings.$inferInsert> = [];
  const seen = new Set<string>();
  for (const r of batch.readings) {
    const at = Date.parse(r.at);
    if (!byId.has(r.sensorId)) unknownSensor++;
    else if (at > now + MAX_READING_SKEW_MS || at < now - retentionMs) outOfWindow++;
    // the same reading twice in one batch counts once (a sensor that repeats itself)
    else if (!seen.has(`${r.sensorId}@${at}`)) {
      seen.add(`${r.sensorId}@${at}`);
      rows.push({ sensorId: r.sensorId, at, temperatureC: r.temperatureC ?? null, humidityPct: r.humidityPct ?? null, on: r.on ?? null });
    }
  }
  const duplicatesInBatch = batch.readings.length - unknownSensor - outOfWindow - rows.length;

  const result = await deps.db.transaction(async (tx) => {
    const stored: Array<typeof sensorReadings.$inferSelect> = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      stored.push(...(await tx.insert(sensorReadings).values(rows.slice(i, i + CHUNK)).onConflictDoNothing().returning()));
    }
    const raised: string[] = [];
    const closed: string[] = [];
    const bySensor = new Map<string, typeof stored>();
    for (const r of stored) bySensor.set(r.sensorId, [...(bySensor.get(r.sensorId) ?? []), r]);
    for (const [sensorId, fresh] of bySensor) {
      await addToRollup(tx, sensorId, fresh);
      const { sensor, orgId } = byId.get(sensorId)!;
      const out = await applyRules(tx, { id: sensor.id, canteenId: sensor.canteenId, orgId, cameraId: sensor.cameraId, kind: sensor.kind, name: sensor.name, thresholds: parseThresholds(sensor.thresholds) }, fresh, now, deps.config.alertDeadlines);
      raised.push(...out.raised);
      closed.push(...out.closed);
    }
    return { accepted: stored.length, duplicates: rows.length - stored.length + duplicatesInBatch, raised, closed };
  });
  pushAlerts(deps, "alert.raised", result.raised);
  pushAlerts(deps, "alert.updated", result.closed);
  return { accepted: result.accepted, duplicates: result.duplicates, unknownSensor, outOfWindow, alertsRaised: result.raised.length, alertsClosed: result.closed.length };
}

/** The readings stored now, added to their hours (min/max merge with the stored hour; sums and counts add). */
async function addToRollup(tx: DbOrTx, sensorId: string, fresh: ReadonlyArray<Point>) {
  for (const h of rollUp(fresh)) {
    await tx
      .insert(sensorHours)
      .values({ sensorId, ...h })
      .onConflictDoUpdate({
        target: [sensorHours.sensorId, sensorHours.hour],
        set: {
          readings: sql`${sensorHours.readings} + excluded.readings`,
          tCount: sql`${sensorHours.tCount} + excluded.t_count`,
          tMin: sql`coalesce(min(${sensorHours.tMin}, excluded.t_min), ${sensorHours.tMin}, excluded.t_min)`,
          tMax: sql`coalesce(max(${sensorHours.tMax}, excluded.t_max), ${sensorHours.tMax}, excluded.t_max)`,
          tSum: sql`${sensorHours.tSum} + excluded.t_sum`,
          hCount: sql`${sensorHours.hCount} + excluded.h_count`,
          hMin: sql`coalesce(min(${sensorHours.hMin}, excluded.h_min), ${sensorHours.hMin}, excluded.h_min)`,
          hMax: sql`coalesce(max(${sensorHours.hMax}, excluded.h_max), ${sensorHours.hMax}, excluded.h_max)`,
          hSum: sql`${sensorHours.hSum} + excluded.h_sum`,
          onCount: sql`${sensorHours.onCount} + excluded.on_count`,
        },
      });
  }
}

type RuleSensor = SensorRef & { kind: (typeof sensors.$inferSelect)["kind"]; name: string; thresholds: SensorThresholds | null };

const alertWithKey = async (tx: DbOrTx, key: string) => (await tx.select({ id: alerts.id }).from(alerts).where(eq(alerts.idempotencyKey, key)).limit(1))[0]?.id ?? null;

/**
 * The rules over the sensor's series around the new readings. Every excursion or short run found raises its alert
 * once (keyed by the sensor and the excursion's start, so a batch delivered late — the API was down while the fridge
 * was warm — still raises it, and a window read again raises nothing twice); back in the band, or a run long enough,
 * closes the open one.
 */
async function applyRules(tx: DbOrTx, s: RuleSensor, fresh: ReadonlyArray<Point>, now: number, deadlines: Record<SensorAlertType, number>) {
  const th = effectiveThresholds(s.kind, s.thresholds);
  const raised: string[] = [];
  const closed: string[] = [];
  const earliest = Math.min(...fresh.map((r) => r.at));
  const isRun = RUN_KINDS.includes(s.kind);
  if (!isRun && !TEMPERATURE_KINDS.includes(s.kind)) return { raised, closed };
  const from = earliest - (isRun ? RUN_LOOKBACK_MS : minLookback(th.forMinutes));
  const series = await tx
    .select({ at: sensorReadings.at, temperatureC: sensorReadings.temperatureC, humidityPct: sensorReadings.humidityPct, on: sensorReadings.on })
    .from(sensorReadings)
    .where(and(eq(sensorReadings.sensorId, s.id), gte(sensorReadings.at, from)))
    .orderBy(asc(sensorReadings.at));

  if (!isRun) {
    const type = "sensor_temperature";
    for (const e of excursions(series, th)) {
      const key = `${type}-${s.id}-${e.since}`;
      if (!(await alertWithKey(tx, key))) {
        const id = await raiseSensorAlert(tx, s, type, key, e.since, now, deadlines[type], excursionNote(s.name, e, th));
        if (id) raised.push(id);
      }
      if (e.endedAt !== null) {
        const c = await recoverSensorAlert(tx, s.id, type, now, `${s.name}：温度已恢复正常`);
        if (c) closed.push(c);
      }
    }
    if (inBandNow(series, th)) {
      const c = await recoverSensorAlert(tx, s.id, type, now, `${s.name}：温度已恢复正常`);
      if (c) closed.push(c);
    }
    return { raised, closed };
  }

  const type = s.kind === "uv_lamp" ? "uv_short" : "disinfection_short";
  for (const run of completedRuns(series)) {
    const short = isShortRun(run, th);
    const [cycle] = await tx
      .insert(sensorCycles)
      .values({ id: newId("cyc"), sensorId: s.id, canteenId: s.canteenId, startAt: run.startAt, endAt: run.endAt, peakC: run.peakC, short })
      .onConflictDoNothing()
      .returning({ id: sensorCycles.id });
    if (!cycle) continue;
    if (short) {
      const id = await raiseSensorAlert(tx, s, type, `${type}-${s.id}-${run.startAt}`, run.endAt, now, deadlines[type], runNote(s.name, s.kind, run, th));
      if (id) raised.push(id);
    } else {
      const c = await recoverSensorAlert(tx, s.id, type, now, `${s.name}：${Math.round(run.minutes)} 分钟，已达要求`);
      if (c) closed.push(c);
    }
  }
  return { raised, closed };
}
