import * as service from "./service.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { RecordingDay, RecordingDayQuery } from "./contracts.ts";

const day = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/cameras/{id}/recordings",
  tags: ["recordings"],
  summary: "A camera's recorded share of a day (录像完整率) and its gaps with their reasons, from the gateway's anchored chain",
  request: { params: IdParam, query: RecordingDayQuery },
  responses: { 200: jsonOk(RecordingDay) },
});

export function recordRoutes(app: App) {
  app.openapi(day, async (c) => c.json(await service.cameraDay(callerOf(c), { param: c.req.valid("param"), query: c.req.valid("query") }), 200));
}
