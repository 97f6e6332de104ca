import { z } from "@hono/zod-openapi";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonBody, jsonOk, optionalJsonBody } from "../http/route.ts";
import { fileParts, imageParts } from "../http/uploads.ts";
import { AcknowledgeOrder, CreateOrder, LegalBasisList, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PHOTOS, Order, OrderPage, OrdersQuery, ReturnOrder, ReviewNote, SubmitOrderFields } from "./contracts.ts";
import { issueOrder } from "./issue.ts";
import { TRANSITIONS } from "./rules.ts";
import { evidencePhoto, getOrder, listLegalBases, listOrders, submitOrder, transitionOrder } from "./service.ts";

const legalBasisList = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/legal-bases",
  tags: ["orders"],
  summary: "The catalogue of articles an order item may cite",
  responses: { 200: jsonOk(LegalBasisList) },
});
const create = apiRoute("orders.issue", {
  method: "post",
  path: "/api/v1/orders",
  tags: ["orders"],
  summary: "Issue a rectification order (整改通知书) from an inspection; numbered, signed, announced in the canteen's room",
  request: { body: jsonBody(CreateOrder) },
  responses: { 201: jsonOk(Order, "issued") },
});
const list = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/orders",
  tags: ["orders"],
  summary: "Orders in scope: overdue ones still awaiting the school first, then by deadline",
  request: { query: OrdersQuery },
  responses: { 200: jsonOk(OrderPage) },
});
const get = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/orders/{id}",
  tags: ["orders"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Order) },
});
const evidenceImage = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/evidence/{id}/image",
  tags: ["orders"],
  request: { params: IdParam },
  responses: { 200: imageOk("the photo bytes") },
});

const SubmitForm = SubmitOrderFields.extend({ photos: fileParts(MAX_EVIDENCE_PHOTOS) });

const acknowledge = apiRoute(TRANSITIONS.acknowledge.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/acknowledge",
  tags: ["orders"],
  summary: "签收: the school acknowledges the order (issued → acknowledged)",
  request: { params: IdParam, body: optionalJsonBody(AcknowledgeOrder) },
  responses: { 200: jsonOk(Order) },
});
const submit = apiRoute(TRANSITIONS.submit.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/submit",
  tags: ["orders"],
  summary: "The school submits rectification photos (multipart `photos`, 1..6 JPEG/PNG) and a `description` (acknowledged → submitted)",
  request: { params: IdParam, body: { content: { "multipart/form-data": { schema: SubmitForm } }, required: true } },
  responses: { 200: jsonOk(Order) },
});
const returnOrder = apiRoute(TRANSITIONS.return.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/return",
  tags: ["orders"],
  summary: "The regulator returns the submission with a reason (submitted → acknowledged)",
  request: { params: IdParam, body: jsonBody(ReturnOrder) },
  responses: { 200: jsonOk(Order) },
});
const accept = apiRoute(TRANSITIONS.accept.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/accept",
  tags: ["orders"],
  summary: "The regulator accepts the rectification (submitted → accepted)",
  request: { params: IdParam, body: optionalJsonBody(ReviewNote) },
  responses: { 200: jsonOk(Order) },
});
const close = apiRoute(TRANSITIONS.close.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/close",
  tags: ["orders"],
  summary: "The regulator closes the order (accepted → closed)",
  request: { params: IdParam, body: optionalJsonBody(ReviewNote) },
  responses: { 200: jsonOk(Order) },
});

export function orderRoutes(app: App) {
  app.openapi(legalBasisList, async (c) => c.json(await listLegalBases(c.var.deps.db), 200));
  app.openapi(create, async (c) => c.json(await issueOrder(callerOf(c), c.req.valid("json")), 201));
  app.openapi(list, async (c) => c.json(await listOrders(c.var.deps.db, c.var.scope, c.req.valid("query")), 200));
  app.openapi(get, async (c) => c.json(await getOrder(c.var.deps.db, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(evidenceImage, async (c) => evidencePhoto(c.var.deps, c.var.scope, c.req.valid("param").id));
  app.openapi(acknowledge, async (c) => c.json(await transitionOrder(callerOf(c), c.req.valid("param").id, "acknowledge", null), 200));
  app.openapi(submit, async (c) => {
    const form = c.req.valid("form");
    const files = await imageParts(form.photos, "photos", { min: 1, max: MAX_EVIDENCE_PHOTOS, maxBytes: MAX_EVIDENCE_BYTES });
    return c.json(await submitOrder(callerOf(c), c.req.valid("param").id, form.description, files), 200);
  });
  app.openapi(returnOrder, async (c) => c.json(await transitionOrder(callerOf(c), c.req.valid("param").id, "return", c.req.valid("json").reason), 200));
  app.openapi(accept, async (c) => c.json(await transitionOrder(callerOf(c), c.req.valid("param").id, "accept", c.req.valid("json").note ?? null), 200));
  app.openapi(close, async (c) => c.json(await transitionOrder(callerOf(c), c.req.valid("param").id, "close", c.req.valid("json").note ?? null), 200));
}
