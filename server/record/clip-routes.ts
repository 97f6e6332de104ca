import { z } from "zod";
import * as clips from "./clips.ts";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { Clip, ClipAttach, ClipCreate, ClipList, ClipManifest, ClipsQuery, ClipVerification, GatewayClipList, GatewayClipUpload } from "./clip-contracts.ts";

/** Evidence clips (视频抓拍, issue 19 item 5): the people's side and the gateway's. */

const create = apiRoute("recordings.read", {
  method: "post",
  path: "/api/v1/clips",
  tags: ["recordings"],
  summary: "Cut a clip (≤ 5 min) of a camera's recording on its gateway, optionally attached to an inspection, order, order problem (order_item) or alert; 400 reversed/over 5 min/future, 409 nothing recorded, 503 gateway offline",
  request: { body: jsonBody(ClipCreate) },
  responses: { 201: jsonOk(Clip, "asked for: pending until the gateway uploads it") },
});

const list = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/clips",
  tags: ["recordings"],
  summary: "A camera's, a canteen's or a target's (inspection, order — with its problems' —, order_item, alert) clips, newest first (100 at most)",
  request: { query: ClipsQuery },
  responses: { 200: jsonOk(ClipList) },
});

const one = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/clips/{id}",
  tags: ["recordings"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Clip) },
});

const attach = apiRoute("recordings.read", {
  method: "post",
  path: "/api/v1/clips/{id}/attachments",
  tags: ["recordings"],
  summary: "Attach a clip to an inspection, an order, one of its problems (order_item) or an alert of the same canteen (append-only); 404 out of scope, 409 another canteen",
  request: { params: IdParam, body: jsonBody(ClipAttach) },
  responses: { 200: jsonOk(Clip) },
});

const VideoQuery = z.strictObject({ download: z.enum(["1"]).optional() });
const video = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/clips/{id}/video",
  tags: ["recordings"],
  summary: "The clip's MP4 with HTTP byte ranges (206 Partial Content; 416 past its end); ?download=1 to save it; 409 not ready",
  request: { params: IdParam, query: VideoQuery },
  responses: {
    200: { description: "the whole MP4", content: { "video/mp4": { schema: { type: "string" as const, format: "binary" } } } },
    206: { description: "the requested byte range", content: { "video/mp4": { schema: { type: "string" as const, format: "binary" } } } },
  },
});

const manifest = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/clips/{id}/manifest",
  tags: ["recordings"],
  summary: "The clip's manifest: sha256, span, source segments with their chain hashes, the anchors they fold between",
  request: { params: IdParam },
  responses: { 200: jsonOk(ClipManifest) },
});

const verify = apiRoute("recordings.read", {
  method: "get",
  path: "/api/v1/clips/{id}/verify",
  tags: ["recordings"],
  summary: "Recompute the clip's sha256 and re-fold its source segments against the anchored chain: unchanged, changed or missing",
  request: { params: IdParam },
  responses: { 200: jsonOk(ClipVerification) },
});

const pending = apiRoute("device", {
  method: "get",
  path: "/api/v1/gateway/clips",
  tags: ["gateway"],
  summary: "The clips this gateway is asked to cut (pending, not older than 10 minutes)",
  responses: { 200: jsonOk(GatewayClipList) },
});

const upload = apiRoute("device", {
  method: "post",
  path: "/api/v1/gateway/clips/{id}",
  tags: ["gateway"],
  summary: "A cut clip (base64 MP4, its sha256, the source segments and the chain links from the anchor before it), or why it could not be cut",
  request: { params: IdParam, body: jsonBody(GatewayClipUpload) },
  responses: { 200: jsonOk(z.strictObject({ id: z.string(), status: z.enum(["ready", "failed"]) })) },
});

export function clipRoutes(app: App) {
  app.openapi(create, async (c) => c.json(await clips.requestClip(callerOf(c), c.req.valid("json")), 201));
  app.openapi(list, async (c) => c.json(await clips.listClips(callerOf(c), c.req.valid("query")), 200));
  app.openapi(one, async (c) => c.json(await clips.getClip(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(attach, async (c) => c.json(await clips.attachClip(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(video, async (c) => clips.clipVideo(callerOf(c), c.req.valid("param").id, c.req.header("range"), c.req.valid("query").download === "1"));
  app.openapi(manifest, async (c) => {
    const m = await clips.clipManifest(callerOf(c), c.req.valid("param").id);
    c.header("content-disposition", `attachment; filename="clip-${m.clipId}.manifest.json"`);
    return c.json(m, 200);
  });
  app.openapi(verify, async (c) => c.json(await clips.verifyClip(callerOf(c), c.req.valid("param").id), 200));
}

export function clipDeviceRoutes(app: App) {
  app.openapi(pending, async (c) => c.json(await clips.gatewayClips(c.var.deps, c.var.gateway), 200));
  app.openapi(upload, async (c) => c.json(await clips.uploadClip(c.var.deps, c.var.gateway, c.req.valid("param").id, c.req.valid("json")), 200));
}
