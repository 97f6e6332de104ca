/**
 * Who is asking and what they may touch: the actor, the scope a route's permission gives them, and the checks
 * on rows already loaded. The SQL form of the same rule lives in predicate.ts and is reached only through the
 * loaders and lists of this folder.
 */
import type { Role } from "../accounts/contracts.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { type Permission, REGION_ROLES, rolesWith } from "../auth/permissions.ts";

export type RegionLevel = "province" | "city" | "district";

export interface ActorMembership {
  id: string;
  orgId: string;
  orgName: string;
  orgKind: "regulator" | "education" | "school" | "supplier";
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevel;
  role: Role;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  sessionId: string;
  memberships: ActorMembership[];
}

/** What one request may touch: regions (inclusive code ranges) and single orgs. */
export interface Scope {
  regionRanges: Array<readonly [string, string]>;
  orgIds: string[];
  /** the memberships that grant the route's permission */
  memberships: ActorMembership[];
  /** true when the caller sees canteens only as a parent representative */
  publicCamerasOnly: boolean;
}

export function scopeFor(actor: Actor, permission: Permission): Scope {
  const granting = actor.memberships.filter((m) => rolesWith(permission).includes(m.role));
  const regionRanges = granting
    .filter((m) => REGION_ROLES.includes(m.role))
    .map((m) => regionRange(m.regionCode, m.regionLevel));
  const orgIds = granting.filter((m) => !REGION_ROLES.includes(m.role)).map((m) => m.orgId);
  return {
    regionRanges,
    orgIds: [...new Set(orgIds)],
    memberships: granting,
    publicCamerasOnly: granting.length > 0 && granting.every((m) => m.role === "parent_rep"),
  };
}

/** The server reading one region on nobody's behalf (a sweep computing a plan's progress): that region, nothing else. */
export const systemRegionScope = (code: string, level: RegionLevel): Scope => ({ regionRanges: [regionRange(code, level)], orgIds: [], memberships: [], publicCamerasOnly: false });

export const regionInScope = (scope: Scope, code: string) =>
  scope.regionRanges.some(([lo, hi]) => code >= lo && code <= hi);

/** Whether this scope may hold the given role in the given org (used when a membership must manage an org). */
export const scopeHasRoleIn = (scope: Scope, orgId: string, roles: readonly Role[]) =>
  scope.memberships.some((m) => m.orgId === orgId && roles.includes(m.role));

/** Whether one membership's jurisdiction covers an org: its region for region roles, else the org itself. */
export function membershipCovers(m: ActorMembership, org: { id: string; regionCode: string }): boolean {
  if (!REGION_ROLES.includes(m.role)) return m.orgId === org.id;
  const [lo, hi] = regionRange(m.regionCode, m.regionLevel);
  return org.regionCode >= lo && org.regionCode <= hi;
}

/** The same test as orgInScopeSql, for an org already loaded. */
export const orgWithin = (scope: Scope, org: { id: string; regionCode: string }) =>
  scope.orgIds.includes(org.id) || regionInScope(scope, org.regionCode);
