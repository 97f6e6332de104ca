import { and, eq, isNull } from "drizzle-orm";
import { TrackSource, type WebhookEvent } from "livekit-server-sdk";
import { gateways, inspectionParticipants, inspections, users } from "../../db/schema/index.ts";
import { mintLiveToken, strongestRole } from "../../media/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenIdOfRoom, canteenRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { participantJoinedAt, participantLeftAt } from "../inspections/rules.ts";
import { membershipCovers } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { z } from "zod";
import type { LiveTokenRequest } from "./contracts.ts";
import { recordViewingAttendance } from "../viewing/live.ts";

/** Live rooms: tokens with the grants of the caller's role, and the participant record kept from LiveKit's webhooks. */

/** The SDK's grant holds enum numbers; clients get the names LiveKit uses in tokens ("microphone", "camera"). */
const sourceName = (s: TrackSource | string) => (typeof s === "number" ? TrackSource[s]!.toLowerCase() : String(s).toLowerCase());

export function livekitOf(deps: AppDeps) {
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  return deps.config.livekit;
}

export async function token({ deps, scope, actor }: Caller, input: { json: z.infer<typeof LiveTokenRequest> }) {
  const livekit = livekitOf(deps);
  const { db } = deps;
  const { canteenId } = input.json;
  const { org } = await canteenInScope(db, scope, canteenId);
  // the strongest of the roles whose jurisdiction covers this canteen decides the grants
  // (none covers it when a spot check drawn across districts opened it to the inspector: their own roles then)
  const covers = scope.memberships.filter((m) => membershipCovers(m, org));
  const covering = covers.length ? covers : scope.memberships;
  const role = strongestRole(covering.map((m) => m.role))!;
  const membership = covering.find((m) => m.role === role)!;
  const room = canteenRoom(canteenId);
  const minted = await mintLiveToken({
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
    identity: actor.userId,
    name: actor.displayName,
    role,
    room,
    attributes: { role, displayName: actor.displayName, orgName: membership.orgName },
  });
  // the canteen's gateways grant this viewer their cameras before the viewer connects (see ExpectedViewer);
  // not awaited: the token must not wait for it, and a lost hint only costs the slower path
  if (deps.livekit) {
    const live = await db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.canteenId, canteenId), isNull(gateways.revokedAt)));
    if (live.length) publish(deps, announcement(room, "gateway", { type: "viewer.expected", identity: actor.userId, role }, live.map((gw) => gw.id)));
  }
  const g = minted.grant;
  const [active] = await db
    .select({ id: inspections.id, kind: inspections.kind, startedAt: inspections.startedAt, starter: users.displayName })
    .from(inspections)
    .innerJoin(users, eq(users.id, inspections.startedBy))
    .where(and(eq(inspections.canteenId, canteenId), eq(inspections.status, "active")));
  return {
    url: livekit.publicUrl,
    token: minted.token,
    room,
    identity: actor.userId,
    expiresAt: toIso(minted.expiresAt),
    grants: { canSubscribe: !!g.canSubscribe, canPublish: !!g.canPublish, canPublishData: !!g.canPublishData, canPublishSources: (g.canPublishSources ?? []).map(sourceName) },
    activeInspection: active ? { id: active.id, kind: active.kind, startedAt: toIso(active.startedAt), startedBy: { displayName: active.starter } } : null,
  };
}

/** Records a participant's join or leave in the canteen's active inspection (idempotent for retried webhooks). */
export async function recordWebhook(deps: AppDeps, event: WebhookEvent) {
  const canteenId = event.room ? canteenIdOfRoom(event.room.name) : null;
  const p = event.participant;
  if (!canteenId || !p || (event.event !== "participant_joined" && event.event !== "participant_left")) return;
  // a parent in a supervised viewing session: attendance of the session (issue 13)
  await recordViewingAttendance(deps, event);
  const eventAt = Number(event.createdAt) * 1000 || nowOf(deps);
  await deps.db.transaction(async (tx) => {
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
}
