import { and, eq, gte, isNotNull, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { deliveryLines, menuDishes, stockMoves, traceBudgets } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { nowOf, type AppDeps, type Caller } from "../http/env.ts";
import { chinaDay } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { CostQuery, SetBudget } from "./contracts.ts";
import { costPerMeal, monthsBack } from "./rules.ts";

/**
 * 成本管控 (issue 15, item 6): per canteen and month, the cost of the ingredients used (delivery prices of the batches
 * the moves took) per student-meal served, against the budget the school sets, over the last months (the trend).
 */
export async function canteenCost(deps: AppDeps, scope: Scope, canteenId: string, q: z.infer<typeof CostQuery>) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  const months = monthsBack(q.month ?? chinaDay(nowOf(deps)).slice(0, 7), 6);
  const from = `${months[0]}-01`;
  const to = `${months[months.length - 1]}-31`;
  const month = sql<string>`substr(${stockMoves.day}, 1, 7)`;
  const [[budget], spent, meals] = await Promise.all([
    deps.db.select().from(traceBudgets).where(eq(traceBudgets.canteenId, canteen.id)),
    // fen: milli-units used × fen per unit / 1000
    deps.db
      .select({ month, fen: sql<number>`coalesce(sum(-${stockMoves.qtyMilli} * ${deliveryLines.unitPriceFen}), 0) / 1000.0` })
      .from(stockMoves)
      .innerJoin(deliveryLines, eq(deliveryLines.id, stockMoves.lineId))
      .where(and(eq(stockMoves.canteenId, canteen.id), eq(stockMoves.kind, "used"), gte(stockMoves.day, from), lte(stockMoves.day, to)))
      .groupBy(month),
    // a meal's student-meals: the most students any of its dishes served (every dish goes to the same students)
    deps.db
      .select({ day: menuDishes.day, meal: menuDishes.meal, students: sql<number>`max(${menuDishes.students})` })
      .from(menuDishes)
      .where(and(eq(menuDishes.canteenId, canteen.id), gte(menuDishes.day, from), lte(menuDishes.day, to), isNotNull(sql`(select 1 from ${stockMoves} where ${stockMoves.dishId} = ${menuDishes.id} limit 1)`)))
      .groupBy(menuDishes.day, menuDishes.meal),
  ]);
  const budgetFen = budget?.perMealFen ?? null;
  return {
    canteenId: canteen.id,
    budgetYuan: budgetFen === null ? null : budgetFen / 100,
    months: months.map((m) => {
      const fen = Number(spent.find((s) => s.month === m)?.fen ?? 0);
      const studentMeals = meals.filter((x) => x.day.startsWith(m)).reduce((s, x) => s + Number(x.students), 0);
      const perMeal = costPerMeal(fen, studentMeals);
      return { month: m, costYuan: Math.round(fen) / 100, studentMeals, perMealYuan: perMeal === null ? null : perMeal / 100, overBudget: perMeal !== null && budgetFen !== null && perMeal > budgetFen };
    }),
  };
}

export async function setBudget(caller: Caller, canteenId: string, body: z.infer<typeof SetBudget>) {
  const { canteen } = await canteenInScope(caller.deps.db, caller.scope, canteenId);
  const row = { canteenId: canteen.id, perMealFen: Math.round(body.perMealYuan * 100), updatedBy: caller.actor.userId, updatedAt: nowOf(caller.deps) };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(traceBudgets).values(row).onConflictDoUpdate({ target: traceBudgets.canteenId, set: row });
    return { result: null, audit: { actorId: caller.actor.userId, action: "trace.budget", targetType: "canteen", targetId: canteen.id, change: row } };
  });
  return canteenCost(caller.deps, caller.scope, canteen.id, {});
}
