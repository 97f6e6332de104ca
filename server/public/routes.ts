import type { App } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { SlugParam } from "../complaints/contracts.ts";
import { PublicCanteen } from "./contracts.ts";
import { publicCanteen } from "./service.ts";

const page = apiRoute("public", {
  method: "get",
  path: "/api/v1/public/canteens/{slug}",
  tags: ["public"],
  summary: "The canteen's public page (its QR code): licence, 量化等级, inspections and orders without personal data, hotlines, public cameras' hours",
  request: { params: SlugParam },
  responses: { 200: jsonOk(PublicCanteen) },
});

export function publicRoutes(app: App) {
  app.openapi(page, async (c) => {
    c.header("Cache-Control", "public, max-age=30");
    return c.json(await publicCanteen(c.var.deps, c.req.valid("param").slug), 200);
  });
}
