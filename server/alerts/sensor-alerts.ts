import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alerts } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nextAlertStamp } from "./view.ts";

/** The alerts a sensor's readings raise (issue 17); raised by the API itself, never reported by a gateway. */
export type SensorAlertType = "sensor_temperature" | "uv_short" | "disinfection_short";

export interface SensorRef {
  id: string;
  canteenId: string;
  orgId: string;
  /** the camera beside it: the alert shows on that camera too */
  cameraId: string | null;
}

async function openAlert(tx: DbOrTx, sensorId: string, type: SensorAlertType) {
  const [open] = await tx.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.sensorId, sensorId), eq(alerts.type, type), isNull(alerts.closedAt))).limit(1);
  return open?.id ?? null;
}

/**
 * Raises the sensor's alert of this type unless one is still open (a fridge that stays warm is one alert, not one per
 * batch), inside the batch's transaction. `idempotencyKey` names the excursion or run (sensor + its start), so the same
 * one found again in a later batch is recognised. Returns the new alert's id, or null.
 */
export async function raiseSensorAlert(tx: DbOrTx, s: SensorRef, type: SensorAlertType, idempotencyKey: string, occurredAt: number, now: number, deadlineMinutes: number, note: string): Promise<string | null> {
  if (await openAlert(tx, s.id, type)) return null;
  const id = newId("alr");
  await tx.insert(alerts).values({
    id,
    gatewayId: null,
    cameraId: s.cameraId,
    sensorId: s.id,
    canteenId: s.canteenId,
    orgId: s.orgId,
    type,
    confidence: 1,
    boxes: "[]",
    occurredAt,
    receivedAt: now,
    deadlineAt: now + deadlineMinutes * 60_000,
    idempotencyKey,
    updatedAt: await nextAlertStamp(tx, now),
  });
  await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: now, note: note.slice(0, 500) });
  await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { type, sensorId: s.id, canteenId: s.canteenId, note } }, now);
  return id;
}

/**
 * Back in range (or a run long enough again): the sensor's open alert of this type closes itself, verified by the
 * system like a camera back online — the school's disposal, if any, stays in its events.
 */
export async function recoverSensorAlert(tx: DbOrTx, sensorId: string, type: SensorAlertType, now: number, note: string): Promise<string | null> {
  const id = await openAlert(tx, sensorId, type);
  if (!id) return null;
  await tx.update(alerts).set({ status: "verified", closedAt: now, updatedAt: await nextAlertStamp(tx, now) }).where(eq(alerts.id, id));
  await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "auto_closed", actorId: null, at: now, note: note.slice(0, 500) });
  await appendAudit(tx, { actorId: null, action: "alert.auto_close", targetType: "alert", targetId: id, change: { sensorId, note } }, now);
  return id;
}
