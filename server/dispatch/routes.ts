import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { Notice, NoticePage, NoticesQuery, SendNotice } from "./contracts.ts";
import { getNotice, listNotices, readNotice, sendNotice } from "./service.ts";

const tags = ["dispatch"];
const send = apiRoute("notices.send", {
  method: "post",
  path: "/api/v1/notices",
  tags,
  summary: "应急指挥调度: broadcast a notice to every school of a region in the caller's jurisdiction (their to-do and a banner in their live rooms); a region out of scope answers 404",
  request: { body: jsonBody(SendNotice) },
  responses: { 201: jsonOk(Notice, "sent") },
});
const list = apiRoute("notices.read", {
  method: "get",
  path: "/api/v1/notices",
  tags,
  summary: "Dispatch notices, newest first: a region's for its regulators and bureaus (with read counts), those sent to a school for the school (with its receipt)",
  request: { query: NoticesQuery },
  responses: { 200: jsonOk(NoticePage) },
});
const get = apiRoute("notices.read", {
  method: "get",
  path: "/api/v1/notices/{id}",
  tags,
  summary: "One notice with the per-school read receipts in the caller's scope and each school's canteens (实时查看)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Notice) },
});
const read = apiRoute("notices.ack", {
  method: "post",
  path: "/api/v1/notices/{id}/read",
  tags,
  summary: "已读: the caller's school signs for the notice (who, when); reading again changes nothing",
  request: { params: IdParam },
  responses: { 200: jsonOk(Notice) },
});

export function dispatchRoutes(app: App) {
  app.openapi(send, async (c) => c.json(await sendNotice(callerOf(c), c.req.valid("json")), 201));
  app.openapi(list, async (c) => c.json(await listNotices(callerOf(c), c.req.valid("query")), 200));
  app.openapi(get, async (c) => c.json(await getNotice(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(read, async (c) => c.json(await readNotice(callerOf(c), c.req.valid("param").id), 200));
}
