import { type App } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { IdParam } from "../contracts/common.ts";
import { CameraList, MapOutlines, MapQuery, Overview, OverviewQuery, Ranking, ReportFileQuery, ReportList, ReportQuery, SchoolMap, Survey, SurveyQuery, UnitFile } from "./contracts.ts";
import { mapOutlines, schoolMap } from "./map.ts";
import { ranking } from "./ranking.ts";
import { REPORT_TYPES, reportFile } from "./report.ts";
import { listReports } from "./reports.ts";
import { overview, overviewCameras } from "./service.ts";
import { survey } from "./survey.ts";
import { unitFile } from "./unit.ts";

const tags = ["overview"];
const overviewRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview",
  tags,
  summary: "首页驾驶舱: coverage, camera online rate (now and over the period), AI alerts' disposal, orders, patrol coverage, ledgers, complaints of a region (default the caller's) or a school, with a row per sub-area and the list behind each figure",
  request: { query: OverviewQuery },
  responses: { 200: jsonOk(Overview) },
});
const camerasRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/cameras",
  tags,
  summary: "The list behind the online rate: the area's cameras, worst first, each with its rate and offline windows over the period",
  request: { query: OverviewQuery },
  responses: { 200: jsonOk(CameraList) },
});
const surveyRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/survey",
  tags,
  summary: "摸底: school canteens in four categories (platform and video, platform only, video only, neither) per region, and the units still to connect",
  request: { query: SurveyQuery },
  responses: { 200: jsonOk(Survey) },
});
const rankingRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/ranking",
  tags,
  summary: "The monthly progress and ranking of a region's sub-regions and schools by the scored targets (the current month provisional)",
  request: { query: ReportQuery },
  responses: { 200: jsonOk(Ranking) },
});
const reportRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/report",
  tags,
  summary: "The monthly report as an .xlsx workbook or a PDF; its figures are the ranking's (and the overview's for the same period)",
  request: { query: ReportFileQuery },
  responses: {
    200: {
      description: "the file (content-disposition: attachment)",
      content: { [REPORT_TYPES.xlsx]: { schema: { type: "string" as const, format: "binary" } }, [REPORT_TYPES.pdf]: { schema: { type: "string" as const, format: "binary" } } },
    },
  },
});

const unitRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/units/{id}",
  tags,
  summary: "一户一档: one school's file — canteens with licence and grade, the last 30 days' figures, cameras with their online rate and offline windows, the latest inspections, orders, alerts and complaints",
  request: { params: IdParam },
  responses: { 200: jsonOk(UnitFile) },
});

const reportsRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/reports",
  tags,
  summary: "The monthly reports kept for a region: the edition of the report day (default the 25th) and the final one of each closed month",
  request: { query: SurveyQuery },
  responses: { 200: jsonOk(ReportList) },
});

const mapRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/map",
  tags,
  summary: "食安地图: the schools of a region (default the caller's) with their position and state — cameras online now, open alerts, risk grade — as columns (one array per field), for 20,000 points",
  request: { query: MapQuery },
  responses: { 200: jsonOk(SchoolMap) },
});
const outlinesRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/overview/map/outlines",
  tags,
  summary: "The map's region outlines (GeoJSON) of a region and the regions below it: the operator's official map (MAP_GEOJSON_FILE, with its 审图号) or the product's illustrative (示意) ones",
  request: { query: MapQuery },
  responses: { 200: jsonOk(MapOutlines) },
});

export function overviewRoutes(app: App) {
  app.openapi(overviewRoute, async (c) => c.json(await overview(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(camerasRoute, async (c) => c.json(await overviewCameras(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(surveyRoute, async (c) => c.json(await survey(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(rankingRoute, async (c) => c.json(await ranking(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(unitRoute, async (c) => c.json(await unitFile(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(reportsRoute, async (c) => c.json(await listReports(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(mapRoute, async (c) => {
    const map = await schoolMap(c.var.deps, c.var.scope, c.req.valid("query"));
    // a snapshot is sent as stored (already the contract's JSON)
    return "json" in map ? (c.body(map.json, 200, { "content-type": "application/json; charset=utf-8" }) as never) : c.json(map, 200);
  });
  app.openapi(outlinesRoute, async (c) => c.json(await mapOutlines(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(reportRoute, async (c) => reportFile(c.var.deps, c.var.scope, c.req.valid("query")));
}
