import * as service from "./service.ts";
import * as playback from "./playback.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { RecordingDay, RecordingDayQuery } from "./contracts.ts";
import { Playback, PlaybackControl, PlaybackList, PlaybackStart } from "./playback-contracts.ts";

const day = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/cameras/{id}/recordings",
  tags: ["recordings"],
  summary: "A camera's recorded share of a day (录像完整率) and its gaps with their reasons, from the gateway's anchored chain",
  request: { params: IdParam, query: RecordingDayQuery },
  responses: { 200: jsonOk(RecordingDay) },
});

const start = apiRoute("recordings.read", {
  method: "post",
  path: "/api/v1/playback",
  tags: ["recordings"],
  summary: "Play a camera's recording from a time, together in the canteen's room (track playback:<id>); 400 naming the oldest recording, 503 gateway offline, 429 over PLAYBACK_MAX",
  request: { body: jsonBody(PlaybackStart) },
  responses: { 201: jsonOk(Playback, "started") },
});

const one = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/playback/{id}",
  tags: ["recordings"],
  summary: "A playback's state: the recording's time at an instant, speed, paused, ended",
  request: { params: IdParam },
  responses: { 200: jsonOk(Playback) },
});

const control = apiRoute("recordings.read", {
  method: "post",
  path: "/api/v1/playback/{id}/control",
  tags: ["recordings"],
  summary: "Pause, resume, seek, speed (1×/2×/4×/8×) or stop a playback, for everyone in the room; 409 once ended",
  request: { params: IdParam, body: jsonBody(PlaybackControl) },
  responses: { 200: jsonOk(Playback) },
});

const running = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/canteens/{id}/playbacks",
  tags: ["recordings"],
  summary: "The playbacks running in a canteen's room",
  request: { params: IdParam },
  responses: { 200: jsonOk(PlaybackList) },
});

export function recordRoutes(app: App) {
  app.openapi(day, async (c) => c.json(await service.cameraDay(callerOf(c), { param: c.req.valid("param"), query: c.req.valid("query") }), 200));
  app.openapi(start, async (c) => c.json(await playback.startPlayback(callerOf(c), c.req.valid("json")), 201));
  app.openapi(one, async (c) => c.json(await playback.getPlayback(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(control, async (c) => c.json(await playback.controlPlayback(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(running, async (c) => c.json(await playback.canteenPlaybacks(callerOf(c), c.req.valid("param").id), 200));
}
