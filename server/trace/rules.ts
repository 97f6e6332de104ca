import { createHash } from "node:crypto";
import { canonicalJson, GENESIS_HASH } from "../audit/rules.ts";
import { addDays, chinaDay } from "../ledgers/rules.ts";

/**
 * Pure rules of traceability (issue 15): quantities, units, the stock chain, FIFO by expiry, planned use.
 * No I/O. Quantities are integers in thousandths of their unit (milli-units) so that sums are exact.
 */

export const toMilli = (q: number) => Math.round(q * 1000);
export const fromMilli = (m: number) => m / 1000;
/** at most three decimals: what toMilli keeps exactly */
export const hasMilliPrecision = (q: number) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6;

/** Units the stock understands: mass and volume convert to kg and L; anything else counts pieces of itself. */
const UNITS: Record<string, { dim: string; base: number }> = {
  kg: { dim: "mass", base: 1 },
  公斤: { dim: "mass", base: 1 },
  千克: { dim: "mass", base: 1 },
  g: { dim: "mass", base: 0.001 },
  克: { dim: "mass", base: 0.001 },
  斤: { dim: "mass", base: 0.5 },
  L: { dim: "volume", base: 1 },
  升: { dim: "volume", base: 1 },
  ml: { dim: "volume", base: 0.001 },
  毫升: { dim: "volume", base: 0.001 },
};
export const unitOf = (unit: string) => UNITS[unit] ?? { dim: `count:${unit}`, base: 1 };

/** `milli` of `from` in `to` (rounded to milli-units), or null when they measure different things. */
export function convertMilli(milli: number, from: string, to: string): number | null {
  const a = unitOf(from);
  const b = unitOf(to);
  if (a.dim !== b.dim) return null;
  return Math.round((milli * a.base) / b.base);
}

/** The most one student's portion may take of a product: 1 kg, 1 L, or 10 pieces. */
export function perStudentInRange(milli: number, unit: string): boolean {
  const u = unitOf(unit);
  const max = u.dim.startsWith("count:") ? 10_000 : 1000 / u.base;
  return milli > 0 && milli <= max;
}

/** The day a batch expires: its production date plus its shelf life (the ledger's 进货查验 rule). */
export const expiresOn = (productionDate: string, shelfLifeDays: number) => addDays(productionDate, shelfLifeDays);
/** past its shelf life on `day` */
export const isExpired = (expires: string, day: string) => expires < day;

export type DeliveryLineProblem = "produced_after_delivery" | "expired_on_arrival";
/** A batch must be produced by the day it is delivered and still within its shelf life. */
export function deliveryLineProblem(line: { productionDate: string; shelfLifeDays: number }, day: string): DeliveryLineProblem | null {
  if (line.productionDate > day) return "produced_after_delivery";
  if (isExpired(expiresOn(line.productionDate, line.shelfLifeDays), day)) return "expired_on_arrival";
  return null;
}

/** How the receipt's answer per line sums up. */
export function receiptStatus(accepted: boolean[]): "accepted" | "partly" | "refused" {
  if (accepted.every(Boolean)) return "accepted";
  return accepted.some(Boolean) ? "partly" : "refused";
}

// --- the stock chain ---------------------------------------------------------------------------------

export interface MoveFields {
  id: string;
  canteenId: string;
  seq: number;
  kind: string;
  lineId: string;
  product: string;
  qtyMilli: number;
  dishId: string | null;
  correctsId: string | null;
  reason: string | null;
  at: number;
  day: string;
  byUser: string;
}
export interface ChainedMove extends MoveFields {
  prevHash: string;
  hash: string;
}
export { GENESIS_HASH };

/** A move's hash: the previous hash and the move's canonical JSON (the audit chain's helper). */
export function moveHash(prevHash: string, m: MoveFields): string {
  const fields: MoveFields = { id: m.id, canteenId: m.canteenId, seq: m.seq, kind: m.kind, lineId: m.lineId, product: m.product, qtyMilli: m.qtyMilli, dishId: m.dishId, correctsId: m.correctsId, reason: m.reason, at: m.at, day: m.day, byUser: m.byUser };
  return createHash("sha256").update(`${prevHash}\n${canonicalJson(fields)}`).digest("hex");
}

/** Links moves (in order) onto the chain after `last`. */
export function chainMoves(last: { seq: number; hash: string } | null, moves: Array<Omit<MoveFields, "seq">>): ChainedMove[] {
  let prev = last ?? { seq: 0, hash: GENESIS_HASH };
  return moves.map((m) => {
    const row = { ...m, seq: prev.seq + 1 };
    const hash = moveHash(prev.hash, row);
    const chained = { ...row, prevHash: prev.hash, hash };
    prev = chained;
    return chained;
  });
}

export type MoveBreak = { seq: number; reason: "edited" | "deleted_before" | "inserted_or_relinked" | "deleted_at_end" | "added_at_end" };

/**
 * Every break in a canteen's chain, each row judged against the row stored before it: a gap in seq is a deletion,
 * a link that does not point at the previous row's hash is an insertion (or a re-linked row), a row whose own hash
 * does not hold was edited. `previous`: the last row of the page before (verify in pages).
 */
/**
 * The chain's last row against the head recorded when moves were last appended (null: a chain from before heads
 * were kept, nothing to compare): fewer rows than recorded means the newest were deleted; more, or another last
 * hash, means rows were added or the last one replaced.
 */
export function tailBreak(last: { seq: number; hash: string } | null, head: { seq: number; hash: string } | null): MoveBreak | null {
  if (!head) return null;
  const seq = last?.seq ?? 0;
  if (seq < head.seq) return { seq: head.seq, reason: "deleted_at_end" };
  if (seq > head.seq) return { seq, reason: "added_at_end" };
  // the last row replaced by one whose hash is right for its content
  return last!.hash === head.hash ? null : { seq, reason: "edited" };
}

