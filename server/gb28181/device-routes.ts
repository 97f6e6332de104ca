import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { GbDeviceReport, GbDeviceReportResult } from "./contracts.ts";
import * as service from "./gateway-service.ts";

const report = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/gb28181",
  tags: ["gateway"],
  summary: "A GB/T 28181 device registered or went offline (with the reason), and/or its catalog's video channels (device token)",
  request: { body: jsonBody(GbDeviceReport) },
  responses: { 200: jsonOk(GbDeviceReportResult) },
});

export function gb28181DeviceRoutes(app: App) {
  app.openapi(report, async (c) => c.json(await service.gatewayReport(c.var.deps, c.var.gateway, { json: c.req.valid("json") }), 200));
}
