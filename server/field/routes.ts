
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonBody, jsonOk, optionalJsonBody } from "../http/route.ts";
import { filePart, imageParts } from "../http/uploads.ts";
import { CancelFieldTask, CompleteFieldTask, CreateFieldTask, EligibleInspectors, FieldNote, FieldPhotoFields, FieldTask, FieldTaskPage, FieldTasksQuery, InspectorsQuery, MAX_FIELD_PHOTO_BYTES } from "./contracts.ts";
import { FIELD_TRANSITIONS } from "./rules.ts";
import { addFieldPhoto, cancelFieldTask, completeFieldTask, createFieldTask, fieldPhotoImage, getFieldTask, inspectorsFor, listFieldTasks, startFieldTask } from "./service.ts";

const tags = ["field"];
const list = apiRoute("field.read", {
  method: "get",
  path: "/api/v1/field-tasks",
  tags,
  summary: "靶向飞行 board: on site, assigned, done, cancelled; by due date",
  request: { query: FieldTasksQuery },
  responses: { 200: jsonOk(FieldTaskPage) },
});
const get = apiRoute("field.read", { method: "get", path: "/api/v1/field-tasks/{id}", tags, request: { params: IdParam }, responses: { 200: jsonOk(FieldTask) } });
const inspectors = apiRoute("field.assign", {
  method: "get",
  path: "/api/v1/field-inspectors",
  tags,
  summary: "Who may be sent on a field task made from this source",
  request: { query: InspectorsQuery },
  responses: { 200: jsonOk(EligibleInspectors) },
});
const create = apiRoute("field.assign", {
  method: "post",
  path: "/api/v1/field-tasks",
  tags,
  summary: "转靶向飞行: a field task from a spot-check finding, an alert or a complaint, with its inspectors and due date",
  request: { body: jsonBody(CreateFieldTask) },
  responses: { 201: jsonOk(FieldTask, "made") },
});
const start = apiRoute(FIELD_TRANSITIONS.start.permission, {
  method: "post",
  path: "/api/v1/field-tasks/{id}/start",
  tags,
  summary: "到达现场 (assigned → on_site), by an assigned inspector",
  request: { params: IdParam, body: optionalJsonBody(FieldNote) },
  responses: { 200: jsonOk(FieldTask) },
});
const PhotoForm = FieldPhotoFields.extend({ photo: filePart() });
const photo = apiRoute(FIELD_TRANSITIONS.photo.permission, {
  method: "post",
  path: "/api/v1/field-tasks/{id}/photos",
  tags,
  summary: "A photo taken on site (multipart: photo ≤ 8 MB JPEG/PNG, capturedAt, latitude?, longitude?, accuracy?), by an assigned inspector",
  request: { params: IdParam, body: { content: { "multipart/form-data": { schema: PhotoForm } }, required: true } },
  responses: { 200: jsonOk(FieldTask) },
});
const complete = apiRoute(FIELD_TRANSITIONS.complete.permission, {
  method: "post",
  path: "/api/v1/field-tasks/{id}/complete",
  tags,
  summary: "The result (属实 / 不属实 / 当场整改) with the on-site checklist, by an assigned inspector (on_site → done; 409 without a photo)",
  request: { params: IdParam, body: jsonBody(CompleteFieldTask) },
  responses: { 200: jsonOk(FieldTask) },
});
const cancel = apiRoute(FIELD_TRANSITIONS.cancel.permission, {
  method: "post",
  path: "/api/v1/field-tasks/{id}/cancel",
  tags,
  summary: "Cancel an open field task, with the reason",
  request: { params: IdParam, body: jsonBody(CancelFieldTask) },
  responses: { 200: jsonOk(FieldTask) },
});
const image = apiRoute("field.read", { method: "get", path: "/api/v1/field-photos/{id}/image", tags, request: { params: IdParam }, responses: { 200: imageOk("the photo") } });

export function fieldRoutes(app: App) {
  app.openapi(list, async (c) => c.json(await listFieldTasks(callerOf(c), c.req.valid("query")), 200));
  app.openapi(inspectors, async (c) => {
    const q = c.req.valid("query");
    return c.json(await inspectorsFor(callerOf(c), { kind: q.sourceKind, id: q.sourceId }), 200);
  });
  app.openapi(get, async (c) => c.json(await getFieldTask(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(create, async (c) => c.json(await createFieldTask(callerOf(c), c.req.valid("json")), 201));
  app.openapi(start, async (c) => c.json(await startFieldTask(callerOf(c), c.req.valid("param").id, c.req.valid("json").note ?? null), 200));
  app.openapi(photo, async (c) => {
    const { photo: file, ...fields } = c.req.valid("form");
    const [img] = await imageParts(file, "photo", { min: 1, max: 1, maxBytes: MAX_FIELD_PHOTO_BYTES });
    return c.json(await addFieldPhoto(callerOf(c), c.req.valid("param").id, fields, img!), 200);
  });
  app.openapi(complete, async (c) => c.json(await completeFieldTask(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(cancel, async (c) => c.json(await cancelFieldTask(callerOf(c), c.req.valid("param").id, c.req.valid("json").note), 200));
  app.openapi(image, async (c) => fieldPhotoImage(callerOf(c), c.req.valid("param").id));
}


