import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import { opsOrgRoom, opsRegionRoom } from "../bus/rooms.ts";
import { z } from "@hono/zod-openapi";
import { alertEvents, alerts } from "../../db/schema/index.ts";
import { mintOpsToken } from "../../media/tokens.ts";
import { alertDetail, alertInScope, alertViews, nextAlertStamp, pushAlerts, selectAlerts } from "./service.ts";
import { appendAudit } from "../audit/service.ts";
import { REGION_ROLES } from "../auth/permissions.ts";
import { type ActorMembership } from "../scope/actor.ts";
import { newId } from "../auth/tokens.ts";
import { AcknowledgeAlert, AlertDetail, AlertEventParam, AlertPage, AlertsQuery, DisposeAlert, MarkFalsePositive, MAX_DISPOSAL_PHOTO_BYTES, OpsTokens, ProposeFalsePositive, RejectFalsePositive, ReturnDisposal, VerifyAlert } from "./contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { ALERT_TRANSITIONS, type AlertAction } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { ApiError, conflict, notFound } from "../http/errors.ts";
import { type App, type AppEnv, callerOf, nowOf } from "../http/env.ts";
import { mediaStoreOf, sniffImage } from "../media-store/store.ts";
import { type Access, apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import type { Context } from "hono";
import { check, runTransition } from "../lifecycle/engine.ts";
import { alertWorkflow } from "./workflow.ts";

/** The ops room a membership listens to: a region role its region's, anyone else their own org's. */
const opsRoomOf = (m: ActorMembership) => (REGION_ROLES.includes(m.role) ? opsRegionRoom(m.regionCode) : opsOrgRoom(m.orgId));

const position = (ms: number, id: string) => `${ms}.${id}`;
const parsePosition = (p: string) => {
  const dot = p.indexOf(".");
  return { ms: Number(p.slice(0, dot)), id: p.slice(dot + 1) };
};
const image = (description: string) => ({ description, content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) }, "image/png": { schema: z.string().openapi({ format: "binary" }) } } });

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
  responses: { 200: image("the snapshot") },
});
const photo = apiRoute("alerts.read", {
  method: "get",
  path: "/api/v1/alerts/{id}/events/{eventId}/photo",
  tags: ["alerts"],
  summary: "The photo a school attached to its disposal",
  request: { params: AlertEventParam },
  responses: { 200: image("the photo") },
});
const opsToken = apiRoute("alerts.read", {
  method: "post",
  path: "/api/v1/alerts/ops-token",
  tags: ["alerts"],
  summary: "Receive-only LiveKit tokens for the caller's ops rooms (school: ops:org:<id>; regulator, bureau: ops:<region>)",
  responses: { 200: jsonOk(OpsTokens) },
});

const transitionRoute = <B extends z.ZodType>(permission: Access, action: string, body: B, summary: string) =>
  apiRoute(permission, {
    method: "post",
    path: `/api/v1/alerts/{id}/${action}`,
    tags: ["alerts"],
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonOk(AlertDetail) },
  });
const acknowledge = transitionRoute(ALERT_TRANSITIONS.acknowledge.permission, "acknowledge", AcknowledgeAlert, "The school has seen the alert (new → acknowledged)");
const dispose = transitionRoute(ALERT_TRANSITIONS.dispose.permission, "dispose", DisposeAlert, "The school records what it did, with a photo (acknowledged → disposed)");
const proposeFp = transitionRoute(ALERT_TRANSITIONS.propose_false_positive.permission, "propose-false-positive", ProposeFalsePositive, "The school says it was not a violation; a regulator confirms");
const verify = transitionRoute(ALERT_TRANSITIONS.verify.permission, "verify", VerifyAlert, "The regulator accepts the disposal (disposed → verified)");
const markFp = transitionRoute(ALERT_TRANSITIONS.mark_false_positive.permission, "false-positive", MarkFalsePositive, "The regulator marks (or confirms) a false positive");
const returnDisposal = transitionRoute(ALERT_TRANSITIONS.return_disposal.permission, "return", ReturnDisposal, "The regulator finds the disposal wanting and says why (disposed → acknowledged)");
const rejectFp = transitionRoute(ALERT_TRANSITIONS.reject_false_positive.permission, "reject-false-positive", RejectFalsePositive, "The regulator rejects the school's false-positive proposal and says why; the school disposes");

type Ctx = Context<AppEnv>;

/** One step of the workflow on the lifecycle engine, answered with the alert's detail. */
async function step(c: Ctx, id: string, action: AlertAction, note: string | null, photoBytes?: Uint8Array) {
  const deps = c.var.deps;
  const stored = photoBytes ? await mediaStoreOf(deps).put(photoBytes, sniffImage(photoBytes)!, "evidence") : null;
  await runTransition(deps, alertWorkflow, callerOf(c), id, action, { note, photos: stored ? [stored] : [] });
  return c.json(await alertDetail(deps.db, await alertInScope(deps.db, c.var.scope, id), nowOf(deps)), 200);
}

