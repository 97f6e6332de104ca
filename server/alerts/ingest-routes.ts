import { and, eq } from "drizzle-orm";
import { alertEvents, alerts, cameras, canteens } from "../../db/schema/index.ts";
import { nextAlertStamp, pushAlerts } from "./service.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { AlertIngest, AlertIngestResult, MAX_ALERT_SNAPSHOT_BYTES } from "./ingest-contracts.ts";
import { ApiError, invalid, notFound, zodDetails } from "../http/errors.ts";
import { type App, nowOf } from "../http/env.ts";
import { mediaStoreOf, sniffImage } from "../media-store/store.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

/** The body of an alert carries a 1 MiB JPEG as base64 (4/3 larger) plus boxes: its own body limit. */
export const ALERT_BODY_LIMIT = Math.ceil((MAX_ALERT_SNAPSHOT_BYTES * 4) / 3) + 64 * 1024;
/** a gateway clock this far ahead of ours is wrong, not early */
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

const ingest = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/alerts",
  tags: ["gateway"],
  summary: "An AI抓拍 alert from a gateway (device token): stored with its JPEG snapshot, pushed live to the ops rooms; a replayed idempotencyKey returns the first result",
  request: { body: jsonBody(AlertIngest) },
  responses: { 200: jsonOk(AlertIngestResult, "a replay: the first result, nothing written"), 201: jsonOk(AlertIngestResult, "stored") },
});

const UNIQUE_VIOLATION = /UNIQUE constraint failed/i;

export function gatewayAlertRoutes(app: App) {
  app.openapi(
    ingest,
    async (c) => {
      const deps = c.var.deps;
      const gw = c.var.gateway;
      const body = c.req.valid("json");
      const replay = async () => {
        const [first] = await deps.db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.gatewayId, gw.id), eq(alerts.idempotencyKey, body.idempotencyKey)));
        return first ? c.json({ alertId: first.id, duplicate: true }, 200) : null;
      };
      const earlier = await replay();
      if (earlier) return earlier;

      const [camera] = await deps.db.select({ id: cameras.id, gatewayId: cameras.gatewayId, canteenId: cameras.canteenId, orgId: canteens.orgId }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(cameras.id, body.cameraId));
      if (!camera || camera.gatewayId !== gw.id) throw notFound();
      const bytes = new Uint8Array(Buffer.from(body.snapshotJpegBase64, "base64"));
      if (bytes.byteLength > MAX_ALERT_SNAPSHOT_BYTES) throw new ApiError("payload_too_large", "snapshot_too_large");
      if (sniffImage(bytes) !== "image/jpeg") throw new ApiError("unsupported_media_type", "snapshot_not_jpeg");
      const now = nowOf(deps);
      const occurredAt = Date.parse(body.occurredAt);
      if (occurredAt > now + MAX_CLOCK_SKEW_MS) throw invalid("occurred_in_future", [{ path: "occurredAt", message: "later than the server's clock" }]);

      // content-addressed: a file left by a transaction that rolls back is the same file a retry writes
      const stored = await mediaStoreOf(deps).put(bytes, "image/jpeg", "alert");
      const id = newId("alr");
      try {
        await deps.db.transaction(async (tx) => {
          const row = {
            id,
            gatewayId: gw.id,
            cameraId: camera.id,
            canteenId: camera.canteenId,
            orgId: camera.orgId,
            type: body.type,
            confidence: body.confidence,
            boxes: JSON.stringify(body.boxes),
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
          await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { ...audited, boxes: body.boxes } }, now);
        });
      } catch (err) {
        // the same key sent twice at once: the other request stored it first
        if (UNIQUE_VIOLATION.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message ?? ""))) {
          const first = await replay();
          if (first) return first;
        }
        throw err;
      }
      pushAlerts(deps, "alert.raised", [id]);
      return c.json({ alertId: id, duplicate: false }, 201);
    },
    (result): undefined => {
      if (result.success) return undefined;
      // a snapshot longer than the contract allows is too large, not malformed
      const tooBig = result.error.issues.some((i) => i.path[0] === "snapshotJpegBase64" && i.code === "too_big");
      throw new ApiError(tooBig ? "payload_too_large" : "validation_failed", tooBig ? "snapshot_too_large" : undefined, zodDetails(result.error));
    },
  );
}
