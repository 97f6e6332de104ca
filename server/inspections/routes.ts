import * as service from "./service.ts";
import { IdParam } from "../contracts/common.ts";
import { EndInspection, Inspection, InspectionPage, InspectionsQuery, StartInspection } from "./contracts.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const list = apiRoute("inspections.read", {
  method: "get",
  path: "/api/v1/inspections",
  tags: ["inspections"],
  request: { query: InspectionsQuery },
  responses: { 200: jsonOk(InspectionPage) },
});
const get = apiRoute("inspections.read", {
  method: "get",
  path: "/api/v1/inspections/{id}",
  tags: ["inspections"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Inspection) },
});
const start = apiRoute("inspections.run", {
  method: "post",
  path: "/api/v1/inspections",
  tags: ["inspections"],
  summary: "Start an online patrol or live inspection of a canteen (one active per canteen)",
  request: { body: jsonBody(StartInspection) },
  responses: { 201: jsonOk(Inspection, "started") },
});
const end = apiRoute("inspections.run", {
  method: "post",
  path: "/api/v1/inspections/{id}/end",
  tags: ["inspections"],
  summary: "End an inspection with its outcome and the checklist of the five required areas",
  request: { params: IdParam, body: jsonBody(EndInspection) },
  responses: { 200: jsonOk(Inspection) },
});

export function inspectionRoutes(app: App) {
  app.openapi(list, async (c) => c.json(await service.list(callerOf(c), { query: c.req.valid("query") }), 200));

  app.openapi(get, async (c) => c.json(await service.get(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(start, async (c) => c.json(await service.start(callerOf(c), { json: c.req.valid("json") }), 201));

  app.openapi(end, async (c) => c.json(await service.end(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 200));
}
