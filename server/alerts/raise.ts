import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alertOccurrences, alerts, cameras, canteens } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import { ApiError, invalid, notFound } from "../http/errors.ts";
import { decodeImage } from "../media-store/decode.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import { type AlertIngest, type AlertIngestResult, clipBox, MAX_ALERT_AGE_DAYS, MAX_ALERT_CLOCK_SKEW_MS, MAX_ALERT_SNAPSHOT_BYTES } from "./ingest-contracts.ts";
import { pushAlerts } from "./push.ts";
import { nudgeClip, requestAlertClip } from "../record/clip-requests.ts";
import { UNDISPOSED_STATUSES } from "./rules.ts";
import { nextAlertStamp } from "./view.ts";

/**
 * How alerts come into being: a gateway's detection (with its JPEG snapshot, exactly once per idempotency key)
 * and the heartbeat's cameras gone offline (closed again when they are back).
 */

const UNIQUE_VIOLATION = /UNIQUE constraint failed/i;

type GatewayRow = { id: string };

async function firstWithKey(db: DbOrTx, gatewayId: string, key: string): Promise<IngestResult | null> {
  const [first] = await db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.gatewayId, gatewayId), eq(alerts.idempotencyKey, key)));
  if (first) return { alertId: first.id, duplicate: true, recurred: false };
  const [folded] = await db.select({ id: alertOccurrences.alertId }).from(alertOccurrences).where(and(eq(alertOccurrences.gatewayId, gatewayId), eq(alertOccurrences.idempotencyKey, key)));
  return folded ? { alertId: folded.id, duplicate: true, recurred: true } : null;
}

/** The alert of this camera and type still awaiting the school, if any: a new detection is folded into it. */
async function awaitingSchool(tx: DbOrTx, cameraId: string, type: AlertIngest["type"]) {
  const [open] = await tx
    .select({ id: alerts.id, lastOccurredAt: alerts.lastOccurredAt, occurredAt: alerts.occurredAt })
    .from(alerts)
    .where(and(eq(alerts.cameraId, cameraId), eq(alerts.type, type), inArray(alerts.status, [...UNDISPOSED_STATUSES]), isNull(alerts.closedAt)))
    .orderBy(desc(alerts.occurredAt))
    .limit(1);
  return open ?? null;
}

type IngestResult = AlertIngestResult;

/**
 * Stores a gateway's alert and pushes it; a replayed idempotency key answers the first alert and writes nothing.
 * While an alert of the same camera and type awaits the school (new or acknowledged), a further detection is an
 * occurrence of it — count, last seen and its own snapshot — not another alert to sign for (issue 11: floods).
 */
export async function ingestAlert(deps: AppDeps, gw: GatewayRow, body: AlertIngest): Promise<IngestResult> {
  const earlier = await firstWithKey(deps.db, gw.id, body.idempotencyKey);
  if (earlier) return earlier;

  const [camera] = await deps.db
    .select({ id: cameras.id, gatewayId: cameras.gatewayId, canteenId: cameras.canteenId, orgId: canteens.orgId })
    .from(cameras)
    .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
    .where(eq(cameras.id, body.cameraId));
  if (!camera || camera.gatewayId !== gw.id) throw notFound();
  const bytes = new Uint8Array(Buffer.from(body.snapshotJpegBase64, "base64"));
  if (bytes.byteLength > MAX_ALERT_SNAPSHOT_BYTES) throw new ApiError("payload_too_large", "snapshot_too_large");
  if (!decodeImage(bytes, ["image/jpeg"])) throw new ApiError("unsupported_media_type", "snapshot_not_jpeg");
  const now = nowOf(deps);
  const occurredAt = Date.parse(body.occurredAt);
  if (occurredAt > now + MAX_ALERT_CLOCK_SKEW_MS) throw invalid("occurred_in_future", [{ path: "occurredAt", message: "later than the server's clock" }]);
  if (occurredAt < now - MAX_ALERT_AGE_DAYS * 86_400_000) throw invalid("occurred_too_early", [{ path: "occurredAt", message: `more than ${MAX_ALERT_AGE_DAYS} days ago` }]);

  const boxes = body.boxes.map(clipBox);
  // content-addressed: a file left by a transaction that rolls back is the same file a retry writes
  const stored = await mediaStoreOf(deps).put(bytes, "image/jpeg", "alert");
  let result: IngestResult | null = null;
  // the alert's evidence clip (issue 19): asked for with the alert, cut by the gateway once it has recorded it
  let clip: Awaited<ReturnType<typeof requestAlertClip>> = null;
  try {
    result = await deps.db.transaction(async (tx) => {
      const open = await awaitingSchool(tx, camera.id, body.type);
      if (open) {
        const occurrence = { id: newId("aoc"), alertId: open.id, gatewayId: gw.id, idempotencyKey: body.idempotencyKey, occurredAt, receivedAt: now, confidence: body.confidence, boxes: JSON.stringify(boxes), snapshotKey: stored.key, snapshotSha256: stored.sha256 };
        await tx.insert(alertOccurrences).values(occurrence);
        const lastOccurredAt = Math.max(open.lastOccurredAt ?? open.occurredAt, occurredAt);
        await tx.update(alerts).set({ occurrences: sql`${alerts.occurrences} + 1`, lastOccurredAt, updatedAt: await nextAlertStamp(tx, now) }).where(eq(alerts.id, open.id));
        const { boxes: _boxes, ...audited } = occurrence;
        await appendAudit(tx, { actorId: null, action: "alert.recur", targetType: "alert", targetId: open.id, change: { ...audited, boxes } }, now);
        return { alertId: open.id, duplicate: false, recurred: true };
      }
      const id = newId("alr");
      const row = {
        id,
        gatewayId: gw.id,
        cameraId: camera.id,
        canteenId: camera.canteenId,
        orgId: camera.orgId,
        type: body.type,
        confidence: body.confidence,
        boxes: JSON.stringify(boxes),
        snapshotKey: stored.key,
        snapshotSha256: stored.sha256,
        occurredAt,
        receivedAt: now,
        // the school's clock starts when it can see the alert
        deadlineAt: now + deps.config.alertDeadlines[body.type] * 60_000,
        idempotencyKey: body.idempotencyKey,
        updatedAt: await nextAlertStamp(tx, now),
      };
      await tx.insert(alerts).values(row);
      await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: now, note: null });
      const { boxes: _boxes, ...audited } = row;
      await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { ...audited, boxes } }, now);
      clip = await requestAlertClip(tx, { alertId: id, cameraId: camera.id, canteenId: camera.canteenId, gatewayId: gw.id, occurredAt, now });
      return { alertId: id, duplicate: false, recurred: false };
    });
  } catch (err) {
    // the same key sent twice at once: the other request stored it first
    if (UNIQUE_VIOLATION.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message ?? ""))) {
      const first = await firstWithKey(deps.db, gw.id, body.idempotencyKey);
      if (first) return first;
    }
    throw err;
  }
  pushAlerts(deps, result.recurred ? "alert.updated" : "alert.raised", [result.alertId]);
  if (clip) nudgeClip(deps, clip);
  return result;
}

