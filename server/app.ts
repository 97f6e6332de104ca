import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { ApiError, errorResponse, reasonOf, zodDetails } from "./http/errors.ts";
import { pickLang, withLang } from "./http/i18n.ts";
import { allowedMethods } from "./http/allowed-methods.ts";
import { fixTuples } from "./http/openapi-document.ts";
import { csrfGuard } from "./http/csrf.ts";
import { DOCS_CSP, securityHeaders } from "./http/headers.ts";
import type { AppDeps, AppEnv } from "./http/env.ts";
import { auditRoutes } from "./audit/routes.ts";
import { authRoutes } from "./accounts/session-routes.ts";
import { cameraRoutes } from "./cameras/routes.ts";
import { canteenRoutes } from "./canteens/routes.ts";
import { gatewayRoutes } from "./cameras/gateway-routes.ts";
import { gatewayDeviceRoutes } from "./cameras/device-routes.ts";
import { gb28181DeviceRoutes } from "./gb28181/device-routes.ts";
import { gb28181Routes } from "./gb28181/routes.ts";
import { gatewayAlertRoutes } from "./alerts/ingest-routes.ts";
import { ALERT_BODY_LIMIT } from "./alerts/ingest-contracts.ts";
import { alertRoutes } from "./alerts/routes.ts";
import { detectionRoutes } from "./detection/routes.ts";
import { recordRoutes } from "./record/routes.ts";
import { recordDeviceRoutes } from "./record/device-routes.ts";
import { ptzRoutes } from "./ptz/routes.ts";
import { zoomRoutes } from "./zoom/routes.ts";
import { onvifRoutes } from "./onvif/routes.ts";
import { onvifDeviceRoutes } from "./onvif/device-routes.ts";
import { clipDeviceRoutes, clipRoutes } from "./record/clip-routes.ts";
import { CLIP_BODY_LIMIT } from "./record/clip-contracts.ts";
import { ANCHOR_BODY_LIMIT, CHALLENGE_BODY_LIMIT } from "./record/contracts.ts";
import { healthRoutes } from "./health/routes.ts";
import { inspectionRoutes } from "./inspections/routes.ts";
import { liveRoutes } from "./live/routes.ts";
import { orgRoutes } from "./orgs/routes.ts";
import { userRoutes } from "./accounts/user-routes.ts";
import { annotationRoutes } from "./snapshots/annotation-routes.ts";
import { orderRoutes } from "./orders/routes.ts";
import { patrolRoutes } from "./patrol/routes.ts";
import { publicPatrolRoutes } from "./patrol/public-routes.ts";
import { ledgerRoutes } from "./ledgers/routes.ts";
import { MAX_LEDGER_PHOTO_BYTES, MAX_LEDGER_PHOTOS } from "./ledgers/contracts.ts";
import { snapshotRoutes } from "./snapshots/routes.ts";
import { verifyRoutes } from "./orders/verify-routes.ts";
import { MAX_SNAPSHOT_BYTES } from "./snapshots/contracts.ts";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PHOTOS } from "./orders/contracts.ts";
import { MAX_COMPLAINT_PHOTO_BYTES } from "./complaints/contracts.ts";
import { complaintRoutes } from "./complaints/routes.ts";
import { publicRoutes } from "./public/routes.ts";
import { committeeRoutes } from "./committee/routes.ts";
import { viewingRoutes } from "./viewing/routes.ts";
import { todoRoutes } from "./todo/routes.ts";
import { fieldRoutes } from "./field/routes.ts";
import { traceRoutes } from "./trace/routes.ts";
import { traceStockRoutes } from "./trace/stock-routes.ts";
import { MAX_DELIVERY_BODY_BYTES } from "./trace/contracts.ts";
import { overviewRoutes } from "./overview/routes.ts";
import { exchangeRoutes } from "./exchange/routes.ts";
import { dispatchRoutes } from "./dispatch/routes.ts";
import { sensorRoutes } from "./sensors/routes.ts";
import { sensorDeviceRoutes } from "./sensors/device-routes.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * No URL of this API comes near it (the longest: a search term and a 1,000-character cursor); past it a request
 * gets the error envelope (414) rather than whatever the HTTP layer says. Node is told to let URLs up to
 * NODE_MAX_HEADER_BYTES through to the app (edge/node.ts); Deno's HTTP layer refuses past ~64 KiB on its own.
 */
export const MAX_URL_BYTES = 8 * 1024;

