import { type App } from "../http/env.ts";
import { apiRoute } from "../http/route.ts";
import { RegionPage, RegionPageQuery, SchoolPage, SchoolPageQuery, UnitPage } from "./contracts.ts";
import { answerPage, CSV_TYPE } from "./respond.ts";
import { REGION_KEYS, SCHOOL_KEYS, UNIT_KEYS, unitCsvRow } from "./rows.ts";
import { regionFigures, schoolFigures, unitFiles } from "./service.ts";

/**
 * Data exchange for the provincial platform (issue 16, item 9). Read with the overview's permission: it exposes
 * exactly what the overview and the unit files show the same caller, nothing more, so a separate permission would
 * grant nothing new. The platform calls with a regulator account's bearer token (DESIGN §6: the API knows user
 * sessions and gateways' device tokens, no third kind of machine client).
 */

const tags = ["exchange"];
const PAGED = "Paged by the cursor of the API's lists (`nextCursor`; also the X-Next-Cursor header and a Link rel=\"next\", which is all a CSV page has). JSON by default; CSV (UTF-8 with BOM, a header row of the JSON keys, RFC 4180 quoting) with format=csv or Accept: text/csv.";
const csvText = (columns: readonly string[]) => ({ schema: { type: "string" as const, description: `columns: ${columns.join(", ")}` } });
const pageHeaders = {
  "X-Next-Cursor": { description: "the next page's cursor; absent on the last page", schema: { type: "string" as const } },
  Link: { description: "<the next page's URL>; rel=\"next\"; absent on the last page", schema: { type: "string" as const } },
};
const answers = <T>(schema: T, columns: readonly string[]) => ({
  200: { description: "a page of rows", headers: pageHeaders, content: { "application/json": { schema }, [CSV_TYPE]: csvText(columns) } },
});

const schoolsRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/exchange/schools",
  tags,
  summary: "数据交换: the overview's figures of each school in the caller's scope below a region (coverage, online rate over the period, AI alerts' disposal, orders, patrol coverage, ledgers, complaints), one row per school by (region code, id)",
  description: PAGED,
  request: { query: SchoolPageQuery },
  responses: answers(SchoolPage, SCHOOL_KEYS),
});
const regionsRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/exchange/regions",
  tags,
  summary: "数据交换: the overview's figures of a region and of every city and district below it, one row per region by code",
  description: PAGED,
  request: { query: RegionPageQuery },
  responses: answers(RegionPage, REGION_KEYS),
});
const unitsRoute = apiRoute("overview.read", {
  method: "get",
  path: "/api/v1/exchange/units",
  tags,
  summary: "数据交换: 一户一档 as a list — each school with its canteens (licence, 量化等级, cameras and their online rate) and the period's inspections, orders, AI alerts and complaints",
  description: `${PAGED} A CSV line joins a school's canteens' fields with ";" in the same order; the JSON carries them whole, cameras included.`,
  request: { query: SchoolPageQuery },
  responses: answers(UnitPage, UNIT_KEYS),
});

export function exchangeRoutes(app: App) {
  app.openapi(schoolsRoute, async (c) => {
    const q = c.req.valid("query");
    return answerPage(c, await schoolFigures(c.var.deps, c.var.scope, q), { name: "schools", columns: SCHOOL_KEYS, row: (r) => r }, q.format);
  });
  app.openapi(regionsRoute, async (c) => {
    const q = c.req.valid("query");
    return answerPage(c, await regionFigures(c.var.deps, c.var.scope, q), { name: "regions", columns: REGION_KEYS, row: (r) => r }, q.format);
  });
  app.openapi(unitsRoute, async (c) => {
    const q = c.req.valid("query");
    return answerPage(c, await unitFiles(c.var.deps, c.var.scope, q), { name: "units", columns: UNIT_KEYS, row: unitCsvRow }, q.format);
  });
}
