import { and, eq, gte, lte } from "drizzle-orm";
import type { z } from "zod";
import { deliveries, deliveryLines, menuDishes, orgs, recipeLines } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { conflict, forbidden, invalid } from "../http/errors.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { checkEntry, settingsOf } from "../ledgers/check.ts";
import { kindDef } from "../ledgers/kinds.ts";
import { addDays, chinaDay } from "../ledgers/rules.ts";
import { appendVersionTx } from "../ledgers/service.ts";
import type { StoredMedia } from "../media-store/store.ts";
import { scopeHasRoleIn } from "../scope/actor.ts";
import { deliveryInScope } from "../scope/trace.ts";
import type { Receipt } from "./contracts.ts";
import { oneDelivery } from "./deliveries.ts";
import { convertMilli, fromMilli, overDelivered, plannedMilli, receiptStatus } from "./rules.ts";
import { appendMoves } from "./stock.ts";
import { type NewWarning, raiseWarnings } from "./warnings.ts";

/**
 * The canteen receives a delivery (issue 15, item 2): each batch accepted or refused with a reason. In one
 * transaction: the lines' outcome, one 进货查验 ledger entry per batch (its certificate, photo or PDF, attached — the
 * ledger of issue 14 is the receiving step), a `received` stock move per accepted batch, the audit entry.
 */
export async function receiveDelivery(caller: Caller, id: string, body: z.infer<typeof Receipt>) {
  const { db } = caller.deps;
  const { delivery, org } = await deliveryInScope(db, caller.scope, id);
  // the supplier sees its deliveries, but the receiving is the school's
  if (!scopeHasRoleIn(caller.scope, org.id, kindDef("purchase_inspection").fillers)) throw forbidden("not_the_receiving_canteen");
  if (delivery.status !== "pending") throw conflict("already_received");
  const lines = await db.select().from(deliveryLines).where(eq(deliveryLines.deliveryId, delivery.id)).orderBy(deliveryLines.seq);
  const answers = new Map(body.lines.map((l) => [l.lineId, l]));
  if (answers.size !== body.lines.length || lines.length !== answers.size || lines.some((l) => !answers.has(l.id))) {
    throw invalid("receipt_must_answer_every_line", [{ path: "lines", message: `one answer for each of the ${lines.length} lines` }]);
  }
  body.lines.forEach((a, i) => {
    if (!a.accepted && !a.reason) throw invalid("refusal_needs_reason", [{ path: `lines.${i}.reason`, message: "required when refused" }]);
  });
  const now = nowOf(caller.deps);
  const day = chinaDay(now);
  const [supplier] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, delivery.supplierId));
  const settings = await settingsOf(db, delivery.canteenId);
  // 进货查验: the ledger's own checks, on the day of receipt
  const checked = await Promise.all(
    lines.map((l) => {
      const a = answers.get(l.id)!;
      const data = { supplier: supplier!.name.slice(0, 60), product: l.product, quantity: fromMilli(l.qtyMilli), unit: l.unit, productionDate: l.productionDate, shelfLifeDays: l.shelfLifeDays, result: a.accepted ? "accepted" : "rejected", ...(a.reason ? { note: a.reason } : {}) };
      return checkEntry(db, { canteenId: delivery.canteenId, kind: "purchase_inspection", data, eventAt: now, photos: [], now, settings });
    }),
  );
  const needs = await weekNeeds(caller, delivery.canteenId, day);
  await db.transaction(async (tx) => {
    // the status moves only from pending: a second receipt racing this one finds nothing to update
    const claimed = await tx.update(deliveries).set({ status: receiptStatus(lines.map((l) => answers.get(l.id)!.accepted)), receivedBy: caller.actor.userId, receivedAt: now }).where(and(eq(deliveries.id, delivery.id), eq(deliveries.status, "pending"))).returning({ id: deliveries.id });
    if (!claimed.length) throw conflict("already_received");
    const warnings: NewWarning[] = [];
    const moves = [];
    for (const [i, l] of lines.entries()) {
      const a = answers.get(l.id)!;
      // the batch's certificate, photo or PDF, is kept with its 进货查验 entry (the same stored bytes, not a copy), so the
      // ledger shows the document whichever form the supplier sent
      const photo: StoredMedia[] = [{ key: l.certKey, sha256: l.certSha256, bytes: l.certBytes, contentType: l.certType as StoredMedia["contentType"] }];
      const ledger = await appendVersionTx(tx, caller, { canteenId: delivery.canteenId, kind: "purchase_inspection", idempotencyKey: `rcv-${l.id}`, eventAt: now, checked: checked[i]!, previous: null, reason: null }, photo);
      await appendAudit(tx, ledger.audit, now);
      await tx.update(deliveryLines).set({ status: a.accepted ? "accepted" : "refused", refuseReason: a.accepted ? null : a.reason!, ledgerEntryId: ledger.result.id }).where(eq(deliveryLines.id, l.id));
      if (!a.accepted) continue;
      moves.push({ id: newId("stm"), kind: "received", lineId: l.id, product: l.product, qtyMilli: l.qtyMilli, dishId: null, correctsId: null, reason: null, at: now, day, byUser: caller.actor.userId });
      const need = needs.get(l.product);
      const needInLine = need ? convertMilli(need.milli, need.unit, l.unit) : null;
      if (needInLine !== null && overDelivered(l.qtyMilli, needInLine)) warnings.push({ canteenId: delivery.canteenId, kind: "over_delivery", refId: l.id, detail: { product: l.product, delivered: fromMilli(l.qtyMilli), weekNeed: fromMilli(needInLine), unit: l.unit } });
    }
    const chained = await appendMoves(tx, delivery.canteenId, moves);
    await raiseWarnings(tx, now, warnings);
    await appendAudit(tx, { actorId: caller.actor.userId, action: "delivery.receive", targetType: "delivery", targetId: delivery.id, change: { answers: body.lines, moves: chained.map((m) => m.hash) } }, now);
  });
  return oneDelivery(db, caller.scope, delivery.id);
}

/** What the canteen's menus of the coming week plan of each product (for the over-delivery warning). */
async function weekNeeds(caller: Caller, canteenId: string, day: string) {
  const rows = await caller.deps.db
    .select({ product: recipeLines.product, unit: recipeLines.unit, perStudentMilli: recipeLines.perStudentMilli, students: menuDishes.students })
    .from(recipeLines)
    .innerJoin(menuDishes, eq(menuDishes.id, recipeLines.dishId))
    .where(and(eq(menuDishes.canteenId, canteenId), gte(menuDishes.day, day), lte(menuDishes.day, addDays(day, 6))));
  const needs = new Map<string, { milli: number; unit: string }>();
  for (const r of rows) {
    const have = needs.get(r.product);
    const milli = plannedMilli(r.perStudentMilli, r.students);
    const add = have ? convertMilli(milli, r.unit, have.unit) : milli;
    if (have && add !== null) have.milli += add;
    else if (!have) needs.set(r.product, { milli, unit: r.unit });
  }
  return needs;
}
