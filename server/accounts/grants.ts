import type { Role } from "./contracts.ts";
import { grantableRoles } from "../auth/permissions.ts";
import { membershipCovers, type Scope } from "../scope/actor.ts";

export interface TargetOrg {
  id: string;
  kind: "regulator" | "education" | "school" | "supplier";
  regionCode: string;
}

/** May a caller with this scope give `role` in `org`? Regulators grant within their region, principals only parent accounts of their school. */
export function canGrant(scope: Scope, org: TargetOrg, role: Role): boolean {
  return scope.memberships.some((m) => grantableRoles(m.role, org.kind).includes(role) && membershipCovers(m, org));
}

/** A user may be changed only by someone who could have granted every membership they hold. */
export const canManageUser = (scope: Scope, held: Array<{ org: TargetOrg; role: Role }>) =>
  held.length > 0 && held.every((h) => canGrant(scope, h.org, h.role));
