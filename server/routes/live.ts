import { and, eq, isNull } from "drizzle-orm";
import { TrackSource, WebhookReceiver } from "livekit-server-sdk";
import { inspectionParticipants, inspections } from "../../db/schema/index.ts";
import { mintLiveToken, strongestRole } from "../../media/tokens.ts";
import { appendAudit } from "../audit.ts";
import { canteenInScope } from "../auth/lookup.ts";
import { membershipCovers } from "../auth/scope.ts";
import { newId } from "../auth/tokens.ts";
import { Ok } from "../contracts/common.ts";
import { canteenIdOfRoom, canteenRoom, LiveToken, LiveTokenRequest } from "../contracts/live.ts";
import { toIso } from "../domain/time.ts";
import { ApiError } from "../errors.ts";
import type { App } from "../env.ts";
import { apiRoute, jsonBody, jsonOk } from "../route.ts";

/** The SDK's grant holds enum numbers; clients get the names LiveKit uses in tokens ("microphone", "camera"). */
const sourceName = (s: TrackSource | string) => (typeof s === "number" ? TrackSource[s]!.toLowerCase() : String(s).toLowerCase());

const token = apiRoute("live.join", {
  method: "post",
  path: "/api/v1/live/token",
  tags: ["live"],
  summary: "A LiveKit token (≤ 10 min) for a canteen's room, with exactly the grants of the caller's role",
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
    const g = minted.grant;
    return c.json(
      {
        url: config.livekit.publicUrl,
        token: minted.token,
        room,
        identity: actor.userId,
        expiresAt: toIso(minted.expiresAt),
        grants: { canSubscribe: !!g.canSubscribe, canPublish: !!g.canPublish, canPublishData: !!g.canPublishData, canPublishSources: (g.canPublishSources ?? []).map(sourceName) },
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
    const at = Number(event.createdAt) * 1000 || Date.now();
    await db.transaction(async (tx) => {
      const [active] = await tx.select().from(inspections).where(and(eq(inspections.canteenId, canteenId), eq(inspections.status, "active")));
      if (!active) return;
      if (event.event === "participant_joined") {
        await tx.insert(inspectionParticipants).values({ id: newId("ip"), inspectionId: active.id, identity: p.identity, name: p.name, role: p.attributes?.role ?? "unknown", joinedAt: at });
      } else {
        await tx
          .update(inspectionParticipants)
          .set({ leftAt: at })
          .where(and(eq(inspectionParticipants.inspectionId, active.id), eq(inspectionParticipants.identity, p.identity), isNull(inspectionParticipants.leftAt)));
      }
      await appendAudit(tx, { actorId: null, action: `live.${event.event}`, targetType: "inspection", targetId: active.id, change: { identity: p.identity, at } });
    });
    return c.json({ ok: true as const }, 200);
  });
}
