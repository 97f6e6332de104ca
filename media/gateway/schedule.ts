/**
 * When to fetch the configuration again (pure): at the LiveKit token's half-life, so a fresh token is
 * always at hand for a reconnection; never sooner than `minMs`; `fallbackMs` if the expiry is unreadable.
 */
export function configRefreshDelay(expiresAtIso: string, now: number, minMs = 5_000, fallbackMs = 60_000): number {
  const expiresAt = Date.parse(expiresAtIso);
  if (!Number.isFinite(expiresAt)) return fallbackMs;
  return Math.max(minMs, Math.round((expiresAt - now) / 2));
}
