import { and, count, eq, gt, isNull } from "drizzle-orm";
import { cameras, canteenDisclosures, gateways, publicLiveTokens } from "../../db/schema/index.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { newId, sha256Hex } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { canteenBySlug } from "../scope/loaders.ts";
import { liveWindow } from "./rules.ts";

/** Tokens one address may take per window (a reload, a reconnection), and how long a public token lasts. */
export const PUBLIC_TOKENS_PER_ADDRESS = 10;
const THROTTLE_WINDOW_MS = 10 * 60_000;
const PUBLIC_TOKEN_TTL_S = 10 * 60;
export const DEFAULT_CAP = 50;

/**
 * An anonymous viewer's token (第二十二条): subscribe only, judged by the gateway like a parent's (public cameras
 * only); refused outside the school's hours (403 naming the next opening), past the viewer cap and for an address
 * asking too often (429).
 */
export async function publicLiveToken(deps: AppDeps, slug: string, address: string | null) {
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  const livekit = deps.config.livekit;
  const { canteen, org } = await canteenBySlug(deps.db, slug);
  const now = nowOf(deps);
  const [disclosure] = await deps.db.select().from(canteenDisclosures).where(eq(canteenDisclosures.canteenId, canteen.id));
  const window = liveWindow(disclosure?.liveFrom ?? null, disclosure?.liveTo ?? null, now);
  if (!window.open) throw new ApiError("forbidden", "public_live_closed", window.nextOpening ? [{ path: "nextOpening", message: toIso(window.nextOpening) }] : undefined);
  const source = address ? sha256Hex(`public-live:${address}`) : null;
  if (source) {
    const [{ n }] = (await deps.db.select({ n: count() }).from(publicLiveTokens).where(and(eq(publicLiveTokens.sourceHash, source), gt(publicLiveTokens.createdAt, now - THROTTLE_WINDOW_MS)))) as [{ n: number }];
    if (n >= PUBLIC_TOKENS_PER_ADDRESS) throw new ApiError("rate_limited", "too_many_viewers_from_address", undefined, { "Retry-After": "60" });
  }
  const room = canteenRoom(canteen.id);
  const cap = disclosure?.viewerCap ?? DEFAULT_CAP;
  // the cap counts anonymous viewers in the room now (LiveKit), else the tokens still valid
  const watching = deps.livekit
    ? (await deps.livekit.participants(room)).filter((p) => p.identity.startsWith("pub_")).length
    : ((await deps.db.select({ n: count() }).from(publicLiveTokens).where(and(eq(publicLiveTokens.canteenId, canteen.id), gt(publicLiveTokens.createdAt, now - PUBLIC_TOKEN_TTL_S * 1000)))) as [{ n: number }])[0].n;
  if (watching >= cap) throw new ApiError("rate_limited", "viewer_cap_reached", [{ path: "cap", message: String(cap) }], { "Retry-After": "60" });
  const identity = newId("pub");
  await deps.db.insert(publicLiveTokens).values({ id: identity, canteenId: canteen.id, sourceHash: source, createdAt: now });
  const minted = await mintLiveToken({ apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, identity, name: "公众", role: "parent_rep", room, ttlSeconds: PUBLIC_TOKEN_TTL_S, attributes: { role: "parent_rep", displayName: "公众", orgName: org.name } });
  if (deps.livekit) {
    const live = await deps.db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.canteenId, canteen.id), isNull(gateways.revokedAt)));
    if (live.length) publish(deps, announcement(room, "gateway", { type: "viewer.expected", identity, role: "parent_rep" }, live.map((g) => g.id)));
  }
  const publicCameras = await deps.db.select({ id: cameras.id }).from(cameras).where(and(eq(cameras.canteenId, canteen.id), eq(cameras.publicVisible, true)));
  return { url: livekit.publicUrl, token: minted.token, room, identity, expiresAt: toIso(minted.expiresAt), cameraIds: publicCameras.map((c) => c.id) };
}
