import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { ResultSet } from "@libsql/client";
import type { SelectedFields, SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, deliveries, deliveryLines, menuDishes, orgs, stockMoves, supplierCanteens, traceWarnings } from "../../db/schema/index.ts";
import { notFound } from "../http/errors.ts";
import type { Scope } from "./actor.ts";
import { orgInScopeSql } from "./predicate.ts";

/**
 * Traceability's jurisdiction (issue 15). A canteen's records follow its school as everywhere else; a supplier's
 * manager reaches, besides its own org, the deliveries (and their batches) its supplier made — never a canteen's
 * stock, menus or other suppliers' deliveries — and may deliver only to the canteens a school approved it for.
 */

// as in lists.ts: drizzle cannot carry a generic field list through joins in its types; restated here
type Scoped<F extends SelectedFields> = Omit<SQLiteSelect<string, "async", ResultSet, F, "partial", Record<string, "not-null">>, "where">;
const selectOf = (db: DbOrTx, fields: SelectedFields) => db.select(fields);

/** The supplier orgs the caller manages. */
export const managedSuppliers = (scope: Scope) => [...new Set(scope.memberships.filter((m) => m.role === "supplier_manager").map((m) => m.orgId))];

/** A delivery in scope: its canteen's school is, or it is one of the caller's supplier's. */
function deliveryVisibleSql(scope: Scope): SQL {
  const mine = managedSuppliers(scope);
  return mine.length ? or(orgInScopeSql(scope), inArray(deliveries.supplierId, mine))! : orgInScopeSql(scope);
}

export async function deliveryInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ delivery: deliveries, canteen: canteens, org: orgs })
    .from(deliveries)
    .innerJoin(canteens, eq(canteens.id, deliveries.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(deliveries.id, id), deliveryVisibleSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** A batch (delivery line), through its delivery. */
export async function lineInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ line: deliveryLines, delivery: deliveries, canteen: canteens, org: orgs })
    .from(deliveryLines)
    .innerJoin(deliveries, eq(deliveries.id, deliveryLines.deliveryId))
    .innerJoin(canteens, eq(canteens.id, deliveries.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(deliveryLines.id, id), deliveryVisibleSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** Deliveries in scope (joined to canteen and its org), with the caller's filters. */
export function scopedDeliveries<F extends SelectedFields>(db: DbOrTx, scope: Scope, fields: F, ...filters: Array<SQL | undefined>) {
  return selectOf(db, fields)
    .from(deliveries)
    .innerJoin(canteens, eq(canteens.id, deliveries.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(deliveryVisibleSql(scope), ...filters))
    .$dynamic() as unknown as Scoped<F>;
}

/** Batches in scope (lines joined to delivery, canteen, org) — a recall's reach. */
export function scopedLines<F extends SelectedFields>(db: DbOrTx, scope: Scope, fields: F, ...filters: Array<SQL | undefined>) {
  return selectOf(db, fields)
    .from(deliveryLines)
    .innerJoin(deliveries, eq(deliveries.id, deliveryLines.deliveryId))
    .innerJoin(canteens, eq(canteens.id, deliveries.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(deliveryVisibleSql(scope), ...filters))
    .$dynamic() as unknown as Scoped<F>;
}

/** A canteen one of the caller's suppliers is approved for (404 otherwise: the supplier learns nothing of the rest). */
export async function servedCanteen(db: DbOrTx, scope: Scope, canteenId: string, supplierId?: string) {
  const mine = managedSuppliers(scope).filter((s) => !supplierId || s === supplierId);
  if (!mine.length) throw notFound();
  const [row] = await db
    .select({ canteen: canteens, org: orgs, supplierId: supplierCanteens.supplierId })
    .from(supplierCanteens)
    .innerJoin(canteens, eq(canteens.id, supplierCanteens.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(supplierCanteens.canteenId, canteenId), inArray(supplierCanteens.supplierId, mine)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** A supplier org the caller manages. */
export async function managedSupplier(db: DbOrTx, scope: Scope, id: string) {
  if (!managedSuppliers(scope).includes(id)) throw notFound();
  const [row] = await db.select().from(orgs).where(and(eq(orgs.id, id), eq(orgs.kind, "supplier")));
  if (!row) throw notFound();
  return row;
}

export async function dishInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ dish: menuDishes, canteen: canteens, org: orgs })
    .from(menuDishes)
    .innerJoin(canteens, eq(canteens.id, menuDishes.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(menuDishes.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

export async function stockMoveInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ move: stockMoves, canteen: canteens })
    .from(stockMoves)
    .innerJoin(canteens, eq(canteens.id, stockMoves.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(stockMoves.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** Warnings of canteens in scope (a supplier's manager sees none but its own canteen's). */
export function scopedWarnings<F extends SelectedFields>(db: DbOrTx, scope: Scope | "system", fields: F, ...filters: Array<SQL | undefined>) {
  return selectOf(db, fields)
    .from(traceWarnings)
    .innerJoin(canteens, eq(canteens.id, traceWarnings.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(scope === "system" ? sql`1 = 1` : orgInScopeSql(scope), ...filters))
    .$dynamic() as unknown as Scoped<F>;
}
