import type { MembershipView } from "./contracts.ts";
import type { ActorMembership } from "../scope/actor.ts";

export const toMembershipView = (m: ActorMembership): MembershipView => ({
  id: m.id,
  orgId: m.orgId,
  orgName: m.orgName,
  orgKind: m.orgKind,
  regionCode: m.regionCode,
  regionName: m.regionName,
  regionLevel: m.regionLevel,
  role: m.role,
});

/** The first lock of a throttled login lasts this long; each further failure doubles it, up to the window. */
export const LOGIN_LOCK_BASE_MS = 60_000;

/**
 * How long a throttle key (a username from one address, or one address) stays locked, in ms (0: not locked).
 * Only failures inside the window count; from the `max`-th on, the key is locked from its latest failure for
 * one minute, doubling with every further failure (backoff), never longer than the window.
 */
export function lockRemainingMs(failureTimes: number[], max: number, windowMs: number, now: number): number {
  const recent = failureTimes.filter((at) => at > now - windowMs);
  if (max <= 0 || recent.length < max) return 0;
  const lock = Math.min(windowMs, LOGIN_LOCK_BASE_MS * 2 ** (recent.length - max));
  return Math.max(0, Math.max(...recent) + lock - now);
}

/** Seconds until the oldest failure in the window expires, i.e. when one more attempt is allowed. */
export function retryAfterSeconds(failureTimes: number[], windowMs: number, now: number): number {
  const oldest = Math.min(...failureTimes);
  return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
}
