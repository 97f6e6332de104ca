import { z } from "@hono/zod-openapi";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { CreateOrg, Org, OrgPage, OrgsQuery, Region, RegionsQuery, SchoolPage, SchoolsQuery, UpdateOrg } from "./contracts.ts";
import * as service from "./service.ts";

const listRegions = apiRoute("self", {
  method: "get",
  path: "/api/v1/regions",
  tags: ["orgs"],
  summary: "Administrative regions (GB/T 2260); top level when no parent is given",
  request: { query: RegionsQuery },
  responses: { 200: jsonOk(z.object({ items: z.array(Region) })) },
});

const listOrgs = apiRoute("orgs.read", {
  method: "get",
  path: "/api/v1/orgs",
  tags: ["orgs"],
  summary: "Organisations in the caller's jurisdiction",
  request: { query: OrgsQuery },
  responses: { 200: jsonOk(OrgPage) },
});

const getOrg = apiRoute("orgs.read", {
  method: "get",
  path: "/api/v1/orgs/{id}",
  tags: ["orgs"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Org) },
});

const createOrg = apiRoute("orgs.manage", {
  method: "post",
  path: "/api/v1/orgs",
  tags: ["orgs"],
  summary: "Register a regulator, education bureau, school or supplier in a region of the caller's jurisdiction",
  request: { body: jsonBody(CreateOrg) },
  responses: { 201: jsonOk(Org, "created") },
});

const updateOrg = apiRoute("orgs.manage", {
  method: "patch",
  path: "/api/v1/orgs/{id}",
  tags: ["orgs"],
  request: { params: IdParam, body: jsonBody(UpdateOrg) },
  responses: { 200: jsonOk(Org) },
});

const listSchools = apiRoute("schools.read", {
  method: "get",
  path: "/api/v1/schools",
  tags: ["orgs"],
  summary: "Schools in scope with canteen, camera and online-camera counts (the regulator's home)",
  request: { query: SchoolsQuery },
  responses: { 200: jsonOk(SchoolPage) },
});

export function orgRoutes(app: App) {
  app.openapi(listRegions, async (c) => c.json(await service.listRegions(c.var.deps.db, c.req.valid("query").parent), 200));
  app.openapi(listOrgs, async (c) => c.json(await service.listOrgs(c.var.deps.db, c.var.scope, c.req.valid("query")), 200));
  app.openapi(getOrg, async (c) => c.json(await service.getOrg(c.var.deps.db, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(createOrg, async (c) => c.json(await service.createOrg(callerOf(c), c.req.valid("json")), 201));
  app.openapi(updateOrg, async (c) => c.json(await service.updateOrg(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(listSchools, async (c) => c.json(await service.listSchools(c.var.deps, c.var.scope, c.req.valid("query")), 200));
}
