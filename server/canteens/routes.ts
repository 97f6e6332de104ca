import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { Area, CanteenDetail, CanteenPage, CanteensQuery, CreateArea, CreateCanteen, UpdateArea, UpdateCanteen, Canteen } from "./contracts.ts";
import { nowOf } from "../clock/clock.ts";
import { canteenDetail, createArea, createCanteen, listCanteens, updateArea, updateCanteen } from "./service.ts";

const listCanteens_ = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/canteens",
  tags: ["canteens"],
  summary: "Canteens in scope, optionally of one school or supplier",
  request: { query: CanteensQuery },
  responses: { 200: jsonOk(CanteenPage) },
});
const getCanteen = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/canteens/{id}",
  tags: ["canteens"],
  summary: "A canteen with its areas and the cameras the caller may see",
  request: { params: IdParam },
  responses: { 200: jsonOk(CanteenDetail) },
});
const createCanteen_ = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/canteens",
  tags: ["canteens"],
  summary: "Register a canteen; its five required patrol areas are created with it",
  request: { body: jsonBody(CreateCanteen) },
  responses: { 201: jsonOk(CanteenDetail, "created") },
});
const updateCanteen_ = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/canteens/{id}",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(UpdateCanteen) },
  responses: { 200: jsonOk(Canteen) },
});
const createArea_ = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/canteens/{id}/areas",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(CreateArea) },
  responses: { 201: jsonOk(Area, "created") },
});
const updateArea_ = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/areas/{id}",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(UpdateArea) },
  responses: { 200: jsonOk(Area) },
});

export function canteenRoutes(app: App) {
  app.openapi(listCanteens_, async (c) => c.json(await listCanteens(c.var.deps.db, c.var.scope, c.req.valid("query")), 200));
  app.openapi(getCanteen, async (c) => c.json(await canteenDetail(c.var.deps.db, c.var.scope, c.req.valid("param").id, c.var.actor, nowOf(c.var.deps)), 200));
  app.openapi(createCanteen_, async (c) => c.json(await createCanteen(callerOf(c), c.req.valid("json")), 201));
  app.openapi(updateCanteen_, async (c) => c.json(await updateCanteen(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(createArea_, async (c) => c.json(await createArea(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(updateArea_, async (c) => c.json(await updateArea(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
}