export function alertRoutes(app: App) {
  app.openapi(list, async (c) => {
    const { db } = c.var.deps;
    const q = c.req.valid("query");
    const now = nowOf(c.var.deps);
    const filters: Array<SQL | undefined> = [
      q.type ? eq(alerts.type, q.type) : undefined,
      q.status ? eq(alerts.status, q.status) : undefined,
      q.open === "1" ? isNull(alerts.closedAt) : undefined,
      q.canteenId ? eq(alerts.canteenId, q.canteenId) : undefined,
      q.from ? gte(alerts.occurredAt, Date.parse(q.from)) : undefined,
      q.to ? lte(alerts.occurredAt, Date.parse(q.to)) : undefined,
    ];
    if (q.since) {
      // the change feed: oldest change first, after the caller's position
      const s = parsePosition(q.since);
      const rows = await selectAlerts(db, c.var.scope, ...filters, or(gt(alerts.updatedAt, s.ms), and(eq(alerts.updatedAt, s.ms), gt(alerts.id, s.id))))
        .orderBy(asc(alerts.updatedAt), asc(alerts.id))
        .limit(q.limit);
      const last = rows[rows.length - 1]?.alert;
      return c.json({ items: await alertViews(db, rows, now), nextCursor: null, syncCursor: last ? position(last.updatedAt, last.id) : q.since }, 200);
    }
    // where the change feed stands for these filters, so a client that reconnects asks only for what changed;
    // read before the page, so a change committed in between is caught up later rather than lost
    const [head] = await selectAlerts(db, c.var.scope, ...filters).orderBy(desc(alerts.updatedAt), desc(alerts.id)).limit(1);
    const after = q.cursor ? parsePosition(q.cursor) : null;
    const rows = await selectAlerts(db, c.var.scope, ...filters, after ? or(lt(alerts.occurredAt, after.ms), and(eq(alerts.occurredAt, after.ms), lt(alerts.id, after.id))) : undefined)
      .orderBy(desc(alerts.occurredAt), desc(alerts.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const lastRow = page[page.length - 1]?.alert;
    return c.json(
      {
        items: await alertViews(db, page, now),
        nextCursor: rows.length > q.limit && lastRow ? position(lastRow.occurredAt, lastRow.id) : null,
        syncCursor: head ? position(head.alert.updatedAt, head.alert.id) : position(0, "alr_000000"),
      },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const { db } = c.var.deps;
    const row = await alertInScope(db, c.var.scope, c.req.valid("param").id);
    return c.json(await alertDetail(db, row, nowOf(c.var.deps)), 200);
  });

  app.openapi(snapshot, async (c) => {
    const { alert } = await alertInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    const bytes = alert.snapshotKey ? await mediaStoreOf(c.var.deps).get(alert.snapshotKey) : null;
    if (!bytes) throw notFound();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": "image/jpeg", "cache-control": "private, max-age=86400, immutable" }) as never;
  });

  app.openapi(photo, async (c) => {
    const { id, eventId } = c.req.valid("param");
    await alertInScope(c.var.deps.db, c.var.scope, id);
    const [event] = await c.var.deps.db.select().from(alertEvents).where(and(eq(alertEvents.id, eventId), eq(alertEvents.alertId, id)));
    const bytes = event?.photoKey ? await mediaStoreOf(c.var.deps).get(event.photoKey) : null;
    if (!bytes) throw notFound();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": sniffImage(bytes) ?? "application/octet-stream", "cache-control": "private, max-age=86400, immutable" }) as never;
  });

  app.openapi(opsToken, async (c) => {
    const { config } = c.var.deps;
    if (!config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
    const actor = c.var.actor;
    const rooms = [...new Set(c.var.scope.memberships.map(opsRoomOf))];
    // one identity per token: the same user may watch in two tabs
    const identity = `ops-${actor.userId}-${newId("t").slice(2)}`;
    const minted = await Promise.all(
      rooms.map(async (room) => {
        const m = await mintOpsToken({ apiKey: config.livekit!.apiKey, apiSecret: config.livekit!.apiSecret, identity, name: actor.displayName, room });
        return { room, token: m.token, identity, expiresAt: toIso(m.expiresAt) };
      }),
    );
    return c.json({ url: config.livekit.publicUrl, rooms: minted }, 200);
  });

  app.openapi(acknowledge, async (c) => step(c, c.req.valid("param").id, "acknowledge", c.req.valid("json").note ?? null));
  app.openapi(proposeFp, async (c) => step(c, c.req.valid("param").id, "propose_false_positive", c.req.valid("json").note));
  app.openapi(verify, async (c) => step(c, c.req.valid("param").id, "verify", c.req.valid("json").note ?? null));
  app.openapi(markFp, async (c) => step(c, c.req.valid("param").id, "mark_false_positive", c.req.valid("json").note ?? null));
  app.openapi(returnDisposal, async (c) => step(c, c.req.valid("param").id, "return_disposal", c.req.valid("json").note));
  app.openapi(rejectFp, async (c) => step(c, c.req.valid("param").id, "reject_false_positive", c.req.valid("json").note));
  app.openapi(dispose, async (c) => {
    const { note, photoBase64 } = c.req.valid("json");
    const bytes = new Uint8Array(Buffer.from(photoBase64, "base64"));
    if (bytes.byteLength > MAX_DISPOSAL_PHOTO_BYTES) throw new ApiError("payload_too_large", "photo_too_large");
    const type = sniffImage(bytes);
    if (type !== "image/jpeg" && type !== "image/png") throw new ApiError("unsupported_media_type", "photo_not_image");
    // check scope and order before the photo lands in the store
    const found = await alertInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    check(alertWorkflow, found, "dispose");
    const { alert } = found;
    return step(c, alert.id, "dispose", note, bytes);
  });
}

