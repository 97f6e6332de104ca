import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { deliveries, deliveryLines, menuDishes, orgs, stockMoves } from "../../db/schema/index.ts";

/**
 * What the canteen's public page discloses of traceability (issue 15, item 5; seed 000 第十二条): the day's dishes
 * per meal and, for each dish, the sources of what it used — supplier and origin, never prices nor quantities.
 * Read on nobody's behalf: the public page's slug is the only key.
 */
const MEALS = ["breakfast", "lunch", "dinner"] as const;

export async function publicSources(db: DbOrTx, canteenId: string, day: string) {
  const dishes = await db.select({ id: menuDishes.id, meal: menuDishes.meal, name: menuDishes.name }).from(menuDishes).where(and(eq(menuDishes.canteenId, canteenId), eq(menuDishes.day, day))).orderBy(asc(menuDishes.seq));
  const ids = dishes.map((d) => d.id);
  const used = ids.length
    ? await db
        .selectDistinct({ dishId: stockMoves.dishId, product: deliveryLines.product, origin: deliveryLines.origin, supplier: orgs.name })
        .from(stockMoves)
        .innerJoin(deliveryLines, eq(deliveryLines.id, stockMoves.lineId))
        .innerJoin(deliveries, eq(deliveries.id, deliveryLines.deliveryId))
        .innerJoin(orgs, eq(orgs.id, deliveries.supplierId))
        .where(and(eq(stockMoves.canteenId, canteenId), inArray(stockMoves.dishId, ids)))
    : [];
  const menu = MEALS.map((meal) => ({ meal, dishes: dishes.filter((d) => d.meal === meal).map((d) => d.name) })).filter((m) => m.dishes.length);
  const ingredientSources = dishes.flatMap((d) =>
    used
      .filter((u) => u.dishId === d.id)
      .sort((a, b) => a.product.localeCompare(b.product))
      .map((u) => ({ dish: d.name, product: u.product, supplier: u.supplier, origin: u.origin })),
  );
  return { menu, ingredientSources };
}
