import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, deliveries, deliveryLines, menuDishes, orgs, stockMoves, supplierProfiles } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import type { Scope } from "../scope/actor.ts";
import { dishInScope, lineInScope, scopedLines } from "../scope/trace.ts";
import { certificateOf } from "./deliveries.ts";
import { fromMilli } from "./rules.ts";

/**
 * One-click trace (issue 15, item 5): backward from a dish on a date to the batches used, their deliveries,
 * suppliers and origin with the documents; forward from a batch (a recall) to every meal and canteen that used it.
 */

const batchColumns = { line: deliveryLines, delivery: deliveries, canteenName: canteens.name, supplierName: orgs.name, foodLicenceNo: supplierProfiles.foodLicenceNo };
type BatchRow = { line: typeof deliveryLines.$inferSelect; delivery: typeof deliveries.$inferSelect; canteenName: string; supplierName: string; foodLicenceNo: string | null };

/** The batches' lines with their delivery, the receiving canteen and the supplier (with its food licence). */
function batches(db: DbOrTx, lineIds: string[]) {
  return db
    .select(batchColumns)
    .from(deliveryLines)
    .innerJoin(deliveries, eq(deliveries.id, deliveryLines.deliveryId))
    .innerJoin(canteens, eq(canteens.id, deliveries.canteenId))
    .innerJoin(orgs, eq(orgs.id, deliveries.supplierId))
    .leftJoin(supplierProfiles, eq(supplierProfiles.orgId, deliveries.supplierId))
    .where(inArray(deliveryLines.id, lineIds.length ? lineIds : [""]));
}

const batchOut = (r: BatchRow) => ({
  lineId: r.line.id,
  product: r.line.product,
  batchNo: r.line.batchNo,
  unit: r.line.unit,
  productionDate: r.line.productionDate,
  expiresOn: r.line.expiresOn,
  origin: r.line.origin,
  originLicence: r.line.originLicence,
  certificate: certificateOf(r.line),
  delivery: { id: r.delivery.id, deliveredAt: toIso(r.delivery.deliveredAt), status: r.delivery.status },
  supplier: { id: r.delivery.supplierId, name: r.supplierName, foodLicenceNo: r.foodLicenceNo },
  canteen: { id: r.delivery.canteenId, name: r.canteenName },
});

/** Backward: the dish's used batches, each with what it gave the dish. */
export async function traceDish(deps: AppDeps, scope: Scope, dishId: string) {
  const { dish, canteen } = await dishInScope(deps.db, scope, dishId);
  const moves = await deps.db.select({ lineId: stockMoves.lineId, qtyMilli: stockMoves.qtyMilli }).from(stockMoves).where(eq(stockMoves.dishId, dish.id));
  const used = new Map<string, number>();
  for (const m of moves) used.set(m.lineId, (used.get(m.lineId) ?? 0) - m.qtyMilli);
  const rows = await batches(deps.db, [...used.keys()]);
  return {
    dish: { id: dish.id, name: dish.name, day: dish.day, meal: dish.meal, students: dish.students },
    canteen: { id: canteen.id, name: canteen.name },
    batches: rows.map((r) => ({ ...batchOut(r), used: fromMilli(used.get(r.line.id) ?? 0) })).sort((a, b) => a.product.localeCompare(b.product) || a.lineId.localeCompare(b.lineId)),
  };
}

/**
 * Forward (a recall): the batch, every line of the same supplier's batch number the caller may see (the same batch
 * delivered to other canteens), and every meal that used any of them.
 */
export async function traceBatch(deps: AppDeps, scope: Scope, lineId: string) {
  const { line, delivery } = await lineInScope(deps.db, scope, lineId);
  const same = await scopedLines(deps.db, scope, { id: deliveryLines.id }, eq(deliveryLines.batchNo, line.batchNo), eq(deliveries.supplierId, delivery.supplierId), eq(deliveryLines.product, line.product));
  const ids = [...new Set([line.id, ...same.map((s) => s.id)])];
  const [rows, uses] = await Promise.all([
    batches(deps.db, ids),
    deps.db
      .select({ lineId: stockMoves.lineId, qtyMilli: stockMoves.qtyMilli, dishId: menuDishes.id, dishName: menuDishes.name, day: menuDishes.day, meal: menuDishes.meal, canteenId: canteens.id, canteenName: canteens.name, unit: deliveryLines.unit })
      .from(stockMoves)
      .innerJoin(menuDishes, eq(menuDishes.id, stockMoves.dishId))
      .innerJoin(canteens, eq(canteens.id, stockMoves.canteenId))
      .innerJoin(deliveryLines, eq(deliveryLines.id, stockMoves.lineId))
      .where(and(inArray(stockMoves.lineId, ids), isNotNull(stockMoves.dishId))),
  ]);
  const meals = new Map<string, { dishId: string; dishName: string; day: string; meal: "breakfast" | "lunch" | "dinner"; canteenId: string; canteenName: string; lineId: string; used: number; unit: string }>();
  for (const u of uses) {
    const key = `${u.dishId}|${u.lineId}`;
    const m = meals.get(key) ?? { dishId: u.dishId, dishName: u.dishName, day: u.day, meal: u.meal, canteenId: u.canteenId, canteenName: u.canteenName, lineId: u.lineId, used: 0, unit: u.unit };
    m.used += -u.qtyMilli;
    meals.set(key, m);
  }
  const mealList = [...meals.values()].map((m) => ({ ...m, used: fromMilli(m.used) })).sort((a, b) => a.day.localeCompare(b.day) || a.canteenName.localeCompare(b.canteenName) || a.dishName.localeCompare(b.dishName));
  const byCanteen = new Map<string, { id: string; name: string; meals: number }>();
  for (const r of rows) byCanteen.set(r.delivery.canteenId, { id: r.delivery.canteenId, name: r.canteenName, meals: 0 });
  for (const m of mealList) byCanteen.get(m.canteenId)!.meals += 1;
  const all = rows.map(batchOut);
  return { batch: all.find((b) => b.lineId === line.id)!, lines: all, meals: mealList, canteens: [...byCanteen.values()] };
}
