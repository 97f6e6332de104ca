import { z } from "zod";
import { Id, IdParam } from "../contracts/common.ts";
import { Camera } from "../canteens/contracts.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { OnvifAddBody, OnvifProfilesBody, OnvifRequestView } from "./contracts.ts";
import * as service from "./service.ts";

const GatewayParam = z.strictObject({ gatewayId: Id });

const discover = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/gateways/{gatewayId}/onvif/discoveries",
  tags: ["onvif"],
  summary: "发现摄像头: the gateway probes its LAN for ONVIF cameras (WS-Discovery); poll the request for what answered. 503 while the gateway is offline",
  request: { params: GatewayParam },
  responses: { 202: jsonOk(OnvifRequestView, "sent to the gateway") },
});
const profiles = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/gateways/{gatewayId}/onvif/profiles",
  tags: ["onvif"],
  summary: "The gateway reads one device's profiles and stream URIs with these credentials (used for this request only, never kept); poll the request",
  request: { params: GatewayParam, body: jsonBody(OnvifProfilesBody) },
  responses: { 202: jsonOk(OnvifRequestView, "sent to the gateway") },
});
const read = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/onvif/requests/{id}",
  tags: ["onvif"],
  summary: "A discovery or profiles request: pending, done (the devices found, or the device's profiles) or failed (why: wrong credentials, unreachable, no answer in time)",
  request: { params: IdParam },
  responses: { 200: jsonOk(OnvifRequestView) },
});
const add = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/onvif/cameras",
  tags: ["onvif"],
  summary: "Adds a profile of a device whose profiles were read as a camera on that gateway (source onvif://user:••••@…, PTZ from the profile)",
  request: { body: jsonBody(OnvifAddBody) },
  responses: { 201: jsonOk(Camera, "created") },
});

export function onvifRoutes(app: App) {
  app.openapi(discover, async (c) => c.json(await service.startDiscovery(callerOf(c), c.req.valid("param").gatewayId), 202));
  app.openapi(profiles, async (c) => c.json(await service.readProfiles(callerOf(c), c.req.valid("param").gatewayId, c.req.valid("json")), 202));
  app.openapi(read, async (c) => c.json(await service.getRequest(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(add, async (c) => c.json(await service.addCamera(callerOf(c), c.req.valid("json")), 201));
}
