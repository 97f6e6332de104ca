import { z } from "@hono/zod-openapi";
import { IdParam } from "../contracts/common.ts";
import { Snapshot, SnapshotPage, SnapshotsQuery, SnapshotUploadFields } from "./contracts.ts";
import * as service from "./service.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { filePart } from "../http/uploads.ts";

/** The multipart form: the text fields of the contract plus the file part (checked by imageParts). */
const UploadForm = SnapshotUploadFields.extend({ file: filePart() });


const create = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots",
  tags: ["snapshots"],
  summary: "Freeze a frame: upload the current frame of a camera (JPEG/PNG); everyone in the canteen's room opens it",
  request: { body: { content: { "multipart/form-data": { schema: UploadForm } }, required: true } },
  responses: { 201: jsonOk(Snapshot, "stored") },
});
const list = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots",
  tags: ["snapshots"],
  request: { query: SnapshotsQuery },
  responses: { 200: jsonOk(SnapshotPage) },
});
const get = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}",
  tags: ["snapshots"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Snapshot) },
});
const image = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}/image",
  tags: ["snapshots"],
  request: { params: IdParam },
  responses: { 200: imageOk() },
});

const show = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots/{id}/show",
  tags: ["snapshots"],
  summary: "Show an earlier frozen frame to everyone in the canteen's room: they all open it again",
  request: { params: IdParam },
  responses: { 200: jsonOk(Snapshot, "announced") },
});

export function snapshotRoutes(app: App) {
  app.openapi(create, async (c) => c.json(await service.create(callerOf(c), { form: c.req.valid("form") }), 201));

  app.openapi(show, async (c) => c.json(await service.show(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(list, async (c) => c.json(await service.list(callerOf(c), { query: c.req.valid("query") }), 200));

  app.openapi(get, async (c) => c.json(await service.get(callerOf(c), { param: c.req.valid("param") }), 200));

  app.openapi(image, async (c) => service.image(callerOf(c), { param: c.req.valid("param") }));
}
