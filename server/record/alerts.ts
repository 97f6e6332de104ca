import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alerts, cameras, canteens } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nextAlertStamp } from "../alerts/view.ts";

export type RecordingAlertType = "recording_storage_low" | "recording_tampered" | "recording_missing";

/**
 * Raises a recording alert on a camera unless one of that type is still open there (inside the caller's
 * transaction, with its alert event and audit entry). Returns the new alert's id, or null.
 */
export async function raiseRecordingAlert(
  tx: DbOrTx,
  a: { gatewayId: string; cameraId: string; type: RecordingAlertType; note: string; now: number; deadlineMinutes: number },
): Promise<string | null> {
  const [open] = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.cameraId, a.cameraId), eq(alerts.type, a.type), isNull(alerts.closedAt)))
    .limit(1);
  if (open) return null;
  const [cam] = await tx.select({ canteenId: cameras.canteenId, orgId: canteens.orgId }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(cameras.id, a.cameraId));
  if (!cam) return null;
  const id = newId("alr");
  await tx.insert(alerts).values({
    id,
    gatewayId: a.gatewayId,
    cameraId: a.cameraId,
    canteenId: cam.canteenId,
    orgId: cam.orgId,
    type: a.type,
    confidence: 1,
    boxes: "[]",
    occurredAt: a.now,
    receivedAt: a.now,
    deadlineAt: a.now + a.deadlineMinutes * 60_000,
    idempotencyKey: `${a.type}-${id}`,
    updatedAt: await nextAlertStamp(tx, a.now),
  });
  await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: a.now, note: a.note.slice(0, 500) });
  await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { type: a.type, cameraId: a.cameraId, note: a.note } }, a.now);
  return id;
}
