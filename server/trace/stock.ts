import { and, asc, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { deliveries, deliveryLines, orgs, stockChainHeads, stockMoves } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { conflict, type ErrorDetail } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { nowOf, type AppDeps } from "../http/env.ts";
import { chinaDay } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { stockMoveInScope } from "../scope/trace.ts";
import { type ChainedMove, chainMoves, fifoOrder, fromMilli, isExpired, type Lot, type MoveBreak, type MoveFields, tailBreak, verifyMoves } from "./rules.ts";

/** The stock ledger (issue 15, item 3): append-only moves chained per canteen, lots on hand, verification. */

/** Appends moves to the canteen's chain inside the caller's transaction. */
export async function appendMoves(tx: DbOrTx, canteenId: string, moves: Array<Omit<MoveFields, "seq" | "canteenId">>): Promise<ChainedMove[]> {
  if (!moves.length) return [];
  const [last] = await tx.select({ seq: stockMoves.seq, hash: stockMoves.hash }).from(stockMoves).where(eq(stockMoves.canteenId, canteenId)).orderBy(desc(stockMoves.seq)).limit(1);
  const rows = chainMoves(last ?? null, moves.map((m) => ({ ...m, canteenId })));
  await tx.insert(stockMoves).values(rows as Array<typeof stockMoves.$inferInsert>);
  const head = rows[rows.length - 1]!;
  await tx.insert(stockChainHeads).values({ canteenId, seq: head.seq, hash: head.hash }).onConflictDoUpdate({ target: stockChainHeads.canteenId, set: { seq: head.seq, hash: head.hash } });
  return rows;
}

/** Every lot of a canteen with stock on hand (or of the given batches, whatever their stock). */
export async function lotsOf(db: DbOrTx, canteenId: string, lineIds?: string[]): Promise<Array<Lot & { supplier: string; origin: string }>> {
  const onHand = sql<number>`sum(${stockMoves.qtyMilli})`;
  const rows = await db
    .select({
      lineId: stockMoves.lineId,
      onHandMilli: onHand,
      receivedAt: sql<number>`min(${stockMoves.at})`,
      product: deliveryLines.product,
      batchNo: deliveryLines.batchNo,
      unit: deliveryLines.unit,
      expiresOn: deliveryLines.expiresOn,
      origin: deliveryLines.origin,
      supplier: orgs.name,
    })
    .from(stockMoves)
    .innerJoin(deliveryLines, eq(deliveryLines.id, stockMoves.lineId))
    .innerJoin(deliveries, eq(deliveries.id, deliveryLines.deliveryId))
    .innerJoin(orgs, eq(orgs.id, deliveries.supplierId))
    .where(and(eq(stockMoves.canteenId, canteenId), lineIds ? inArray(stockMoves.lineId, lineIds) : undefined))
    .groupBy(stockMoves.lineId)
    .having(lineIds ? undefined : ne(onHand, 0));
  return rows.map((r) => ({ ...r, onHandMilli: Number(r.onHandMilli), receivedAt: Number(r.receivedAt) }));
}

/** The stock shown with a refusal: each lot of the product, what is on hand and when it expires. */
export function stockDetails(lots: Lot[], product: string, day: string): ErrorDetail[] {
  const mine = fifoOrder(lots.filter((l) => l.product === product && l.onHandMilli > 0));
  if (!mine.length) return [{ path: `stock.${product}`, message: `${product}: 0 on hand` }];
  return mine.map((l) => ({ path: `stock.${l.lineId}`, message: `${l.product} ${l.batchNo}: ${fromMilli(l.onHandMilli)} ${l.unit} on hand, expires ${l.expiresOn}${isExpired(l.expiresOn, day) ? " (expired)" : ""}` }));
}

export async function canteenStock(deps: AppDeps, scope: Scope, canteenId: string) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  const day = chinaDay(nowOf(deps));
  const lots = fifoOrder(await lotsOf(deps.db, canteen.id));
  const products = [...new Set(lots.map((l) => l.product))].sort();
  return {
    canteenId: canteen.id,
    day,
    products: products.map((product) => {
      const mine = lots.filter((l) => l.product === product);
      return {
        product,
        unit: mine[0]!.unit,
        onHand: fromMilli(mine.reduce((s, l) => s + (l.unit === mine[0]!.unit ? l.onHandMilli : 0), 0)),
        lots: mine.map((l) => ({ lineId: l.lineId, product: l.product, batchNo: l.batchNo, unit: l.unit, onHand: fromMilli(l.onHandMilli), expiresOn: l.expiresOn, expired: isExpired(l.expiresOn, day), supplier: l.supplier, origin: l.origin })),
      };
    }),
  };
}

