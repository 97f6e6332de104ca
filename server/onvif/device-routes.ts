import { Ok } from "../contracts/common.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { OnvifResult } from "./contracts.ts";
import * as service from "./service.ts";

const result = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/onvif/results",
  tags: ["gateway"],
  summary: "The gateway's answer to a discovery or profiles request: the devices found, the device's profiles, or why it failed",
  request: { body: jsonBody(OnvifResult) },
  responses: { 200: jsonOk(Ok) },
});

export function onvifDeviceRoutes(app: App) {
  app.openapi(result, async (c) => c.json(await service.gatewayResult(c.var.deps, c.var.gateway, c.req.valid("json")), 200));
}
