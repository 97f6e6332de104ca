import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { CreateSensor, CycleList, CyclesQuery, Sensor, SensorList, SensorSeries, SensorsQuery, SeriesQuery, UpdateSensor } from "./contracts.ts";
import { createSensor, listCycles, listSensors, sensorSeries, updateSensor } from "./service.ts";

const tags = ["sensors"];
const list = apiRoute("sensors.read", {
  method: "get",
  path: "/api/v1/sensors",
  tags,
  summary: "可感测: a canteen's IoT sensors (fridges, cold rooms, 留样 cabinets, UV lamps, disinfection cabinets) with their latest reading and open alert; cameraId: those beside one camera",
  request: { query: SensorsQuery },
  responses: { 200: jsonOk(SensorList) },
});
const cycles = apiRoute("sensors.read", {
  method: "get",
  path: "/api/v1/sensors/cycles",
  tags,
  summary: "The runs of a canteen's UV lamps and disinfection cabinets on a day (China time); a cabinet's run carries the 消毒台账 draft",
  request: { query: CyclesQuery },
  responses: { 200: jsonOk(CycleList) },
});
const create = apiRoute("sensors.manage", {
  method: "post",
  path: "/api/v1/sensors",
  tags,
  summary: "Register a sensor: its kind, the area (and camera) it sits beside, its MQTT topic at the school's broker, the gateway that subscribes, thresholds over the kind's defaults",
  request: { body: jsonBody(CreateSensor) },
  responses: { 201: jsonOk(Sensor, "registered") },
});
const update = apiRoute("sensors.manage", {
  method: "patch",
  path: "/api/v1/sensors/{id}",
  tags,
  summary: "Change a sensor's name, camera, gateway, topic or thresholds (null: back to the kind's defaults)",
  request: { params: IdParam, body: jsonBody(UpdateSensor) },
  responses: { 200: jsonOk(Sensor) },
});
const series = apiRoute("sensors.read", {
  method: "get",
  path: "/api/v1/sensors/{id}/readings",
  tags,
  summary: "A sensor's readings between from and to (default: the last 6 hours): raw up to 48 hours, else the hourly roll-up (min/max/avg)",
  request: { params: IdParam, query: SeriesQuery },
  responses: { 200: jsonOk(SensorSeries) },
});

export function sensorRoutes(app: App) {
  app.openapi(list, async (c) => c.json(await listSensors(callerOf(c), c.req.valid("query")), 200));
  app.openapi(cycles, async (c) => c.json(await listCycles(callerOf(c), c.req.valid("query")), 200));
  app.openapi(create, async (c) => c.json(await createSensor(callerOf(c), c.req.valid("json")), 201));
  app.openapi(update, async (c) => c.json(await updateSensor(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(series, async (c) => c.json(await sensorSeries(callerOf(c), c.req.valid("param").id, c.req.valid("query")), 200));
}
