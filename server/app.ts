import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { ApiError, errorResponse, zodDetails } from "./errors.ts";
import { pickLang, withLang } from "./i18n.ts";
import type { AppDeps, AppEnv } from "./env.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { cameraRoutes } from "./routes/cameras.ts";
import { canteenRoutes } from "./routes/canteens.ts";
import { gatewayRoutes } from "./routes/gateways.ts";
import { gatewayDeviceRoutes } from "./routes/gateway-device.ts";
import { ALERT_BODY_LIMIT, gatewayAlertRoutes } from "./routes/gateway-alerts.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { detectionRoutes } from "./routes/detection.ts";
import { healthRoutes } from "./routes/health.ts";
import { inspectionRoutes } from "./routes/inspections.ts";
import { liveRoutes } from "./routes/live.ts";
import { orgRoutes } from "./routes/orgs.ts";
import { userRoutes } from "./routes/users.ts";
import { annotationRoutes } from "./routes/annotations.ts";
import { orderRoutes } from "./routes/orders.ts";
import { snapshotRoutes } from "./routes/snapshots.ts";
import { verifyRoutes } from "./routes/verify.ts";
import { MAX_SNAPSHOT_BYTES } from "./contracts/snapshots.ts";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PHOTOS } from "./contracts/orders.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Image uploads (frozen frames, rectification evidence, alert snapshots) have their own, larger limits; each file is checked again. */
const MULTIPART_OVERHEAD = 64 * 1024;
const UPLOAD_LIMITS: Array<[RegExp, number]> = [
  [/^\/api\/v1\/snapshots$/, MAX_SNAPSHOT_BYTES + MULTIPART_OVERHEAD],
  [/^\/api\/v1\/orders\/[^/]+\/submit$/, MAX_EVIDENCE_PHOTOS * MAX_EVIDENCE_BYTES + MULTIPART_OVERHEAD],
  // an alert carries its snapshot as base64
  [/^\/api\/v1\/gateway\/alerts$/, ALERT_BODY_LIMIT],
];

/** The whole API as one Hono app; the runtime entry points in edge/ add static files and serve it. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, "validation_failed", undefined, zodDetails(result.error));
    },
  });

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await withLang(pickLang(c.req.header("accept-language")), next);
  });
  app.use("*", secureHeaders({ crossOriginResourcePolicy: false }));
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
  app.notFound((c) => (c.req.path.startsWith("/api/") ? errorResponse(c, "not_found") : c.text("Not found", 404)));

  healthRoutes(app);
  authRoutes(app);
  orgRoutes(app);
  canteenRoutes(app);
  cameraRoutes(app);
  gatewayRoutes(app);
  userRoutes(app);
  auditRoutes(app);
  liveRoutes(app);
  gatewayDeviceRoutes(app);
  inspectionRoutes(app);
  snapshotRoutes(app);
  annotationRoutes(app);
  orderRoutes(app);
  verifyRoutes(app);
  gatewayAlertRoutes(app);
  alertRoutes(app);
  detectionRoutes(app);

  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: { title: "明厨亮灶 Live API", version: "1.0.0", description: "School canteen live supervision platform" },
  });
  app.get("/api/v1/docs", swaggerUI({ url: "/api/v1/openapi.json", title: "明厨亮灶 Live API" }));
  return app;
}
