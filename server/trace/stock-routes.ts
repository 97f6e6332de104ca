import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import {
  BatchTrace, ChainVerification, CreateMove, DishTrace, Menu, MenuQuery, MovesQuery, RecordUse, SetMenu, Stock, StockMove, StockMovePage, UseResult, WarningList, WarningsOverview, WarningsOverviewQuery, WarningsQuery,
} from "./contracts.ts";
import { traceBatch, traceDish } from "./follow.ts";
import { menuOf, setMenu } from "./menus.ts";
import { canteenStock, getMove, listMoves, verifyStock } from "./stock.ts";
import { createMove, recordUse } from "./uses.ts";
import { listWarnings, warningsOverview } from "./warnings.ts";

/** The stock ledger, menus, one-click trace and warnings (issue 15, items 3–5). */
const tags = ["trace"];

const stockRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/stock",
  tags,
  summary: "Stock on hand per product and batch, FIFO by expiry (expired batches marked)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Stock) },
});
const movesRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/stock-moves",
  tags,
  summary: "The canteen's stock moves, newest first, each with its chain hash",
  request: { params: IdParam, query: MovesQuery },
  responses: { 200: jsonOk(StockMovePage) },
});
const createMoveRoute = apiRoute("trace.receive", {
  method: "post",
  path: "/api/v1/trace/canteens/{id}/stock-moves",
  tags,
  summary: "A batch returned, discarded, or a compensating correction (with a reason); never below zero (409 with the stock)",
  request: { params: IdParam, body: jsonBody(CreateMove) },
  responses: { 201: jsonOk(StockMove, "recorded") },
});
const getMoveRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/stock-moves/{id}",
  tags,
  summary: "One stock move (moves are append-only: there is no edit nor delete)",
  request: { params: IdParam },
  responses: { 200: jsonOk(StockMove) },
});
const verifyRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/stock-moves/verify",
  tags,
  summary: "Recomputes the canteen's stock chain: an edited, deleted or inserted move is named",
  request: { params: IdParam },
  responses: { 200: jsonOk(ChainVerification) },
});
const setMenuRoute = apiRoute("trace.manage", {
  method: "post",
  path: "/api/v1/trace/menus",
  tags,
  summary: "Sets one meal's dishes with their 带量食谱 (portion per student); refused once its use is recorded",
  request: { body: jsonBody(SetMenu) },
  responses: { 201: jsonOk(Menu, "set") },
});
const menuRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/menus",
  tags,
  summary: "The canteen's menu over a period (default this week): planned use per product against the use recorded",
  request: { params: IdParam, query: MenuQuery },
  responses: { 200: jsonOk(Menu) },
});
const useRoute = apiRoute("trace.receive", {
  method: "post",
  path: "/api/v1/trace/dishes/{id}/uses",
  tags,
  summary: "Records the day's use of a dish: taken FIFO by expiry (or from a named batch); more than on hand is a 409 with the stock",
  request: { params: IdParam, body: jsonBody(RecordUse) },
  responses: { 201: jsonOk(UseResult, "recorded") },
});
const dishTraceRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/dishes/{id}/trace",
  tags,
  summary: "Backward trace: the batches a dish used, their deliveries, suppliers, origin and documents",
  request: { params: IdParam },
  responses: { 200: jsonOk(DishTrace) },
});
const batchTraceRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/lines/{id}/trace",
  tags,
  summary: "Forward trace (recall): every meal and canteen that used the batch (the same supplier's batch number in scope)",
  request: { params: IdParam },
  responses: { 200: jsonOk(BatchTrace) },
});
const warningsRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/warnings",
  tags,
  summary: "Traceability warnings (stock going negative, expired batch used, supplier licence expired, use off plan, over-delivery)",
  request: { query: WarningsQuery },
  responses: { 200: jsonOk(WarningList) },
});
const overviewRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/warnings/overview",
  tags,
  summary: "A month's warnings per district and kind in the caller's jurisdiction",
  request: { query: WarningsOverviewQuery },
  responses: { 200: jsonOk(WarningsOverview) },
});

export function traceStockRoutes(app: App) {
  app.openapi(stockRoute, async (c) => c.json(await canteenStock(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(movesRoute, async (c) => c.json(await listMoves(c.var.deps, c.var.scope, c.req.valid("param").id, c.req.valid("query")), 200));
  app.openapi(createMoveRoute, async (c) => c.json(await createMove(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(getMoveRoute, async (c) => c.json(await getMove(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(verifyRoute, async (c) => c.json(await verifyStock(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(setMenuRoute, async (c) => c.json(await setMenu(callerOf(c), c.req.valid("json")), 201));
  app.openapi(menuRoute, async (c) => c.json(await menuOf(c.var.deps, c.var.scope, c.req.valid("param").id, c.req.valid("query")), 200));
  app.openapi(useRoute, async (c) => c.json(await recordUse(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(dishTraceRoute, async (c) => c.json(await traceDish(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(batchTraceRoute, async (c) => c.json(await traceBatch(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(warningsRoute, async (c) => c.json(await listWarnings(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(overviewRoute, async (c) => c.json(await warningsOverview(c.var.deps, c.var.scope, c.req.valid("query")), 200));
}
