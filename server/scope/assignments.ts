import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, fieldTaskInspectors, fieldTasks, spotCheckInspectors, spotChecks } from "../../db/schema/index.ts";
import type { Permission } from "../auth/permissions.ts";
import type { Actor, Scope } from "./actor.ts";

/**
 * 双随机 with 回避 sends inspectors to canteens outside their own district: a pending spot check assigned to an
 * inspector opens that canteen to them — live view, the inspection, frozen frames, orders — for as long as the check
 * is pending. Only these permissions, only regulators' inspectors and admins, only their own pending assignments.
 * An open 靶向飞行 field task does the same for its inspectors (and lets them read and run the task itself).
 */
const OPENED_BY_ASSIGNMENT: readonly Permission[] = ["canteens.read", "live.join", "inspections.read", "inspections.run", "snapshots.annotate", "orders.issue", "orders.read", "field.read", "field.run"];

export async function withAssignments(db: DbOrTx, actor: Actor, permission: Permission, scope: Scope): Promise<Scope> {
  if (!OPENED_BY_ASSIGNMENT.includes(permission)) return scope;
  if (!scope.memberships.some((m) => m.role === "inspector" || m.role === "regulator_admin")) return scope;
  const rows = await db
    .selectDistinct({ orgId: canteens.orgId })
    .from(spotCheckInspectors)
    .innerJoin(spotChecks, and(eq(spotChecks.id, spotCheckInspectors.spotCheckId), eq(spotChecks.status, "pending")))
    .innerJoin(canteens, eq(canteens.id, spotChecks.canteenId))
    .where(eq(spotCheckInspectors.userId, actor.userId));
  const tasks = await db
    .selectDistinct({ orgId: fieldTasks.orgId })
    .from(fieldTaskInspectors)
    .innerJoin(fieldTasks, and(eq(fieldTasks.id, fieldTaskInspectors.taskId), inArray(fieldTasks.status, ["assigned", "on_site"])))
    .where(eq(fieldTaskInspectors.userId, actor.userId));
  if (!rows.length && !tasks.length) return scope;
  return { ...scope, orgIds: [...new Set([...scope.orgIds, ...rows.map((r) => r.orgId), ...tasks.map((r) => r.orgId)])] };
}
