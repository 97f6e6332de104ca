import { ApiError } from "../api.ts";
import type { LiveToken } from "../types.ts";

/** A token this close to its expiry is not used for a new connection. */
const MARGIN_MS = 20_000;

/**
 * Keeps the latest LiveKit token of one canteen room. While connected, LiveKit refreshes the token of the
 * open connection by itself; this one is for connecting again after the SDK gave up: it is renewed from the
 * API at half its lifetime, and a reconnection asks for a fresh one, falling back to the kept one when the
 * API cannot be reached.
 */
export function createTokenKeeper(fetchToken: () => Promise<LiveToken>) {
  let latest: LiveToken | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const usable = () => (latest && Date.parse(latest.expiresAt) - Date.now() > MARGIN_MS ? latest : null);

  function schedule(ms: number) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void fresh().catch(() => schedule(30_000)), ms);
  }

  async function fresh(): Promise<LiveToken> {
    const token = await fetchToken();
    latest = token;
    schedule(Math.max(10_000, (Date.parse(token.expiresAt) - Date.now()) / 2));
    return token;
  }

  return {
    fresh,
    /** a fresh token, or the kept one when the API is unreachable or failing (not when it refuses) */
    async forConnect(): Promise<LiveToken> {
      try {
        return await fresh();
      } catch (error) {
        const fallback = usable();
        const transient = error instanceof ApiError && (error.status === 0 || error.status >= 500);
        if (fallback && transient) return fallback;
        throw error;
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
