import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { alerts, inspections, orders } from "../../db/schema/index.ts";
import type { Permission } from "../auth/permissions.ts";
import { toIso } from "../clock/time.ts";
import { type Actor, scopeFor } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";

const DAY = 86_400_000;
const LIMIT = 200;

/** Whether the caller may read this canteen's rows of another permission (orders, inspections). */
async function mayRead(db: Db, actor: Actor, permission: Permission, canteenId: string): Promise<boolean> {
  const scope = scopeFor(actor, permission);
  if (!scope.memberships.length) return false;
  return canteenInScope(db, scope, canteenId).then(
    () => true,
    () => false,
  );
}

/**
 * The timeline's markers of a camera's day: its alerts (everyone who may see recordings may see alerts), and the
 * canteen's inspections and orders for those who may read them. Oldest first, at most 200 of each kind.
 */
export async function dayMarkers(db: Db, actor: Actor, camera: { id: string; canteenId: string }, from: number) {
  const to = from + DAY;
  const out: Array<{ kind: "alert" | "inspection" | "order"; id: string; at: string; label: string }> = [];
  const alertRows = await db.select({ id: alerts.id, at: alerts.occurredAt, type: alerts.type }).from(alerts).where(and(eq(alerts.cameraId, camera.id), gte(alerts.occurredAt, from), lt(alerts.occurredAt, to))).orderBy(asc(alerts.occurredAt)).limit(LIMIT);
  out.push(...alertRows.map((r) => ({ kind: "alert" as const, id: r.id, at: toIso(r.at), label: r.type })));
  if (await mayRead(db, actor, "inspections.read", camera.canteenId)) {
    const rows = await db.select({ id: inspections.id, at: inspections.startedAt, kind: inspections.kind }).from(inspections).where(and(eq(inspections.canteenId, camera.canteenId), gte(inspections.startedAt, from), lt(inspections.startedAt, to))).orderBy(asc(inspections.startedAt)).limit(LIMIT);
    out.push(...rows.map((r) => ({ kind: "inspection" as const, id: r.id, at: toIso(r.at), label: r.kind })));
  }
  if (await mayRead(db, actor, "orders.read", camera.canteenId)) {
    const rows = await db.select({ id: orders.id, at: orders.issuedAt, number: orders.number }).from(orders).where(and(eq(orders.canteenId, camera.canteenId), gte(orders.issuedAt, from), lt(orders.issuedAt, to))).orderBy(asc(orders.issuedAt)).limit(LIMIT);
    out.push(...rows.map((r) => ({ kind: "order" as const, id: r.id, at: toIso(r.at), label: r.number })));
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
