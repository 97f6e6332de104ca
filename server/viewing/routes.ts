
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { imageOk } from "../http/images.ts";
import { filePart } from "../http/uploads.ts";
import { AnswerQuestion, AskQuestion, Evaluate, FreezeFrameFields, RaiseHand, ScheduleViewing, SetMicrophone, ViewingFrame, ViewingPage, ViewingQuery, ViewingSession, ViewingToken } from "./contracts.ts";
import { freezeViewingFrame, viewingFrameImage } from "./frames.ts";
import { joinToken, raiseHand, setMicrophone } from "./live.ts";
import { answerEvaluation, askQuestion, evaluate, moderateQuestion } from "./qa.ts";
import { endSession, getSession, listSessions, scheduleSession } from "./service.ts";

const tags = ["viewing"];
const base = "/api/v1/viewing-sessions";
const session = { 200: jsonOk(ViewingSession) };

const schedule = apiRoute("viewing.manage", { method: "post", path: base, tags, summary: "Schedule a supervised viewing session (监督观看): window, cameras (non-public too), invited committee members, host", request: { body: jsonBody(ScheduleViewing) }, responses: { 201: jsonOk(ViewingSession, "scheduled") } });
const list = apiRoute("viewing.read", { method: "get", path: base, tags, summary: "Sessions in scope, newest window first; a parent sees only those they are invited to", request: { query: ViewingQuery }, responses: { 200: jsonOk(ViewingPage) } });
const get = apiRoute("viewing.read", { method: "get", path: `${base}/{id}`, tags, summary: "A session's record: attendance, Q&A, evaluations and answers", request: { params: IdParam }, responses: session });
const token = apiRoute("viewing.join", { method: "post", path: `${base}/{id}/token`, tags, summary: "An invited parent joins: a subscribe-only token; the gateway grants the session's cameras for the window (403 outside it, naming it)", request: { params: IdParam }, responses: { 200: jsonOk(ViewingToken) } });
const end = apiRoute("viewing.manage", { method: "post", path: `${base}/{id}/end`, tags, summary: "End the session now: the cameras' grants are withdrawn at once", request: { params: IdParam }, responses: session });
const ask = apiRoute("viewing.join", { method: "post", path: `${base}/{id}/questions`, tags, summary: "Ask the host a question (moderated: stored, answered or hidden)", request: { params: IdParam, body: jsonBody(AskQuestion) }, responses: { 201: jsonOk(ViewingSession, "asked") } });
const hand = apiRoute("viewing.join", { method: "post", path: `${base}/{id}/hand`, tags, summary: "Raise or lower one's hand", request: { params: IdParam, body: jsonBody(RaiseHand) }, responses: session });
const mic = apiRoute("viewing.manage", { method: "post", path: `${base}/{id}/microphone`, tags, summary: "Open or close one parent's microphone (a participant-permission update on LiveKit)", request: { params: IdParam, body: jsonBody(SetMicrophone) }, responses: session });
const rate = apiRoute("viewing.join", { method: "post", path: `${base}/{id}/evaluation`, tags, summary: "An attending parent's evaluation after the session started: hygiene, operations, food, problems seen", request: { params: IdParam, body: jsonBody(Evaluate) }, responses: { 201: jsonOk(ViewingSession, "evaluated") } });
/** The multipart form: the camera plus the file part (checked by imageParts: size, and the bytes must decode). */
const FrameForm = FreezeFrameFields.extend({ file: filePart() });
const freeze = apiRoute("viewing.join", { method: "post", path: `${base}/{id}/frames`, tags, summary: "An invited parent freezes a frame of one of the session's cameras inside the window (JPEG/PNG), to attach to their evaluation", request: { params: IdParam, body: { content: { "multipart/form-data": { schema: FrameForm } }, required: true } }, responses: { 201: jsonOk(ViewingFrame, "stored") } });
const frameImage = apiRoute("viewing.read", { method: "get", path: "/api/v1/viewing-frames/{id}/image", tags, summary: "A frozen frame's image: the parent who froze it, the school, the regulator", request: { params: IdParam }, responses: { 200: imageOk() } });
const answer = apiRoute("viewing.manage", { method: "post", path: "/api/v1/viewing-questions/{id}/answer", tags, summary: "The host answers a question", request: { params: IdParam, body: jsonBody(AnswerQuestion) }, responses: session });
const hide = apiRoute("viewing.manage", { method: "post", path: "/api/v1/viewing-questions/{id}/hide", tags, summary: "The host hides a question (kept in the record)", request: { params: IdParam }, responses: session });
const answerEval = apiRoute("viewing.manage", { method: "post", path: "/api/v1/viewing-evaluations/{id}/answer", tags, summary: "The school answers the problems an evaluation names", request: { params: IdParam, body: jsonBody(AnswerQuestion) }, responses: session });


export function viewingRoutes(app: App) {
  app.openapi(schedule, async (c) => c.json(await scheduleSession(callerOf(c), c.req.valid("json")), 201));
  app.openapi(list, async (c) => c.json(await listSessions(callerOf(c), c.req.valid("query")), 200));
  app.openapi(get, async (c) => c.json(await getSession(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(token, async (c) => c.json(await joinToken(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(end, async (c) => c.json(await endSession(callerOf(c), c.req.valid("param").id), 200));
  app.openapi(ask, async (c) => c.json(await askQuestion(callerOf(c), c.req.valid("param").id, c.req.valid("json").text), 201));
  app.openapi(hand, async (c) => c.json(await raiseHand(callerOf(c), c.req.valid("param").id, c.req.valid("json").raised), 200));
  app.openapi(mic, async (c) => c.json(await setMicrophone(callerOf(c), c.req.valid("param").id, c.req.valid("json").userId, c.req.valid("json").open), 200));
  app.openapi(freeze, async (c) => c.json(await freezeViewingFrame(callerOf(c), c.req.valid("param").id, c.req.valid("form")), 201));
  app.openapi(frameImage, async (c) => viewingFrameImage(callerOf(c), c.req.valid("param").id));
  app.openapi(rate, async (c) => c.json(await evaluate(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(answer, async (c) => c.json(await moderateQuestion(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(hide, async (c) => c.json(await moderateQuestion(callerOf(c), c.req.valid("param").id, "hide"), 200));
  app.openapi(answerEval, async (c) => c.json(await answerEvaluation(callerOf(c), c.req.valid("param").id, c.req.valid("json").answer), 200));
}
