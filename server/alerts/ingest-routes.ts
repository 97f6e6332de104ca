import { AlertIngest, AlertIngestResult } from "./ingest-contracts.ts";
import { ApiError, zodDetails } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { ingestAlert } from "./raise.ts";

const ingest = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/alerts",
  tags: ["gateway"],
  summary: "An AI抓拍 alert from a gateway (device token): stored with its JPEG snapshot, pushed live to the ops rooms; a replayed idempotencyKey returns the first result",
  request: { body: jsonBody(AlertIngest) },
  responses: { 200: jsonOk(AlertIngestResult, "a replay: the first result, nothing written"), 201: jsonOk(AlertIngestResult, "stored") },
});

/**
 * Load shedding of alert intake (issue 18: a burst of 10,000 alerts in a minute): past
 * ALERT_INGEST_MAX_INFLIGHT alerts being taken in at once by this instance, the next is refused with 503 and
 * Retry-After before its body is read. Nothing is lost: the gateway keeps it in its on-disk queue and sends it
 * again, so a burst drains at the pace the database writes instead of piling up in this process. Counted per
 * instance on purpose: it protects this process, and each instance behind a balancer sheds its own excess.
 */
function shedWhenBusy(app: App) {
  let inFlight = 0;
  app.use("/api/v1/gateway/alerts", async (c, next) => {
    const { alertIngestMaxInFlight: max, alertShedRetryAfterS } = c.var.deps.config;
    if (c.req.method !== "POST" || max <= 0) return next();
    if (inFlight >= max) throw new ApiError("service_unavailable", "alert_ingest_overloaded", [{ path: "ALERT_INGEST_MAX_INFLIGHT", message: String(max) }], { "Retry-After": String(alertShedRetryAfterS) });
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });
}

export function gatewayAlertRoutes(app: App) {
  shedWhenBusy(app);
  app.openapi(
    ingest,
    async (c) => {
      const result = await ingestAlert(c.var.deps, c.var.gateway, c.req.valid("json"));
      return result.duplicate ? c.json(result, 200) : c.json(result, 201);
    },
    (result): undefined => {
      if (result.success) return undefined;
      // a snapshot longer than the contract allows is too large, not malformed
      const tooBig = result.error.issues.some((i) => i.path[0] === "snapshotJpegBase64" && i.code === "too_big");
      throw new ApiError(tooBig ? "payload_too_large" : "validation_failed", tooBig ? "snapshot_too_large" : undefined, zodDetails(result.error));
    },
  );
}
