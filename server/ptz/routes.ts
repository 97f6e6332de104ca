import { z } from "zod";
import { Id, Ok } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { PtzAccepted, PtzCommand, PtzResult, PtzState } from "./contracts.ts";
import * as service from "./service.ts";

const CameraParam = z.strictObject({ cameraId: Id });

const getPtz = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/cameras/{cameraId}/ptz",
  tags: ["ptz"],
  summary: "Who holds a PTZ camera's control, until when, and its presets",
  request: { params: CameraParam },
  responses: { 200: jsonOk(PtzState) },
});
const take = apiRoute("ptz.control", {
  method: "post",
  path: "/api/v1/cameras/{cameraId}/ptz/control",
  tags: ["ptz"],
  summary: "Take (or renew) control of a PTZ camera: the regulator's inspector takes it from the school; 409 when held by an equal or higher rank",
  request: { params: CameraParam },
  responses: { 200: jsonOk(PtzState) },
});
const release = apiRoute("ptz.control", {
  method: "delete",
  path: "/api/v1/cameras/{cameraId}/ptz/control",
  tags: ["ptz"],
  summary: "Hand control back (nothing changes for a caller who does not hold it)",
  request: { params: CameraParam },
  responses: { 200: jsonOk(PtzState) },
});
const command = apiRoute("ptz.control", {
  method: "post",
  path: "/api/v1/cameras/{cameraId}/ptz/commands",
  tags: ["ptz"],
  summary: "Move, stop, go to or save a preset: carried out by the camera's gateway; 409 (and logged) from anyone but the holder",
  request: { params: CameraParam, body: jsonBody(PtzCommand) },
  responses: { 202: jsonOk(PtzAccepted, "sent to the gateway") },
});
const result = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/ptz/results",
  tags: ["gateway"],
  summary: "The gateway carried out a PTZ command, or says why it could not (the camera's presets after a save)",
  request: { body: jsonBody(PtzResult) },
  responses: { 200: jsonOk(Ok) },
});

export function ptzRoutes(app: App) {
  app.openapi(getPtz, async (c) => c.json(await service.getPtz(callerOf(c), c.req.valid("param").cameraId), 200));
  app.openapi(take, async (c) => c.json(await service.takeControl(callerOf(c), c.req.valid("param").cameraId), 200));
  app.openapi(release, async (c) => c.json(await service.releaseControl(callerOf(c), c.req.valid("param").cameraId), 200));
  app.openapi(command, async (c) => c.json(await service.sendCommand(callerOf(c), c.req.valid("param").cameraId, c.req.valid("json")), 202));
  app.openapi(result, async (c) => c.json(await service.gatewayResult(c.var.deps, c.var.gateway, c.req.valid("json")), 200));
}
