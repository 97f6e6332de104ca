import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { deliveryLines, menuDishes, stockMoves } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { ApiError, conflict, notFound } from "../http/errors.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { chinaDay } from "../ledgers/rules.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { dishInScope } from "../scope/trace.ts";
import type { CreateMove, RecordUse } from "./contracts.ts";
import { dishesOut } from "./menus.ts";
import { allocate, dayTotals, fromMilli, type MoveFields, toMilli } from "./rules.ts";
import { appendMoves, lotsOf, moveOut, refuseNegative, selectMoves, stockDetails } from "./stock.ts";
import { type NewWarning, raiseWarnings } from "./warnings.ts";

/**
 * Stock going out (issue 15, items 3 and 4): the day's use of a dish, taken FIFO by expiry, and the canteen's own
 * moves (returned, discarded, corrections). A refusal for want of stock is itself a warning (stock would have gone
 * negative), recorded after the refused write rolled back.
 */

/** Runs a stock write; on a stock refusal, records the `stock_negative` warning and rethrows. */
async function guarded<T>(caller: Caller, canteenId: string, refId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ApiError && err.reason === "insufficient_stock") {
      await raiseWarnings(caller.deps.db, nowOf(caller.deps), [{ canteenId, kind: "stock_negative", refId, detail: { stock: err.details ?? [] } }]);
    }
    throw err;
  }
}

export async function recordUse(caller: Caller, dishId: string, body: z.infer<typeof RecordUse>) {
  const { dish } = await dishInScope(caller.deps.db, caller.scope, dishId);
  const now = nowOf(caller.deps);
  const day = chinaDay(now);
  const raised: NewWarning[] = [];
  const dayBefore = await dishesOut(caller.deps.db, await caller.deps.db.select().from(menuDishes).where(and(eq(menuDishes.canteenId, dish.canteenId), eq(menuDishes.day, dish.day))));
  const moves = await guarded(caller, dish.canteenId, dish.id, () =>
    caller.deps.db.transaction(async (tx) => {
      const lots = await lotsOf(tx, dish.canteenId);
      const out: Array<Omit<MoveFields, "seq" | "canteenId">> = [];
      for (const [i, want] of body.lines.entries()) {
        if (want.lineId && !lots.some((l) => l.lineId === want.lineId && l.product === want.product)) throw notFound("batch_not_in_stock");
        const result = allocate(lots, { product: want.product, needMilli: toMilli(want.quantity), unit: want.unit, lineId: want.lineId }, day);
        if ("short" in result) throw conflict("insufficient_stock", [{ path: `lines.${i}`, message: `${want.product}: asked ${want.quantity} ${want.unit}, ${fromMilli(result.availableMilli)} ${want.unit} usable` }, ...stockDetails(lots, want.product, day)]);
        for (const take of result.takes) {
          const lot = lots.find((l) => l.lineId === take.lineId)!;
          lot.onHandMilli -= take.qtyMilli;
          out.push({ id: newId("stm"), kind: "used", lineId: take.lineId, product: lot.product, qtyMilli: -take.qtyMilli, dishId: dish.id, correctsId: null, reason: null, at: now, day, byUser: caller.actor.userId });
          if (take.expired) raised.push({ canteenId: dish.canteenId, kind: "expired_batch_used", refId: take.lineId, detail: { dishId: dish.id, product: lot.product, batchNo: lot.batchNo, expiresOn: lot.expiresOn } });
        }
      }
      const chained = await appendMoves(tx, dish.canteenId, out);
      await appendAudit(tx, { actorId: caller.actor.userId, action: "stock.use", targetType: "dish", targetId: dish.id, change: { lines: body.lines, moves: chained.map((m) => m.hash) } }, now);
      return chained;
    }),
  );
  // off plan, per dish and per day: warned when this use tips it over (not again at every later use)
  const dayAfter = await dishesOut(caller.deps.db, await caller.deps.db.select().from(menuDishes).where(and(eq(menuDishes.canteenId, dish.canteenId), eq(menuDishes.day, dish.day))));
  const out = dayAfter.find((d) => d.id === dish.id)!;
  for (const p of out.ingredients.filter((g) => g.offPlan && !dayBefore.find((d) => d.id === dish.id)?.ingredients.find((b) => b.product === g.product)?.offPlan)) {
    raised.push({ canteenId: dish.canteenId, kind: "use_off_plan", refId: dish.id, detail: { product: p.product, planned: p.planned, used: p.used, unit: p.unit, tolerancePct: dish.tolerancePct } });
  }
  const before = dayTotals(dayBefore, dish.tolerancePct);
  for (const p of dayTotals(dayAfter, dish.tolerancePct).filter((t) => t.offPlan && !before.find((b) => b.product === t.product)?.offPlan)) {
    raised.push({ canteenId: dish.canteenId, kind: "use_off_plan", refId: `${dish.canteenId}:${dish.day}`, detail: { day: dish.day, product: p.product, planned: p.planned, used: p.used, unit: p.unit, tolerancePct: dish.tolerancePct } });
  }
  await raiseWarnings(caller.deps.db, now, raised);
  const rows = await selectMoves(caller.deps.db).where(inArray(stockMoves.id, moves.map((m) => m.id)));
  return { dish: out, moves: rows.map(moveOut).sort((a, b) => a.seq - b.seq), warnings: [...new Set(raised.map((w) => w.kind))] };
}

