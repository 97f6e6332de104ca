import { nowOf } from "../clock/clock.ts";
import { and, eq, isNull } from "drizzle-orm";
import { canteenIdOfRoom, canteenRoom } from "../bus/rooms.ts";
import { TrackSource, WebhookReceiver } from "livekit-server-sdk";
import { gateways, inspectionParticipants, inspections, users } from "../../db/schema/index.ts";
import { mintLiveToken, strongestRole } from "../../media/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { appendAudit } from "../audit/service.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { membershipCovers } from "../scope/actor.ts";
import { newId } from "../auth/tokens.ts";
import { Ok } from "../contracts/common.ts";
import { type ExpectedViewer, GATEWAY_TOPIC, LiveToken, LiveTokenRequest } from "./contracts.ts";
import { participantJoinedAt, participantLeftAt } from "../inspections/rules.ts";
import { toIso } from "../clock/time.ts";
import { ApiError } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

/** The SDK's grant holds enum numbers; clients get the names LiveKit uses in tokens ("microphone", "camera"). */
const sourceName = (s: TrackSource | string) => (typeof s === "number" ? TrackSource[s]!.toLowerCase() : String(s).toLowerCase());

const token = apiRoute("live.join", {
  method: "post",
  path: "/api/v1/live/token",
  tags: ["live"],
  summary: "A LiveKit token (≤ 10 min) for a canteen's room, with exactly the grants of the caller's role, and the inspection in progress",
  request: { body: jsonBody(LiveTokenRequest) },
  responses: { 200: jsonOk(LiveToken) },
});

const webhook = apiRoute("signed", {
  method: "post",
  path: "/api/v1/livekit/webhook",
  tags: ["live"],
  summary: "LiveKit webhooks (signed with the API key); participant joins and leaves of inspection sessions",
  responses: { 200: jsonOk(Ok) },
});

export function liveRoutes(app: App) {
  app.openapi(token, async (c) => {
    const { db, config } = c.var.deps;
    if (!config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
    const { canteenId } = c.req.valid("json");
    const { org } = await canteenInScope(db, c.var.scope, canteenId);
    // the strongest of the roles whose jurisdiction covers this canteen decides the grants
    const covering = c.var.scope.memberships.filter((m) => membershipCovers(m, org));
    const role = strongestRole(covering.map((m) => m.role))!;
    const membership = covering.find((m) => m.role === role)!;
    const actor = c.var.actor;
    const room = canteenRoom(canteenId);
    const minted = await mintLiveToken({
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      identity: actor.userId,
      name: actor.displayName,
      role,
      room,
      attributes: { role, displayName: actor.displayName, orgName: membership.orgName },
    });
    // the canteen's gateways grant this viewer their cameras before the viewer connects (see ExpectedViewer);
    // not awaited: the token must not wait for it, and a lost hint only costs the slower path
    if (c.var.deps.livekit) {
      const live = await db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.canteenId, canteenId), isNull(gateways.revokedAt)));
      if (live.length) publish(c.var.deps, announcement(room, "gateway", { type: "viewer.expected", identity: actor.userId, role }, live.map((gw) => gw.id)));
    }
    const g = minted.grant;
    const [active] = await db
      .select({ id: inspections.id, kind: inspections.kind, startedAt: inspections.startedAt, starter: users.displayName })
      .from(inspections)
      .innerJoin(users, eq(users.id, inspections.startedBy))
      .where(and(eq(inspections.canteenId, canteenId), eq(inspections.status, "active")));
    return c.json(
      {
        url: config.livekit.publicUrl,
        token: minted.token,
        room,
        identity: actor.userId,
        expiresAt: toIso(minted.expiresAt),
        grants: { canSubscribe: !!g.canSubscribe, canPublish: !!g.canPublish, canPublishData: !!g.canPublishData, canPublishSources: (g.canPublishSources ?? []).map(sourceName) },
        activeInspection: active ? { id: active.id, kind: active.kind, startedAt: toIso(active.startedAt), startedBy: { displayName: active.starter } } : null,
      },
      200,
    );
  });

  app.openapi(webhook, async (c) => {
    const { db, config } = c.var.deps;
    if (!config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
    const body = await c.req.text();
    const receiver = new WebhookReceiver(config.livekit.apiKey, config.livekit.apiSecret);
    let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
    try {
      event = await receiver.receive(body, c.req.header("authorization"));
    } catch {
      throw new ApiError("unauthorized", "webhook_signature_invalid");
    }
    const canteenId = event.room ? canteenIdOfRoom(event.room.name) : null;
    const p = event.participant;
    if (!canteenId || !p || (event.event !== "participant_joined" && event.event !== "participant_left")) return c.json({ ok: true as const }, 200);
    const eventAt = Number(event.createdAt) * 1000 || nowOf(c.var.deps);
    await db.transaction(async (tx) => {
      const [active] = await tx.select().from(inspections).where(and(eq(inspections.canteenId, canteenId), eq(inspections.status, "active")));
      if (!active) return;
      // one row per connection (participant sid): a second tab of the same user, or a reconnection, is a
      // connection of its own, and the leave of one never closes another
      const [row] = await tx
        .select()
        .from(inspectionParticipants)
        .where(and(eq(inspectionParticipants.inspectionId, active.id), eq(inspectionParticipants.participantSid, p.sid)));
      let at: number;
      if (event.event === "participant_joined") {
        if (row) return; // already recorded (a retried webhook, or present when the inspection started)
        at = participantJoinedAt(p, active.startedAt, eventAt);
        await tx.insert(inspectionParticipants).values({ id: newId("ip"), inspectionId: active.id, participantSid: p.sid, identity: p.identity, name: p.name, role: p.attributes?.role ?? "unknown", joinedAt: at });
      } else {
        if (!row || row.leftAt !== null) return;
        at = participantLeftAt(eventAt, row.joinedAt);
        await tx.update(inspectionParticipants).set({ leftAt: at }).where(eq(inspectionParticipants.id, row.id));
      }
      await appendAudit(tx, { actorId: null, action: `live.${event.event}`, targetType: "inspection", targetId: active.id, change: { identity: p.identity, participantSid: p.sid, at } });
    });
    return c.json({ ok: true as const }, 200);
  });
}