/** Image uploads (frozen frames, rectification evidence, alert snapshots) have their own, larger limits; each file is checked again. */
const MULTIPART_OVERHEAD = 64 * 1024;
const UPLOAD_LIMITS: Array<[RegExp, number]> = [
  [/^\/api\/v1\/snapshots$/, MAX_SNAPSHOT_BYTES + MULTIPART_OVERHEAD],
  [/^\/api\/v1\/orders\/[^/]+\/submit$/, MAX_EVIDENCE_PHOTOS * MAX_EVIDENCE_BYTES + MULTIPART_OVERHEAD],
  [/^\/api\/v1\/public\/canteens\/[^/]+\/complaints$/, MAX_COMPLAINT_PHOTO_BYTES + MULTIPART_OVERHEAD],
  // an alert carries its snapshot as base64
  [/^\/api\/v1\/gateway\/alerts$/, ALERT_BODY_LIMIT],
  // a challenged recording segment, as base64 (issue 19); anchors carry up to 5,000 links per camera
  [/^\/api\/v1\/gateway\/recordings\/challenges\//, CHALLENGE_BODY_LIMIT],
  [/^\/api\/v1\/gateway\/recordings\/anchors$/, ANCHOR_BODY_LIMIT],
  // an evidence clip (≤ 5 minutes of MP4) as base64 with its chain links
  [/^\/api\/v1\/gateway\/clips\/[^/]+$/, CLIP_BODY_LIMIT],
  // ledger photos travel as base64 in the JSON body (an offline entry is one JSON document)
  // a delivery carries each batch's certificate as base64 (issue 15)
  [/^\/api\/v1\/trace\/deliveries$/, MAX_DELIVERY_BODY_BYTES],
  [/^\/api\/v1\/ledgers\/(entries(\/[^/]+\/corrections)?|staff(\/[^/]+)?)$/, Math.ceil((MAX_LEDGER_PHOTOS * MAX_LEDGER_PHOTO_BYTES * 4) / 3) + MULTIPART_OVERHEAD],
];

/** The whole API as one Hono app; the runtime entry points in edge/ add static files and serve it. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, "validation_failed", reasonOf(result.error), zodDetails(result.error));
    },
  });

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await withLang(pickLang(c.req.header("accept-language")), next);
  });
  app.use("*", async (c, next) => (c.req.url.length > MAX_URL_BYTES ? errorResponse(c, "uri_too_long") : next()));
  app.use("*", ...securityHeaders(deps.config));
  app.use("/api/*", csrfGuard(deps.config.allowedOrigins));
  const limits = UPLOAD_LIMITS.map(([path, maxSize]) => [path, bodyLimit({ maxSize, onError: (c) => errorResponse(c, "payload_too_large", "upload_too_large") })] as const);
  const defaultLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, "payload_too_large") });
  app.use("/api/*", (c, next) => (limits.find(([path]) => path.test(c.req.path))?.[1] ?? defaultLimit)(c, next));

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return errorResponse(c, err.code, err.reason, err.details);
    }
    if (err instanceof HTTPException) {
      // Hono's own validators throw these, e.g. for a body that is not JSON
      if (err.status === 400) return errorResponse(c, "validation_failed", /formdata/i.test(err.message) ? "malformed_form" : "malformed_json");
      if (err.status === 413) return errorResponse(c, "payload_too_large");
      if (err.status === 415) return errorResponse(c, "unsupported_media_type");
      if (err.status === 401) return errorResponse(c, "unauthorized");
    }
    console.error(`[api] ${c.req.method} ${c.req.path}:`, err);
    return errorResponse(c, "internal_error");
  });
  // a path the API has, under a method it does not have there: 405 naming the ones it has (before routing, so that
  // GET /alerts/summary-like static paths are not taken for GET /alerts/{id})
  app.use("*", async (c, next) => {
    const allow = allowedMethods(app.routes, c.req.path);
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    if (!allow.length || allow.includes(method)) return next();
    c.header("Allow", allow.join(", "));
    return errorResponse(c, "method_not_allowed");
  });
  app.notFound((c) => (c.req.path.startsWith("/api/") ? errorResponse(c, "not_found") : c.text("Not found", 404)));

  healthRoutes(app);
  authRoutes(app);
  orgRoutes(app);
  canteenRoutes(app);
  cameraRoutes(app);
  gb28181Routes(app);
  gatewayRoutes(app);
  userRoutes(app);
  auditRoutes(app);
  liveRoutes(app);
  gatewayDeviceRoutes(app);
  gb28181DeviceRoutes(app);
  inspectionRoutes(app);
  snapshotRoutes(app);
  annotationRoutes(app);
  orderRoutes(app);
  verifyRoutes(app);
  gatewayAlertRoutes(app);
  alertRoutes(app);
  detectionRoutes(app);
  recordRoutes(app);
  recordDeviceRoutes(app);
  ptzRoutes(app);
  zoomRoutes(app);
  onvifRoutes(app);
  onvifDeviceRoutes(app);
  clipRoutes(app);
  clipDeviceRoutes(app);
  patrolRoutes(app);
  publicPatrolRoutes(app);
  publicRoutes(app);
  complaintRoutes(app);
  committeeRoutes(app);
  viewingRoutes(app);
  todoRoutes(app);
  ledgerRoutes(app);
  fieldRoutes(app);
  traceRoutes(app);
  traceStockRoutes(app);
  overviewRoutes(app);
  exchangeRoutes(app);
  dispatchRoutes(app);
  sensorRoutes(app);
  sensorDeviceRoutes(app);

  const info = { title: "明厨亮灶 Live API", version: "1.0.0", description: "School canteen live supervision platform" };
  let document: unknown;
  app.get("/api/v1/openapi.json", (c) => c.json((document ??= fixTuples(app.getOpenAPI31Document({ openapi: "3.1.0", info }))) as object));
  app.get(
    "/api/v1/docs",
    async (c, next) => {
      await next();
      c.header("Content-Security-Policy", DOCS_CSP);
    },
    swaggerUI({ url: "/api/v1/openapi.json", title: "明厨亮灶 Live API" }),
  );
  return app;
}
