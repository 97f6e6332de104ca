import { z } from "@hono/zod-openapi";
import { IdParam, Ok } from "../contracts/common.ts";
import { clientAddress } from "../http/client-address.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonBody, jsonOk, optionalJsonBody } from "../http/route.ts";
import { imageParts } from "../http/uploads.ts";
import { Order } from "../orders/contracts.ts";
import { CodeParam, Complaint, ComplaintNote, ComplaintOrder, ComplaintPage, ComplaintReceipt, ComplaintsQuery, ComplaintTracking, FileComplaintFields, MAX_COMPLAINT_PHOTO_BYTES, OptionalNote, RateCanteen, SlugParam } from "./contracts.ts";
import { orderFromComplaint } from "./order.ts";
import { COMPLAINT_TRANSITIONS } from "./rules.ts";
import { complaintPhoto, fileComplaint, getComplaint, listComplaints, rateCanteen, trackComplaint, transitionComplaint } from "./service.ts";

const ComplaintForm = FileComplaintFields.extend({
  photo: z.custom<unknown>(() => true).optional().openapi({ type: "string", format: "binary" }),
});

const file = apiRoute("public", {
  method: "post",
  path: "/api/v1/public/canteens/{slug}/complaints",
  tags: ["complaints"],
  summary: "一键投诉 from the canteen's public page (multipart: category, text, phone?, photo? ≤ 4 MB JPEG/PNG); answers the tracking code",
  request: { params: SlugParam, body: { content: { "multipart/form-data": { schema: ComplaintForm } }, required: true } },
  responses: { 201: jsonOk(ComplaintReceipt, "filed") },
});
const rate = apiRoute("public", {
  method: "post",
  path: "/api/v1/public/canteens/{slug}/ratings",
  tags: ["complaints"],
  summary: "Rate the canteen 1–5 from its public page",
  request: { params: SlugParam, body: jsonBody(RateCanteen) },
  responses: { 201: jsonOk(Ok, "recorded") },
});
const track = apiRoute("public", {
  method: "get",
  path: "/api/v1/public/complaints/{code}",
  tags: ["complaints"],
  summary: "Follow a complaint by its tracking code: its status and, once given, the school's answer",
  request: { params: CodeParam },
  responses: { 200: jsonOk(ComplaintTracking) },
});
const list = apiRoute("complaints.read", {
  method: "get",
  path: "/api/v1/complaints",
  tags: ["complaints"],
  summary: "Complaints in scope: open ones first, by deadline",
  request: { query: ComplaintsQuery },
  responses: { 200: jsonOk(ComplaintPage) },
});
const get = apiRoute("complaints.read", {
  method: "get",
  path: "/api/v1/complaints/{id}",
  tags: ["complaints"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Complaint) },
});
const photo = apiRoute("complaints.read", {
  method: "get",
  path: "/api/v1/complaints/{id}/photo",
  tags: ["complaints"],
  request: { params: IdParam },
  responses: { 200: imageOk("the complaint's photo") },
});
const answer = apiRoute(COMPLAINT_TRANSITIONS.answer.permission, {
  method: "post",
  path: "/api/v1/complaints/{id}/answer",
  tags: ["complaints"],
  summary: "The school answers (open → answered); the tracking code shows the answer",
  request: { params: IdParam, body: jsonBody(ComplaintNote) },
  responses: { 200: jsonOk(Complaint) },
});
const returnIt = apiRoute(COMPLAINT_TRANSITIONS.return.permission, {
  method: "post",
  path: "/api/v1/complaints/{id}/return",
  tags: ["complaints"],
  summary: "The regulator returns the school's answer with a reason (answered → open)",
  request: { params: IdParam, body: jsonBody(ComplaintNote) },
  responses: { 200: jsonOk(Complaint) },
});
const escalate = apiRoute(COMPLAINT_TRANSITIONS.escalate.permission, {
  method: "post",
  path: "/api/v1/complaints/{id}/escalate",
  tags: ["complaints"],
  summary: "The regulator escalates an overdue, unanswered complaint (409 when not overdue)",
  request: { params: IdParam, body: optionalJsonBody(OptionalNote) },
  responses: { 200: jsonOk(Complaint) },
});
const close = apiRoute(COMPLAINT_TRANSITIONS.close.permission, {
  method: "post",
  path: "/api/v1/complaints/{id}/close",
  tags: ["complaints"],
  summary: "The regulator closes an answered complaint (answered → closed)",
  request: { params: IdParam, body: optionalJsonBody(OptionalNote) },
  responses: { 200: jsonOk(Complaint) },
});

const toOrder = apiRoute(COMPLAINT_TRANSITIONS.order.permission, {
  method: "post",
  path: "/api/v1/complaints/{id}/order",
  tags: ["complaints"],
  summary: "投诉转整改: the district regulator turns an open or answered complaint into a rectification order (once; 409 after)",
  request: { params: IdParam, body: jsonBody(ComplaintOrder) },
  responses: { 201: jsonOk(Order, "issued") },
});

export function complaintRoutes(app: App) {
  const addressOf = (c: Parameters<Parameters<typeof app.openapi>[1]>[0]) =>
    clientAddress(c.var.deps.peerAddress?.(c) ?? null, c.req.header("x-forwarded-for"), c.var.deps.config.trustedProxies);
  app.openapi(file, async (c) => {
    const form = c.req.valid("form");
    // an empty file part or field is no photo
    const given = form.photo === undefined || form.photo === "" || (form.photo instanceof File && form.photo.size === 0) ? undefined : form.photo;
    const [image] = given === undefined ? [] : await imageParts(given, "photo", { min: 1, max: 1, maxBytes: MAX_COMPLAINT_PHOTO_BYTES });
    const input = { category: form.category, text: form.text, phone: form.phone || undefined };
    return c.json(await fileComplaint(c.var.deps, c.req.valid("param").slug, input, image ?? null, addressOf(c)), 201);
  });
  app.openapi(rate, async (c) => c.json(await rateCanteen(c.var.deps, c.req.valid("param").slug, c.req.valid("json"), addressOf(c)), 201));
  app.openapi(track, async (c) => c.json(await trackComplaint(c.var.deps, c.req.valid("param").code), 200));
  app.openapi(list, async (c) => c.json(await listComplaints(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(get, async (c) => c.json(await getComplaint(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(photo, async (c) => complaintPhoto(c.var.deps, c.var.scope, c.req.valid("param").id));
  app.openapi(answer, async (c) => c.json(await transitionComplaint(callerOf(c), c.req.valid("param").id, "answer", c.req.valid("json").note), 200));
  app.openapi(returnIt, async (c) => c.json(await transitionComplaint(callerOf(c), c.req.valid("param").id, "return", c.req.valid("json").note), 200));
  app.openapi(escalate, async (c) => c.json(await transitionComplaint(callerOf(c), c.req.valid("param").id, "escalate", c.req.valid("json").note ?? null), 200));
  app.openapi(toOrder, async (c) => c.json(await orderFromComplaint(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(close, async (c) => c.json(await transitionComplaint(callerOf(c), c.req.valid("param").id, "close", c.req.valid("json").note ?? null), 200));
}
