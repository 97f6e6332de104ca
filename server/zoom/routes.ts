import { z } from "@hono/zod-openapi";
import { IdParam, Id, Ok } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { filePart } from "../http/uploads.ts";
import { Snapshot } from "../snapshots/contracts.ts";
import { Zoom, ZoomFailure, ZoomRequest } from "./contracts.ts";
import * as service from "./service.ts";

const CameraParam = z.strictObject({ cameraId: Id });

// the same permission as freezing a frame: a crop is a sharper frozen frame of part of the picture
const request = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/cameras/{cameraId}/zoom",
  tags: ["zoom"],
  summary:
    "数字变焦: crop a region (fractions of the picture) from the source at full resolution on the camera's gateway. 202 pending; the outcome comes as `zoom.done` on the `zoom` topic to the requester. 400 outside the picture or under 16 source pixels a side; 503 with the reason when the gateway or camera is offline",
  request: { params: CameraParam, body: jsonBody(ZoomRequest) },
  responses: { 202: jsonOk(Zoom, "sent to the gateway") },
});
const get = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/zooms/{id}",
  tags: ["zoom"],
  summary: "A digital zoom: pending, ready (with its image) or failed (why); pending past 20 s reads as failed",
  request: { params: IdParam },
  responses: { 200: jsonOk(Zoom) },
});
const image = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/zooms/{id}/image",
  tags: ["zoom"],
  request: { params: IdParam },
  responses: { 200: imageOk() },
});
const save = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/zooms/{id}/snapshot",
  tags: ["zoom"],
  summary: "Keep a ready crop as evidence: a snapshot of the camera (hash-chained, annotatable) that everyone in the room opens",
  request: { params: IdParam },
  responses: { 201: jsonOk(Snapshot, "stored") },
});
const upload = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/zooms/{id}",
  tags: ["gateway"],
  summary: "The gateway's crop: one JPEG of exactly the crop's size (multipart `file`); 409 once answered or timed out",
  request: { params: IdParam, body: { content: { "multipart/form-data": { schema: z.strictObject({ file: filePart() }) } }, required: true } },
  responses: { 200: jsonOk(Ok) },
});
const failed = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/zooms/{id}/failed",
  tags: ["gateway"],
  summary: "The gateway could not crop: why (the requester is told)",
  request: { params: IdParam, body: jsonBody(ZoomFailure) },
  responses: { 200: jsonOk(Ok) },
});

export function zoomRoutes(app: App) {
  app.openapi(request, async (c) => c.json(await service.request(callerOf(c), c.req.valid("param").cameraId, c.req.valid("json")), 202));
  app.openapi(get, async (c) => c.json(await service.get(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(image, async (c) => service.image(callerOf(c), c.req.valid("param").id));
  app.openapi(save, async (c) => c.json(await service.save(callerOf(c), c.req.valid("param").id), 201));
  app.openapi(upload, async (c) => c.json(await service.gatewayUpload(c.var.deps, c.var.gateway, c.req.valid("param").id, c.req.valid("form")), 200));
  app.openapi(failed, async (c) => c.json(await service.gatewayFailed(c.var.deps, c.var.gateway, c.req.valid("param").id, c.req.valid("json")), 200));
}