const moveColumns = { move: stockMoves, batchNo: deliveryLines.batchNo, unit: deliveryLines.unit };
type MoveRow = { move: typeof stockMoves.$inferSelect; batchNo: string; unit: string };
export const moveOut = ({ move: m, batchNo, unit }: MoveRow) => ({
  id: m.id,
  seq: m.seq,
  kind: m.kind,
  lineId: m.lineId,
  product: m.product,
  batchNo,
  quantity: fromMilli(m.qtyMilli),
  unit,
  dishId: m.dishId,
  correctsId: m.correctsId,
  reason: m.reason,
  at: toIso(m.at),
  day: m.day,
  hash: m.hash,
});
export const selectMoves = (db: DbOrTx) => db.select(moveColumns).from(stockMoves).innerJoin(deliveryLines, eq(deliveryLines.id, stockMoves.lineId)).$dynamic();

const bySeq = keyset("desc", [stockMoves.seq], (r: MoveRow) => [r.move.seq]);

/** A canteen's moves, newest first. */
export async function listMoves(deps: AppDeps, scope: Scope, canteenId: string, q: { cursor?: string; limit: number }) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  const rows = await selectMoves(deps.db)
    .where(and(eq(stockMoves.canteenId, canteen.id), bySeq.after(q.cursor)))
    .orderBy(...bySeq.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = bySeq.page(rows, q.limit);
  return { items: page.map(moveOut), nextCursor };
}

export async function getMove(deps: AppDeps, scope: Scope, id: string) {
  const { move } = await stockMoveInScope(deps.db, scope, id);
  const [row] = await selectMoves(deps.db).where(eq(stockMoves.id, move.id));
  return moveOut(row!);
}

/** A batch's stock cannot go below zero: the refusal shows what is on hand. */
export function refuseNegative(lots: Lot[], lot: Lot, deltaMilli: number, day: string) {
  if (lot.onHandMilli + deltaMilli < 0) throw conflict("insufficient_stock", stockDetails(lots, lot.product, day));
}

const VERIFY_PAGE = 5000;

/** Recomputes a canteen's chain page by page; names the first breaks and counts them all. */
export async function verifyStock(deps: AppDeps, scope: Scope, canteenId: string) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  let previous: ChainedMove | null = null;
  let checked = 0;
  let count = 0;
  const first: MoveBreak[] = [];
  for (;;) {
    const rows = (await deps.db
      .select()
      .from(stockMoves)
      .where(and(eq(stockMoves.canteenId, canteen.id), previous ? gt(stockMoves.seq, previous.seq) : undefined))
      .orderBy(asc(stockMoves.seq))
      .limit(VERIFY_PAGE)) as ChainedMove[];
    const broken = verifyMoves(rows, previous);
    count += broken.length;
    first.push(...broken.slice(0, 20 - first.length));
    checked += rows.length;
    if (rows.length < VERIFY_PAGE) {
      previous = rows[rows.length - 1] ?? previous;
      break;
    }
    previous = rows[rows.length - 1]!;
  }
  // the chain's end against the head recorded with the last append: the newest moves deleted, or one added
  const [head] = await deps.db.select().from(stockChainHeads).where(eq(stockChainHeads.canteenId, canteen.id));
  const tail = tailBreak(previous, head ?? null);
  if (tail) {
    count++;
    if (first.length < 20) first.push(tail);
  }
  return { canteenId: canteen.id, ok: count === 0, checked, broken: { count, first } };
}
