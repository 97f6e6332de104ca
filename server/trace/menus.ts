import { and, asc, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { menuDishes, recipeLines, stockMoves } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { conflict, invalid } from "../http/errors.ts";
import { nowOf, type AppDeps, type Caller } from "../http/env.ts";
import { addDays, chinaDay, mondayOf } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { SetMenu } from "./contracts.ts";
import { convertMilli, fromMilli, offPlan, perStudentInRange, plannedMilli, toMilli } from "./rules.ts";
import { lotsOf } from "./stock.ts";

/** 每日食谱 and 带量食谱 (issue 15, item 4): a meal's dishes, each with its portion per student; planned vs used. */

export const DEFAULT_TOLERANCE_PCT = 20;
type DishRow = typeof menuDishes.$inferSelect;

/** Dishes with their recipe, what it plans and what the stock moves say was used (in the recipe's unit). */
export async function dishesOut(db: DbOrTx, dishes: DishRow[]) {
  const ids = dishes.map((d) => d.id);
  const [recipes, used] = await Promise.all([
    ids.length ? db.select().from(recipeLines).where(inArray(recipeLines.dishId, ids)) : [],
    ids.length ? db.select({ dishId: stockMoves.dishId, product: stockMoves.product, qtyMilli: stockMoves.qtyMilli, lineId: stockMoves.lineId, canteenId: stockMoves.canteenId }).from(stockMoves).where(and(inArray(stockMoves.dishId, ids), isNotNull(stockMoves.dishId))) : [],
  ]);
  const lots = new Map<string, string>();
  for (const canteenId of new Set(used.map((u) => u.canteenId))) {
    for (const l of await lotsOf(db, canteenId, [...new Set(used.filter((u) => u.canteenId === canteenId).map((u) => u.lineId))])) lots.set(l.lineId, l.unit);
  }
  return dishes.map((d) => ({
    id: d.id,
    day: d.day,
    meal: d.meal,
    name: d.name,
    students: d.students,
    tolerancePct: d.tolerancePct,
    ingredients: recipes
      .filter((r) => r.dishId === d.id)
      .map((r) => {
        const planned = plannedMilli(r.perStudentMilli, d.students);
        // used moves are negative in the batch's unit; counted in the recipe's
        const usedMilli = used.filter((u) => u.dishId === d.id && u.product === r.product).reduce((s, u) => s + (convertMilli(-u.qtyMilli, lots.get(u.lineId) ?? r.unit, r.unit) ?? 0), 0);
        return { product: r.product, unit: r.unit, planned: fromMilli(planned), used: fromMilli(usedMilli), offPlan: usedMilli > 0 && offPlan(planned, usedMilli, d.tolerancePct) };
      }),
  }));
}

/** Sets one meal's dishes; a meal whose use is already recorded is not replaced (409). */
export async function setMenu(caller: Caller, body: z.infer<typeof SetMenu>) {
  const { canteen } = await canteenInScope(caller.deps.db, caller.scope, body.canteenId);
  body.dishes.forEach((d, i) =>
    d.ingredients.forEach((r, j) => {
      if (!perStudentInRange(toMilli(r.perStudent), r.unit)) throw invalid("recipe_quantity_out_of_range", [{ path: `dishes.${i}.ingredients.${j}.perStudent`, message: "more than 0 and at most 1 kg, 1 L or 10 pieces per student" }]);
    }),
  );
  const names = body.dishes.map((d) => d.name);
  if (new Set(names).size !== names.length) throw invalid("duplicate_dish", [{ path: "dishes", message: "each dish once" }]);
  const now = nowOf(caller.deps);
  await writeAudited(caller.deps, async (tx) => {
    const old = await tx.select({ id: menuDishes.id }).from(menuDishes).where(and(eq(menuDishes.canteenId, canteen.id), eq(menuDishes.day, body.day), eq(menuDishes.meal, body.meal)));
    const oldIds = old.map((o) => o.id);
    if (oldIds.length) {
      const [usedOne] = await tx.select({ id: stockMoves.id }).from(stockMoves).where(inArray(stockMoves.dishId, oldIds)).limit(1);
      if (usedOne) throw conflict("menu_in_use");
      await tx.delete(recipeLines).where(inArray(recipeLines.dishId, oldIds));
      await tx.delete(menuDishes).where(inArray(menuDishes.id, oldIds));
    }
    const dishes = body.dishes.map((d, i) => ({ id: newId("dsh"), canteenId: canteen.id, day: body.day, meal: body.meal, seq: i + 1, name: d.name, students: d.students, tolerancePct: d.tolerancePct ?? DEFAULT_TOLERANCE_PCT, createdBy: caller.actor.userId, createdAt: now }));
    await tx.insert(menuDishes).values(dishes);
    const lines = body.dishes.flatMap((d, i) => {
      const seen = new Set<string>();
      return d.ingredients.flatMap((r) => (seen.has(r.product) ? [] : (seen.add(r.product), [{ dishId: dishes[i]!.id, product: r.product, perStudentMilli: toMilli(r.perStudent), unit: r.unit }])));
    });
    await tx.insert(recipeLines).values(lines);
    return { result: null, audit: { actorId: caller.actor.userId, action: "menu.set", targetType: "canteen", targetId: canteen.id, change: { day: body.day, meal: body.meal, dishes, lines } } };
  });
  return menuOf(caller.deps, caller.scope, canteen.id, { from: body.day, to: body.day });
}

const MEAL_ORDER = { breakfast: 0, lunch: 1, dinner: 2 } as const;

/** The canteen's menu over a period (default: this week, Monday to Sunday). */
export async function menuOf(deps: AppDeps, scope: Scope, canteenId: string, q: { from?: string; to?: string }) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  const from = q.from ?? mondayOf(chinaDay(nowOf(deps)));
  const to = q.to ?? addDays(from, 6);
  if (to < from || to > addDays(from, 62)) throw invalid("bad_period", [{ path: "to", message: "from ≤ to, at most 62 days" }]);
  const rows = await deps.db
    .select()
    .from(menuDishes)
    .where(and(eq(menuDishes.canteenId, canteen.id), gte(menuDishes.day, from), lte(menuDishes.day, to)))
    .orderBy(asc(menuDishes.day), asc(menuDishes.seq));
  rows.sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal] || a.seq - b.seq);
  return { canteenId: canteen.id, from, to, dishes: await dishesOut(deps.db, rows) };
}