/** A canteen's own move of one batch: returned, discarded (expired, spoiled), or a signed correction with its reason. */
export async function createMove(caller: Caller, canteenId: string, body: z.infer<typeof CreateMove>) {
  const { canteen } = await canteenInScope(caller.deps.db, caller.scope, canteenId);
  const now = nowOf(caller.deps);
  const day = chinaDay(now);
  if (body.kind !== "correction" && body.quantity < 0) throw new ApiError("validation_failed", "quantity_must_be_positive", [{ path: "quantity", message: "returned and discarded quantities are positive" }]);
  if (body.kind !== "correction" && body.correctsId) throw new ApiError("validation_failed", "corrects_only_corrections", [{ path: "correctsId", message: "only a correction compensates a move" }]);
  const delta = body.kind === "correction" ? toMilli(body.quantity) : -toMilli(body.quantity);
  const [row] = await guarded(caller, canteen.id, body.lineId, () =>
    caller.deps.db.transaction(async (tx) => {
      const [line] = await tx.select({ product: deliveryLines.product }).from(deliveryLines).innerJoin(stockMoves, eq(stockMoves.lineId, deliveryLines.id)).where(and(eq(deliveryLines.id, body.lineId), eq(stockMoves.canteenId, canteen.id))).limit(1);
      if (!line) throw notFound("batch_not_in_stock");
      if (body.correctsId) {
        const [target] = await tx.select({ id: stockMoves.id }).from(stockMoves).where(and(eq(stockMoves.id, body.correctsId), eq(stockMoves.canteenId, canteen.id), eq(stockMoves.lineId, body.lineId)));
        if (!target) throw notFound("move_not_found");
      }
      const lots = await lotsOf(tx, canteen.id);
      const lot = (await lotsOf(tx, canteen.id, [body.lineId]))[0]!;
      refuseNegative(lots.some((l) => l.lineId === lot.lineId) ? lots : [...lots, lot], lot, delta, day);
      const chained = await appendMoves(tx, canteen.id, [{ id: newId("stm"), kind: body.kind, lineId: body.lineId, product: line.product, qtyMilli: delta, dishId: null, correctsId: body.correctsId ?? null, reason: body.reason, at: now, day, byUser: caller.actor.userId }]);
      await appendAudit(tx, { actorId: caller.actor.userId, action: `stock.${body.kind}`, targetType: "stock_move", targetId: chained[0]!.id, change: { ...chained[0] } }, now);
      return chained;
    }),
  );
  const [out] = await selectMoves(caller.deps.db).where(eq(stockMoves.id, row!.id));
  return moveOut(out!);
}
