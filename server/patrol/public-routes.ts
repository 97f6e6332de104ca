import { IdParam, RegionCode } from "../contracts/common.ts";
import { z } from "zod";
import type { App } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { PublicDraw, PublicDrawList } from "./contracts.ts";
import { publicDraw, publicRegionDraws } from "./public.ts";

const one = apiRoute("public", {
  method: "get",
  path: "/api/v1/public/draws/{id}",
  tags: ["public"],
  summary: "一公开: a committed draw's commitment; its seed, selection and outcomes once its checks are done",
  request: { params: IdParam },
  responses: { 200: jsonOk(PublicDraw) },
});
const ofRegion = apiRoute("public", {
  method: "get",
  path: "/api/v1/public/regions/{code}/draws",
  tags: ["public"],
  summary: "一公开: the draws of a region and below it, newest first",
  request: { params: z.strictObject({ code: RegionCode }) },
  responses: { 200: jsonOk(PublicDrawList) },
});

export function publicPatrolRoutes(app: App) {
  app.openapi(one, async (c) => c.json(await publicDraw(c.var.deps.db, c.req.valid("param").id), 200));
  app.openapi(ofRegion, async (c) => c.json(await publicRegionDraws(c.var.deps.db, c.req.valid("param").code), 200));
}
