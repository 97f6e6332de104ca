import { getLiveToken } from "../api/live.ts";
import type { LiveToken } from "../types.ts";

/** A prefetched token is used only this soon after it was asked for (it lives 10 min; reconnects ask anew). */
const FRESH_MS = 60_000;
const pending = new Map<string, { at: number; token: Promise<LiveToken> }>();

const ask = (canteenId: string) => getLiveToken({ canteenId });

/**
 * Asks for the room token as soon as the router knows it is going to /live/:canteenId, so the request runs
 * beside the download of the live page's code (the LiveKit SDK) instead of after it. In the main bundle on
 * purpose: it imports nothing of LiveKit.
 */
export function prefetchLiveToken(canteenId: string): void {
  const hit = pending.get(canteenId);
  if (hit && Date.now() - hit.at < FRESH_MS) return;
  const token = ask(canteenId);
  pending.set(canteenId, { at: Date.now(), token });
  token.catch(() => {
    if (pending.get(canteenId)?.token === token) pending.delete(canteenId);
  });
}

/** The prefetched token (once) when fresh, otherwise a new request. */
export function takeLiveToken(canteenId: string): Promise<LiveToken> {
  const hit = pending.get(canteenId);
  pending.delete(canteenId);
  return hit && Date.now() - hit.at < FRESH_MS ? hit.token : ask(canteenId);
}
