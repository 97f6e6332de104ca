import { IdParam, Ok } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { GbDevice, GbDeviceCreate, GbDeviceList, GbDevicesQuery } from "./contracts.ts";
import * as service from "./service.ts";

const listDevices = apiRoute("canteens.manage", {
  method: "get",
  path: "/api/v1/gb28181/devices",
  tags: ["gb28181"],
  summary: "The canteen's GB/T 28181 devices, their state and the channels of their catalog (password never shown)",
  request: { query: GbDevicesQuery },
  responses: { 200: jsonOk(GbDeviceList) },
});
const createDevice = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/gb28181/devices",
  tags: ["gb28181"],
  summary: "Adds a GB/T 28181 device (id and SIP password); the canteen's gateways accept its registration",
  request: { body: jsonBody(GbDeviceCreate) },
  responses: { 201: jsonOk(GbDevice, "created") },
});
const deleteDevice = apiRoute("canteens.manage", {
  method: "delete",
  path: "/api/v1/gb28181/devices/{id}",
  tags: ["gb28181"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Ok) },
});

export function gb28181Routes(app: App) {
  app.openapi(listDevices, async (c) => c.json(await service.listDevices(callerOf(c), { query: c.req.valid("query") }), 200));
  app.openapi(createDevice, async (c) => c.json(await service.createDevice(callerOf(c), { json: c.req.valid("json") }), 201));
  app.openapi(deleteDevice, async (c) => c.json(await service.deleteDevice(callerOf(c), { param: c.req.valid("param") }), 200));
}