/**
 * camera_offline alerts from the heartbeat's transitions (inside its transaction): an offline camera raises
 * one unless one is still open; a camera back online closes its open one. Returns the ids to push.
 */
export async function cameraOfflineAlerts(
  tx: DbOrTx,
  gatewayId: string,
  changes: ReadonlyArray<{ cameraId: string; to: "online" | "offline"; reason: string | null }>,
  now: number,
  deadlineMinutes: number,
): Promise<{ raised: string[]; closed: string[] }> {
  const raised: string[] = [];
  const closed: string[] = [];
  for (const ch of changes) {
    const open = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.cameraId, ch.cameraId), eq(alerts.type, "camera_offline"), isNull(alerts.closedAt)));
    if (ch.to === "offline" && !open.length) {
      const [cam] = await tx.select({ canteenId: cameras.canteenId, orgId: canteens.orgId }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(cameras.id, ch.cameraId));
      const id = newId("alr");
      await tx.insert(alerts).values({
        id,
        gatewayId,
        cameraId: ch.cameraId,
        canteenId: cam!.canteenId,
        orgId: cam!.orgId,
        type: "camera_offline",
        confidence: 1,
        boxes: "[]",
        occurredAt: now,
        receivedAt: now,
        deadlineAt: now + deadlineMinutes * 60_000,
        idempotencyKey: `offline-${id}`,
        updatedAt: await nextAlertStamp(tx, now),
      });
      await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: now, note: ch.reason });
      await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { type: "camera_offline", cameraId: ch.cameraId, reason: ch.reason } }, now);
      raised.push(id);
    }
    if (ch.to === "online") {
      for (const { id } of open) {
        // the camera is back: the alert closes itself (verified by the system, no one to dispose of it)
        await tx.update(alerts).set({ status: "verified", closedAt: now, updatedAt: await nextAlertStamp(tx, now) }).where(eq(alerts.id, id));
        await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "auto_closed", actorId: null, at: now, note: null });
        await appendAudit(tx, { actorId: null, action: "alert.auto_close", targetType: "alert", targetId: id, change: { cameraId: ch.cameraId } }, now);
        closed.push(id);
      }
    }
  }
  return { raised, closed };
}


/**
 * 视频诊断 (issue 17): a gateway reports a camera's picture good again since `since`; its open video_quality
 * alerts raised before then close themselves (verified by the system, like camera_offline). An alert still in
 * the gateway's queue (occurred after `since`) is left open: the next heartbeat closes it. Returns the ids.
 */
export async function closeVideoQualityAlerts(tx: DbOrTx, good: ReadonlyArray<{ cameraId: string; since: number }>, now: number): Promise<string[]> {
  const closed: string[] = [];
  if (!good.length) return closed;
  // one query for the whole heartbeat: almost always nothing is open
  const open = await tx
    .select({ id: alerts.id, cameraId: alerts.cameraId, occurredAt: alerts.occurredAt })
    .from(alerts)
    .where(and(inArray(alerts.cameraId, good.map((g) => g.cameraId)), eq(alerts.type, "video_quality"), isNull(alerts.closedAt)));
  for (const g of good) {
    for (const { id } of open.filter((o) => o.cameraId === g.cameraId && o.occurredAt <= g.since)) {
      await tx.update(alerts).set({ status: "verified", closedAt: now, updatedAt: await nextAlertStamp(tx, now) }).where(eq(alerts.id, id));
      await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "auto_closed", actorId: null, at: now, note: "picture good again" });
      await appendAudit(tx, { actorId: null, action: "alert.auto_close", targetType: "alert", targetId: id, change: { cameraId: g.cameraId, goodSince: g.since } }, now);
      closed.push(id);
    }
  }
  return closed;
}
