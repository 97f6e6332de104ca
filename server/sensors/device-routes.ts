import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { BatchResult, GatewaySensors, ReadingBatch } from "./contracts.ts";
import { gatewaySensors, ingestReadings } from "./ingest.ts";

const tags = ["gateway"];
const list = apiRoute("device", {
  method: "get",
  path: "/api/v1/gateway/sensors",
  tags,
  summary: "The sensors a gateway subscribes to at the school's MQTT broker (device token)",
  responses: { 200: jsonOk(GatewaySensors) },
});
const ingest = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/sensors/readings",
  tags,
  summary: "A batch of sensor readings (device token): stored once per (sensor, time) — a retried batch adds nothing — rolled up hourly, and run through the rules (alerts raised and closed)",
  request: { body: jsonBody(ReadingBatch) },
  responses: { 200: jsonOk(BatchResult) },
});

export function sensorDeviceRoutes(app: App) {
  app.openapi(list, async (c) => c.json(await gatewaySensors(c.var.deps, c.var.gateway), 200));
  app.openapi(ingest, async (c) => c.json(await ingestReadings(c.var.deps, c.var.gateway, c.req.valid("json")), 200));
}
