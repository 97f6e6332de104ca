import { z } from "@hono/zod-openapi";
import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { type Access, apiRoute, jsonBody, jsonOk, optionalJsonBody } from "../http/route.ts";
import { AcknowledgeAlert, AcknowledgeAlerts, AcknowledgedAlerts, AlertDetail, AlertEventParam, AlertOccurrenceParam, AlertSummary, AlertPage, AlertsQuery, DisposeAlert, MarkFalsePositive, OpsTokens, ProposeFalsePositive, RejectFalsePositive, ReturnDisposal, VerifyAlert } from "./contracts.ts";
import { ALERT_TRANSITIONS } from "./rules.ts";
import { acknowledgeAlerts, alertEventPhoto, alertSnapshot, alertSummary, disposeAlert, getAlert, listAlerts, occurrenceSnapshot, opsTokens, stepAlert } from "./service.ts";

const list = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts",
  tags: ["alerts"],
  summary: "Alerts in the caller's jurisdiction, newest first (cursor), or changed since a syncCursor (catch-up after a reconnect)",
  request: { query: AlertsQuery },
  responses: { 200: jsonOk(AlertPage) },
});
const get = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/{id}",
  tags: ["alerts"],
  request: { params: IdParam },
  responses: { 200: jsonOk(AlertDetail) },
});
const snapshot = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/{id}/snapshot",
  tags: ["alerts"],
  summary: "The alert's JPEG snapshot with the boxes drawn by the gateway",
  request: { params: IdParam },
  responses: { 200: imageOk("the snapshot") },
});
const photo = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/{id}/events/{eventId}/photo",
  tags: ["alerts"],
  summary: "The photo a school attached to its disposal",
  request: { params: AlertEventParam },
  responses: { 200: imageOk("the photo") },
});
const opsToken = apiRoute("alerts.read", {
  method: "post",
  path: "/api/v1/alerts/ops-token",
  tags: ["alerts"],
  summary: "Receive-only LiveKit tokens for the caller's ops rooms (school: ops:org:<id>; regulator, bureau: ops:<region>)",
  responses: { 200: jsonOk(OpsTokens) },
});

const occurrenceSnapshot_ = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/{id}/occurrences/{occurrenceId}/snapshot",
  tags: ["alerts"],
  summary: "The snapshot of a later detection folded into the alert",
  request: { params: AlertOccurrenceParam },
  responses: { 200: imageOk("the snapshot") },
});
const summary = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/summary",
  tags: ["alerts"],
  summary: "What waits in the caller's jurisdiction (the navigation's badges)",
  responses: { 200: jsonOk(AlertSummary) },
});
const acknowledgeMany = apiRoute(ALERT_TRANSITIONS.acknowledge.permission, {
  method: "post",
  path: "/api/v1/alerts/acknowledge",
  tags: ["alerts"],
  summary: "签收 several alerts at once; each that cannot be acknowledged is listed with its reason",
  request: { body: jsonBody(AcknowledgeAlerts) },
  responses: { 200: jsonOk(AcknowledgedAlerts) },
});

/** A step of the workflow; a body whose fields are all optional (a note) may be left out. */
const transitionRoute = <B extends z.ZodType>(permission: Access, action: string, body: B, summary: string, bodyOptional = false) =>
  apiRoute(permission, {
    method: "post",
    path: `/api/v1/alerts/{id}/${action}`,
    tags: ["alerts"],
    summary,
    request: { params: IdParam, body: bodyOptional ? optionalJsonBody(body) : jsonBody(body) },
    responses: { 200: jsonOk(AlertDetail) },
  });
const acknowledge = transitionRoute(ALERT_TRANSITIONS.acknowledge.permission, "acknowledge", AcknowledgeAlert, "The school has seen the alert (new → acknowledged)", true);
const dispose = transitionRoute(ALERT_TRANSITIONS.dispose.permission, "dispose", DisposeAlert, "The school records what it did, with a photo (acknowledged → disposed)");
const proposeFp = transitionRoute(ALERT_TRANSITIONS.propose_false_positive.permission, "propose-false-positive", ProposeFalsePositive, "The school says it was not a violation; a regulator confirms");
const verify = transitionRoute(ALERT_TRANSITIONS.verify.permission, "verify", VerifyAlert, "The regulator accepts the disposal (disposed → verified)", true);
const markFp = transitionRoute(ALERT_TRANSITIONS.mark_false_positive.permission, "false-positive", MarkFalsePositive, "The regulator marks (or confirms) a false positive", true);
const returnDisposal = transitionRoute(ALERT_TRANSITIONS.return_disposal.permission, "return", ReturnDisposal, "The regulator finds the disposal wanting and says why (disposed → acknowledged)");
const rejectFp = transitionRoute(ALERT_TRANSITIONS.reject_false_positive.permission, "reject-false-positive", RejectFalsePositive, "The regulator rejects the school's false-positive proposal and says why; the school disposes");


export function alertRoutes(app: App) {
  // before /alerts/{id}: a static path wins only when it is registered first
  app.openapi(summary, async (c) => c.json(await alertSummary(c.var.deps, c.var.scope), 200));
  app.openapi(acknowledgeMany, async (c) => {
    const { ids, note } = c.req.valid("json");
    return c.json(await acknowledgeAlerts(callerOf(c), ids, note ?? null), 200);
  });
  app.openapi(list, async (c) => c.json(await listAlerts(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(get, async (c) => c.json(await getAlert(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(snapshot, async (c) => alertSnapshot(c.var.deps, c.var.scope, c.req.valid("param").id));
  app.openapi(photo, async (c) => {
    const { id, eventId } = c.req.valid("param");
    return alertEventPhoto(c.var.deps, c.var.scope, id, eventId);
  });
  app.openapi(occurrenceSnapshot_, async (c) => {
    const { id, occurrenceId } = c.req.valid("param");
    return occurrenceSnapshot(c.var.deps, c.var.scope, id, occurrenceId);
  });
  app.openapi(opsToken, async (c) => c.json(await opsTokens(callerOf(c)), 200));
  app.openapi(acknowledge, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "acknowledge", c.req.valid("json").note ?? null), 200));
  app.openapi(proposeFp, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "propose_false_positive", c.req.valid("json").note), 200));
  app.openapi(verify, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "verify", c.req.valid("json").note ?? null), 200));
  app.openapi(markFp, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "mark_false_positive", c.req.valid("json").note ?? null), 200));
  app.openapi(returnDisposal, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "return_disposal", c.req.valid("json").note), 200));
  app.openapi(rejectFp, async (c) => c.json(await stepAlert(callerOf(c), c.req.valid("param").id, "reject_false_positive", c.req.valid("json").note), 200));
  app.openapi(dispose, async (c) => {
    const { note, photoBase64 } = c.req.valid("json");
    return c.json(await disposeAlert(callerOf(c), c.req.valid("param").id, note, photoBase64), 200);
  });
}
