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

/** Seconds until the oldest failure in the window expires, i.e. when one more attempt is allowed. */
export function retryAfterSeconds(failureTimes: number[], windowMs: number, now: number): number {
  const oldest = Math.min(...failureTimes);
  return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
}