export function verifyMoves(rows: ChainedMove[], previous: { seq: number; hash: string } | null = null): MoveBreak[] {
  let prev = previous ?? { seq: 0, hash: GENESIS_HASH };
  const broken: MoveBreak[] = [];
  for (const row of rows) {
    if (row.seq !== prev.seq + 1) broken.push({ seq: row.seq, reason: "deleted_before" });
    else if (row.prevHash !== prev.hash) broken.push({ seq: row.seq, reason: "inserted_or_relinked" });
    else if (moveHash(row.prevHash, row) !== row.hash) broken.push({ seq: row.seq, reason: "edited" });
    prev = row;
  }
  return broken;
}

// --- FIFO --------------------------------------------------------------------------------------------

export interface Lot {
  lineId: string;
  product: string;
  batchNo: string;
  unit: string;
  expiresOn: string;
  receivedAt: number;
  onHandMilli: number;
}
export interface Take {
  lineId: string;
  /** in the lot's unit */
  qtyMilli: number;
  expired: boolean;
}

/** Lots of a product in the order they are used: earliest expiry first, then earliest received. */
export const fifoOrder = <L extends Lot>(lots: L[]): L[] => [...lots].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.receivedAt - b.receivedAt || a.lineId.localeCompare(b.lineId));

/**
 * Takes `needMilli` of `unit` of a product from the lots on hand, FIFO by expiry. Expired lots are skipped (they
 * are to be discarded), unless the caller names the lot (`lineId`): then that lot alone, expired or not.
 * Returns the takes, or `short` with what could be had.
 */
export function allocate(lots: Lot[], want: { product: string; needMilli: number; unit: string; lineId?: string }, day: string): { takes: Take[] } | { short: true; availableMilli: number } {
  const candidates = fifoOrder(lots.filter((l) => l.onHandMilli > 0 && (want.lineId ? l.lineId === want.lineId : l.product === want.product && !isExpired(l.expiresOn, day))));
  let left = want.needMilli;
  let available = 0;
  const takes: Take[] = [];
  for (const lot of candidates) {
    const needInLot = convertMilli(left, want.unit, lot.unit);
    const haveInWant = convertMilli(lot.onHandMilli, lot.unit, want.unit);
    if (needInLot === null || haveInWant === null) continue;
    available += haveInWant;
    if (left <= 0) continue;
    const expired = isExpired(lot.expiresOn, day);
    if (needInLot <= lot.onHandMilli) {
      takes.push({ lineId: lot.lineId, qtyMilli: needInLot, expired });
      left = 0;
    } else {
      takes.push({ lineId: lot.lineId, qtyMilli: lot.onHandMilli, expired });
      left -= haveInWant;
    }
  }
  if (left > 0) return { short: true, availableMilli: available };
  return { takes };
}

/** Planned use of a recipe line: the portion times the students served (milli-units of the recipe's unit). */
export const plannedMilli = (perStudentMilli: number, students: number) => perStudentMilli * students;

/** Whether actual use strays from the plan by more than `tolerancePct` percent. */
export function offPlan(plannedMilli: number, actualMilli: number, tolerancePct: number): boolean {
  if (plannedMilli <= 0) return actualMilli > 0;
  return (Math.abs(actualMilli - plannedMilli) * 100) / plannedMilli > tolerancePct;
}

/** A delivery far above the menu's needs: more than `factor` times what the coming week's menus plan. */
export const OVER_DELIVERY_FACTOR = 3;
export const overDelivered = (deliveredMilli: number, neededMilli: number) => neededMilli > 0 && deliveredMilli > neededMilli * OVER_DELIVERY_FACTOR;

/** The month (YYYY-MM) of a day. */
export const monthOf = (day: string) => day.slice(0, 7);

/** Cost per student-meal in fen (null when no meal was served). */
export const costPerMeal = (fen: number, studentMeals: number) => (studentMeals > 0 ? Math.round(fen / studentMeals) : null);

/** The `n` months ending with `month` (YYYY-MM), oldest first. */
export function monthsBack(month: string, n: number): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}

/**
 * A day's planned and used quantity of each product over all its dishes (each in the first dish's unit of it), and
 * whether the day as a whole strays from the plan beyond `tolerancePct`.
 */
export function dayTotals(dishes: Array<{ ingredients: Array<{ product: string; unit: string; planned: number; used: number }> }>, tolerancePct: number) {
  const totals = new Map<string, { product: string; unit: string; planned: number; used: number }>();
  for (const g of dishes.flatMap((d) => d.ingredients)) {
    const t = totals.get(g.product) ?? { product: g.product, unit: g.unit, planned: 0, used: 0 };
    const planned = convertMilli(toMilli(g.planned), g.unit, t.unit);
    const used = convertMilli(toMilli(g.used), g.unit, t.unit);
    if (planned === null || used === null) continue;
    t.planned += fromMilli(planned);
    t.used += fromMilli(used);
    totals.set(g.product, t);
  }
  return [...totals.values()].map((t) => ({ ...t, offPlan: t.used > 0 && offPlan(toMilli(t.planned), toMilli(t.used), tolerancePct) }));
}

/**
 * How many parent-committee members sat on `day` (China time): seated by the end of that day and not ended before
 * it. A consultation of a committee with nobody on it is no consultation, so approval needs at least one.
 */
export function committeeSeatedOn(members: ReadonlyArray<{ createdAt: number; endedAt: number | null }>, day: string): number {
  return members.filter((m) => chinaDay(m.createdAt) <= day && (m.endedAt === null || chinaDay(m.endedAt) >= day)).length;
}
