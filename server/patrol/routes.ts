import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { completeCheck, getCheck, myChecks } from "./checks.ts";
import { CompleteSpotCheck, Coverage, CoverageQuery, CreateDraw, Draw, DrawPage, DrawsQuery, PatchDraw, PublicDraw, RevealDraw, SpotCheck, SpotCheckList } from "./contracts.ts";
import { regionCoverage } from "./coverage.ts";
import { commitDraw, createDraw, getDraw, listDraws, patchDraw, revealDraw, verificationOf } from "./service.ts";

const tags = ["patrol"];
const listDrawsRoute = apiRoute("patrol.read", { method: "get", path: "/api/v1/patrol/draws", tags, request: { query: DrawsQuery }, responses: { 200: jsonOk(DrawPage) } });
const getDrawRoute = apiRoute("patrol.read", { method: "get", path: "/api/v1/patrol/draws/{id}", tags, request: { params: IdParam }, responses: { 200: jsonOk(Draw) } });
const verificationRoute = apiRoute("patrol.read", {
  method: "get",
  path: "/api/v1/patrol/draws/{id}/verification",
  tags,
  summary: "Everything the verify page needs, as soon as the draw is revealed (the public page waits until the checks are done)",
  request: { params: IdParam },
  responses: { 200: jsonOk(PublicDraw) },
});
const createDrawRoute = apiRoute("patrol.draw", {
  method: "post",
  path: "/api/v1/patrol/draws",
  tags,
  summary: "Define a 网上抽查 draw (a draft): candidates with their risk grades, rules, inspector pool",
  request: { body: jsonBody(CreateDraw) },
  responses: { 201: jsonOk(Draw, "defined") },
});
const patchDrawRoute = apiRoute("patrol.draw", {
  method: "patch",
  path: "/api/v1/patrol/draws/{id}",
  tags,
  summary: "Rename a draft or change its named public value (409 once committed)",
  request: { params: IdParam, body: jsonBody(PatchDraw) },
  responses: { 200: jsonOk(Draw) },
});
const commitRoute = apiRoute("patrol.draw", {
  method: "post",
  path: "/api/v1/patrol/draws/{id}/commit",
  tags,
  summary: "Publish the commitment: sha256 of the candidate list and rules, and of the server secret",
  request: { params: IdParam },
  responses: { 200: jsonOk(Draw) },
});
const revealRoute = apiRoute("patrol.draw", {
  method: "post",
  path: "/api/v1/patrol/draws/{id}/reveal",
  tags,
  summary: "Enter the named public value (once): the seed follows and the draw runs",
  request: { params: IdParam, body: jsonBody(RevealDraw) },
  responses: { 200: jsonOk(Draw) },
});
const myChecksRoute = apiRoute("patrol.check", { method: "get", path: "/api/v1/patrol/spot-checks", tags, summary: "The caller's assigned spot checks", responses: { 200: jsonOk(SpotCheckList) } });
const getCheckRoute = apiRoute("patrol.check", { method: "get", path: "/api/v1/patrol/spot-checks/{id}", tags, request: { params: IdParam }, responses: { 200: jsonOk(SpotCheck) } });
const completeCheckRoute = apiRoute("patrol.check", {
  method: "post",
  path: "/api/v1/patrol/spot-checks/{id}/complete",
  tags,
  summary: "合格 or 发现问题, by an assigned inspector",
  request: { params: IdParam, body: jsonBody(CompleteSpotCheck) },
  responses: { 200: jsonOk(SpotCheck) },
});
const coverageRoute = apiRoute("patrol.read", {
  method: "get",
  path: "/api/v1/patrol/coverage",
  tags,
  summary: "Coverage of a region's schools for a semester (or a period), per district",
  request: { query: CoverageQuery },
  responses: { 200: jsonOk(Coverage) },
});

export function patrolRoutes(app: App) {
  app.openapi(listDrawsRoute, async (c) => c.json(await listDraws(callerOf(c), c.req.valid("query")), 200));
  app.openapi(getDrawRoute, async (c) => c.json(await getDraw(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(verificationRoute, async (c) => c.json(await verificationOf(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(createDrawRoute, async (c) => c.json(await createDraw(callerOf(c), c.req.valid("json")), 201));
  app.openapi(patchDrawRoute, async (c) => c.json(await patchDraw(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(commitRoute, async (c) => c.json(await commitDraw(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(revealRoute, async (c) => c.json(await revealDraw(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(myChecksRoute, async (c) => c.json(await myChecks(callerOf(c)), 200));
  app.openapi(getCheckRoute, async (c) => c.json(await getCheck(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(completeCheckRoute, async (c) => c.json(await completeCheck(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(coverageRoute, async (c) => c.json(await regionCoverage(callerOf(c), c.req.valid("query")), 200));
}
