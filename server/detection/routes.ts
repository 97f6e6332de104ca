import * as service from "./service.ts";
import { AreaDetection, CameraDetection, UpdateAreaDetection, UpdateCameraDetection } from "../alerts/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const get = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/cameras/{id}/detection",
  tags: ["cameras"],
  summary: "A camera's AI抓拍 settings: its override, its area's, the effective settings the gateway gets, and its false-positive rates",
  request: { params: IdParam },
  responses: { 200: jsonOk(CameraDetection) },
});
const put = apiRoute("canteens.manage", {
  method: "put",
  path: "/api/v1/cameras/{id}/detection",
  tags: ["cameras"],
  summary: "Replace a camera's detection override (null: back to its area's and the defaults); the gateway picks it up with its next config",
  request: { params: IdParam, body: jsonBody(UpdateCameraDetection) },
  responses: { 200: jsonOk(CameraDetection) },
});

const getArea = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/areas/{id}/detection",
  tags: ["cameras"],
  summary: "An area's detection override (applies to its cameras, under each camera's own)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AreaDetection) },
});
const putArea = apiRoute("canteens.manage", {
  method: "put",
  path: "/api/v1/areas/{id}/detection",
  tags: ["cameras"],
  summary: "Replace an area's detection override (null: the defaults); e.g. empty working hours for a storeroom kept locked",
  request: { params: IdParam, body: jsonBody(UpdateAreaDetection) },
  responses: { 200: jsonOk(AreaDetection) },
});

export function detectionRoutes(app: App) {
  app.openapi(getArea, async (c) => c.json(await service.getArea(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(putArea, async (c) => c.json(await service.putArea(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 200));

  app.openapi(get, async (c) => c.json(await service.get(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(put, async (c) => c.json(await service.put(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 200));
}
