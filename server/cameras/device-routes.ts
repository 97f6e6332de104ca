import { GatewayConfig, Heartbeat, HeartbeatResult } from "../live/contracts.ts";
import * as service from "./device-service.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const config = apiRoute("device", {
  method: "get",
  path: "/api/v1/gateway/config",
  tags: ["gateway"],
  summary: "A gateway's cameras and its publish-only LiveKit token (device token)",
  responses: { 200: jsonOk(GatewayConfig) },
});

const heartbeat = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/heartbeat",
  tags: ["gateway"],
  summary: "Camera states from a gateway; each change is recorded as a camera_status_event",
  request: { body: jsonBody(Heartbeat) },
  responses: { 200: jsonOk(HeartbeatResult) },
});

export function gatewayDeviceRoutes(app: App) {
  app.openapi(config, async (c) => c.json(await service.gatewayConfig(c.var.deps, c.var.gateway), 200));

  app.openapi(heartbeat, async (c) => c.json(await service.heartbeat(c.var.deps, c.var.gateway, { json: c.req.valid("json") }), 200));
}
