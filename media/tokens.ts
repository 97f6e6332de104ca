import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import type { Role } from "../server/accounts/contracts.ts";
import type { ParticipantAttributes } from "../server/live/contracts.ts";

/** Short-lived on purpose: clients renew before expiry (DESIGN §5). */
export const LIVE_TOKEN_TTL_SECONDS = 10 * 60;

export type LiveRole = Role | "gateway";

/**
 * Exactly the grants of each role in a canteen room (DESIGN §3, §5): everyone who takes part talks and
 * sends data; staff may also show a phone camera; parents only watch; the gateway only publishes video.
 */
export function grantsFor(role: LiveRole, room: string): VideoGrant {
  const base = { room, roomJoin: true } as const;
  switch (role) {
    case "gateway":
      return { ...base, canSubscribe: false, canPublish: true, canPublishData: false, canPublishSources: [TrackSource.CAMERA], hidden: false };
    case "parent_rep":
      return { ...base, canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] };
    case "principal":
    case "food_safety_director":
    case "food_safety_officer":
    case "canteen_staff":
      return { ...base, canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: [TrackSource.MICROPHONE, TrackSource.CAMERA] };
    default:
      return { ...base, canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: [TrackSource.MICROPHONE] };
  }
}

export interface MintOptions {
  apiKey: string;
  apiSecret: string;
  identity: string;
  name: string;
  role: LiveRole;
  room: string;
  attributes: ParticipantAttributes;
  ttlSeconds?: number;
}

export async function mintLiveToken(o: MintOptions): Promise<{ token: string; expiresAt: number; grant: VideoGrant }> {
  const ttl = o.ttlSeconds ?? LIVE_TOKEN_TTL_SECONDS;
  const at = new AccessToken(o.apiKey, o.apiSecret, { identity: o.identity, name: o.name, ttl, attributes: o.attributes });
  const grant = grantsFor(o.role, o.room);
  at.addGrant(grant);
  return { token: await at.toJwt(), expiresAt: Date.now() + ttl * 1000, grant };
}

/** The most privileged role a user holds in a canteen decides their grants (an inspector who is also a parent talks). */
const PRECEDENCE: Role[] = ["regulator_admin", "inspector", "education_officer", "principal", "food_safety_director", "food_safety_officer", "canteen_staff", "supplier_manager", "parent_rep"];
export const strongestRole = (roles: Role[]): Role | null => PRECEDENCE.find((r) => roles.includes(r)) ?? null;

/**
 * A token for an ops room (`ops:org:<id>`, `ops:<region>`): the API pushes alerts there with sendData, so
 * the holder only receives data; it publishes nothing and, hidden, is not listed to others.
 */
export async function mintOpsToken(o: { apiKey: string; apiSecret: string; identity: string; name: string; room: string; ttlSeconds?: number }) {
  const ttl = o.ttlSeconds ?? LIVE_TOKEN_TTL_SECONDS;
  const at = new AccessToken(o.apiKey, o.apiSecret, { identity: o.identity, name: o.name, ttl });
  const grant: VideoGrant = { room: o.room, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], hidden: true };
  at.addGrant(grant);
  return { token: await at.toJwt(), expiresAt: Date.now() + ttl * 1000, grant };
}
