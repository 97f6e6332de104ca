import { Camera, CameraList, CamerasQuery, CreateCamera, UpdateCamera } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import * as service from "./service.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";


const listCameras = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/cameras",
  tags: ["cameras"],
  summary: "Cameras of a canteen the caller may see (parents: public-visible ones only)",
  request: { query: CamerasQuery },
  responses: { 200: jsonOk(CameraList) },
});
const getCamera = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/cameras/{id}",
  tags: ["cameras"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Camera) },
});
const createCamera = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/cameras",
  tags: ["cameras"],
  request: { body: jsonBody(CreateCamera) },
  responses: { 201: jsonOk(Camera, "created") },
});
const updateCamera = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/cameras/{id}",
  tags: ["cameras"],
  request: { params: IdParam, body: jsonBody(UpdateCamera) },
  responses: { 200: jsonOk(Camera) },
});

const approveReference = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/cameras/{id}/reference",
  tags: ["cameras"],
  summary: "视频诊断: approve the camera's current picture as its reference view (the gateway sends its fingerprint with its next heartbeats; until then reference.pending)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Camera) },
});

export function cameraRoutes(app: App) {
  app.openapi(approveReference, async (c) => c.json(await service.approveReference(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(listCameras, async (c) => c.json(await service.listCameras(callerOf(c), { query: c.req.valid("query") }), 200));

  app.openapi(getCamera, async (c) => c.json(await service.getCamera(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(createCamera, async (c) => c.json(await service.createCamera(callerOf(c), { json: c.req.valid("json") }), 201));

  app.openapi(updateCamera, async (c) => c.json(await service.updateCamera(callerOf(c), { param: c.req.valid("param"), json: c.req.valid("json") }), 200));
}
