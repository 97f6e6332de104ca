import * as service from "./service.ts";
import { gatewayEndedPlayback } from "./playback.ts";
import { Ok } from "../contracts/common.ts";
import { PlaybackEnded } from "./playback-contracts.ts";
import { IdParam } from "../contracts/common.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { AnchorBatch, AnchorResult, ChallengeAnswer, ChallengeList, ChallengeResult } from "./contracts.ts";

const anchors = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/recordings/anchors",
  tags: ["gateway"],
  summary: "A gateway's recording chain heads (hourly, at shutdown, and those queued while the API was unreachable) with the links since the last one",
  request: { body: jsonBody(AnchorBatch) },
  responses: { 200: jsonOk(AnchorResult) },
});

const challenges = apiRoute("device", {
  method: "get",
  path: "/api/v1/gateway/recordings/challenges",
  tags: ["gateway"],
  summary: "The segments the API asks this gateway to upload (random, inside the retention window)",
  responses: { 200: jsonOk(ChallengeList) },
});

const answer = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/recordings/challenges/{id}",
  tags: ["gateway"],
  summary: "The challenged segment's bytes and the links around it; the API hashes them and checks them against its anchors",
  request: { params: IdParam, body: jsonBody(ChallengeAnswer) },
  responses: { 200: jsonOk(ChallengeResult) },
});

const ended = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/playbacks/{id}/ended",
  tags: ["gateway"],
  summary: "The gateway ended a playback (nobody watched for 60 s, the recording ran out, ffmpeg failed, over PLAYBACK_MAX)",
  request: { params: IdParam, body: jsonBody(PlaybackEnded) },
  responses: { 200: jsonOk(Ok) },
});

export function recordDeviceRoutes(app: App) {
  app.openapi(anchors, async (c) => c.json(await service.ingestAnchors(c.var.deps, c.var.gateway, c.req.valid("json")), 200));
  app.openapi(challenges, async (c) => c.json(await service.openChallenges(c.var.deps, c.var.gateway), 200));
  app.openapi(answer, async (c) => c.json(await service.answerChallenge(c.var.deps, c.var.gateway, c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(ended, async (c) => c.json(await gatewayEndedPlayback(c.var.deps, c.var.gateway, c.req.valid("param").id, c.req.valid("json")), 200));
}
