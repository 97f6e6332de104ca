import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { completeCheck, getCheck, myChecks } from "./checks.ts";
import { Cadence, CadenceQuery, RecordSelfCheck, SelfCheckRecord } from "./contracts.ts";
import { CreatePlan, NoticesQuery, PatrolNoticePage, Plan, PlanPage, PlanProgress, PlanProgressQuery, PlansQuery } from "./contracts.ts";
import { CompleteSpotCheck, Coverage, CoverageQuery, CreateDraw, Draw, DrawPage, DrawsQuery, PatchDraw, PublicDraw, RevealDraw, SpotCheck, SpotCheckList } from "./contracts.ts";
import { regionCoverage } from "./coverage.ts";
import { createPlan, listPlans, planProgress } from "./plans.ts";
import { listNotices } from "./lag.ts";
import { recordSelfCheck, regionCadence } from "./cadence.ts";
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

const listPlansRoute = apiRoute("patrol.read", { method: "get", path: "/api/v1/patrol/plans", tags, request: { query: PlansQuery }, responses: { 200: jsonOk(PlanPage) } });
const createPlanRoute = apiRoute("patrol.draw", {
  method: "post",
  path: "/api/v1/patrol/plans",
  tags,
  summary: "年度网上巡查工作计划 of a region: semesters, coverage (every school each semester), monthly quota per district",
  request: { body: jsonBody(CreatePlan) },
  responses: { 201: jsonOk(Plan, "made") },
});
const progressRoute = apiRoute("patrol.read", {
  method: "get",
  path: "/api/v1/patrol/plans/{id}/progress",
  tags,
  summary: "A plan's live progress: this semester's coverage per district, this month's patrols against each quota",
  request: { params: IdParam, query: PlanProgressQuery },
  responses: { 200: jsonOk(PlanProgress) },
});

const noticesRoute = apiRoute("patrol.read", {
  method: "get",
  path: "/api/v1/patrol/notices",
  tags,
  summary: "Districts behind their patrol plan (this semester's coverage or this month's quota), newest first: the regulators' to-do",
  request: { query: NoticesQuery },
  responses: { 200: jsonOk(PatrolNoticePage) },
});

const selfCheckRoute = apiRoute("selfcheck.record", {
  method: "post",
  path: "/api/v1/self-checks",
  tags,
  summary: "第十三条: the school's daily self-check or its leader's weekly patrol (leader_patrol: principal or director only), with the five areas",
  request: { body: jsonBody(RecordSelfCheck) },
  responses: { 201: jsonOk(SelfCheckRecord, "recorded") },
});
const cadenceRoute = apiRoute("patrol.read", {
  method: "get",
  path: "/api/v1/patrol/cadence",
  tags,
  summary: "The schools of a region missing daily self-checks this past week or this week's leader patrol (第十三条)",
  request: { query: CadenceQuery },
  responses: { 200: jsonOk(Cadence) },
});

export function patrolRoutes(app: App) {
  app.openapi(selfCheckRoute, async (c) => c.json(await recordSelfCheck(callerOf(c), c.req.valid("json")), 201));
  app.openapi(cadenceRoute, async (c) => c.json(await regionCadence(callerOf(c), c.req.valid("query")), 200));
  app.openapi(noticesRoute, async (c) => c.json(await listNotices(callerOf(c), c.req.valid("query")), 200));
  app.openapi(listPlansRoute, async (c) => c.json(await listPlans(callerOf(c), c.req.valid("query")), 200));
  app.openapi(createPlanRoute, async (c) => c.json(await createPlan(callerOf(c), c.req.valid("json")), 201));
  app.openapi(progressRoute, async (c) => c.json(await planProgress(callerOf(c), c.req.valid("param").id, c.req.valid("query")), 200));
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
