import * as service from "./gateway-service.ts";
import { CreatedGateway, CreateGateway, Gateway, GatewayList, GatewaysQuery } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const listGateways = apiRoute("gateways.manage", {
  method: "get",
  path: "/api/v1/gateways",
  tags: ["gateways"],
  request: { query: GatewaysQuery },
  responses: { 200: jsonOk(GatewayList) },
});
const createGateway = apiRoute("gateways.manage", {
  method: "post",
  path: "/api/v1/gateways",
  tags: ["gateways"],
  summary: "Register an edge gateway; the device token is in this response only",
  request: { body: jsonBody(CreateGateway) },
  responses: { 201: jsonOk(CreatedGateway, "created") },
});
const revokeGateway = apiRoute("gateways.manage", {
  method: "post",
  path: "/api/v1/gateways/{id}/revoke",
  tags: ["gateways"],
  summary: "Revoke the gateway's device token (idempotent)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Gateway) },
});


export function gatewayRoutes(app: App) {
  app.openapi(listGateways, async (c) => c.json(await service.listGateways(callerOf(c), { query: c.req.valid("query") }), 200));

  app.openapi(createGateway, async (c) => c.json(await service.createGateway(callerOf(c), { json: c.req.valid("json") }), 201));

  app.openapi(revokeGateway, async (c) => c.json(await service.revokeGateway(callerOf(c), { param: c.req.valid("param") }), 200));
}
