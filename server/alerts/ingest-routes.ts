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

export function gatewayAlertRoutes(app: App) {
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
