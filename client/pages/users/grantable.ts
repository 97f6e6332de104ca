import { grantableRoles } from "../../../server/auth/permissions.ts";
import type { OrgKind, Role } from "../../types.ts";

/**
 * Roles a regulator admin may grant in an org of each kind, from the server's own rule (the server still
 * decides; this only keeps the form from offering what would be refused).
 */
export const ADMIN_GRANTABLE = (kind: OrgKind): Role[] => grantableRoles("regulator_admin", kind);
