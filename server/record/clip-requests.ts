import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { recordingAnchors, recordingClipAttachments, recordingClips } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { alertClipSpan } from "./clip-rules.ts";
import type { ClipTarget } from "./clip-contracts.ts";

/**
 * Asking for evidence clips (issue 19 item 5): the pending row (with its attachment and audit entry, inside the
 * caller's transaction) and the hint to the gateway. Kept apart from clips.ts so that raising an alert (which asks
 * for the alert's clip) does not depend on the rest of the recordings.
 */
export type ClipRow = typeof recordingClips.$inferSelect;
export type ClipTargetRef = { targetType: ClipTarget; targetId: string };
type Row = ClipRow;
type Target = ClipTargetRef;

/** Tells the canteen's gateway a clip waits (it also polls every RECORD_POLL_S, so a lost hint only delays it). */
export const nudgeClip = (deps: AppDeps, clip: { id: string; cameraId: string; canteenId: string; gatewayId: string }) =>
  publish(deps, announcement(canteenRoom(clip.canteenId), "clip", { type: "clip.requested", id: clip.id, cameraId: clip.cameraId }, [clip.gatewayId]));

export async function insertClip(
  tx: DbOrTx,
  o: { canteenId: string; cameraId: string; gatewayId: string; origin: "manual" | "alert"; requestedBy: string | null; span: { start: number; end: number }; attach: Target | null; now: number },
): Promise<Row> {
  const row: Row = {
    id: newId("clp"),
    canteenId: o.canteenId,
    cameraId: o.cameraId,
    gatewayId: o.gatewayId,
    origin: o.origin,
    requestedBy: o.requestedBy,
    requestedAt: o.now,
    startAt: o.span.start,
    endAt: o.span.end,
    status: "pending",
    failure: null,
    clipStartAt: null,
    clipEndAt: null,
    mediaKey: null,
    sha256: null,
    bytes: null,
    sources: null,
    links: null,
    fromSeq: null,
    toSeq: null,
    readyAt: null,
  };
  await tx.insert(recordingClips).values(row);
  if (o.attach) await tx.insert(recordingClipAttachments).values({ clipId: row.id, ...o.attach, attachedBy: o.requestedBy, attachedAt: o.now });
  await appendAudit(tx, { actorId: o.requestedBy, action: "clip.requested", targetType: "camera", targetId: o.cameraId, change: { clipId: row.id, origin: o.origin, start: toIso(o.span.start), end: toIso(o.span.end), attach: o.attach } }, o.now);
  return row;
}

/**
 * An AI alert's clip, 5 s before its detection to 10 s after, attached to it — inside the alert's own transaction,
 * and only when the camera is recorded (its gateway has anchored a chain). Returns the clip to nudge, or null.
 */
export async function requestAlertClip(tx: DbOrTx, a: { alertId: string; cameraId: string; canteenId: string; gatewayId: string; occurredAt: number; now: number }) {
  const [recorded] = await tx.select({ seq: recordingAnchors.seq }).from(recordingAnchors).where(eq(recordingAnchors.cameraId, a.cameraId)).limit(1);
  if (!recorded) return null;
  return insertClip(tx, { canteenId: a.canteenId, cameraId: a.cameraId, gatewayId: a.gatewayId, origin: "alert", requestedBy: null, span: alertClipSpan(a.occurredAt), attach: { targetType: "alert", targetId: a.alertId }, now: a.now });
}

