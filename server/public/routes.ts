import { IdParam } from "../contracts/common.ts";
import { clientAddress } from "../http/client-address.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { SlugParam } from "../complaints/contracts.ts";
import { Disclosure, PublicCanteen, PublicLiveToken, UpdateDisclosure } from "./contracts.ts";
import { getDisclosure, updateDisclosure } from "./disclosure.ts";
import { publicLiveToken } from "./live.ts";
import { publicCanteen } from "./service.ts";

const page = apiRoute("public", {
  method: "get",
  path: "/api/v1/public/canteens/{slug}",
  tags: ["public"],
  summary: "The canteen's public page (its QR code): licence, 量化等级, inspections and orders without personal data, hotlines, public cameras' hours",
  request: { params: SlugParam },
  responses: { 200: jsonOk(PublicCanteen) },
});

const liveToken = apiRoute("public", {
  method: "post",
  path: "/api/v1/public/canteens/{slug}/live-token",
  tags: ["public"],
  summary: "An anonymous subscribe-only token for the public cameras during the school's hours (403 closed, naming the next opening; 429 viewer cap or too many from one address)",
  request: { params: SlugParam },
  responses: { 200: jsonOk(PublicLiveToken) },
});
const disclosure = apiRoute("canteens.manage", {
  method: "put",
  path: "/api/v1/canteens/{id}/disclosure",
  tags: ["public"],
  summary: "What the public page discloses beyond the canteen: the licence's validity, the public cameras' hours (China time, both or neither, opening first) and viewer cap; audited",
  request: { params: IdParam, body: jsonBody(UpdateDisclosure) },
  responses: { 200: jsonOk(Disclosure) },
});

const readDisclosure = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/canteens/{id}/disclosure",
  tags: ["public"],
  summary: "What the public page discloses beyond the canteen, as the school set it (defaults until then)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Disclosure) },
});

export function publicRoutes(app: App) {
  app.openapi(readDisclosure, async (c) => c.json(await getDisclosure(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(liveToken, async (c) => {
    const address = clientAddress(c.var.deps.peerAddress?.(c) ?? null, c.req.header("x-forwarded-for"), c.var.deps.config.trustedProxies);
    return c.json(await publicLiveToken(c.var.deps, c.req.valid("param").slug, address), 200);
  });
  app.openapi(disclosure, async (c) => c.json(await updateDisclosure(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(page, async (c) => {
    c.header("Cache-Control", "public, max-age=30");
    return c.json(await publicCanteen(c.var.deps, c.req.valid("param").slug), 200);
  });
}
