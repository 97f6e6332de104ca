import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { evidence, legalBases, orders } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { keyset } from "../http/pagination.ts";
import type { UploadedImage } from "../http/uploads.ts";
import { check, runTransition } from "../lifecycle/engine.ts";
import { mediaStoreOf, type StoredMedia } from "../media-store/store.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { orderInScope } from "../scope/loaders.ts";
import type { Order, OrderVerification, OrdersQuery } from "./contracts.ts";
import type { OrderAction } from "./rules.ts";
import { attentionRank, orderDetail, recomputeSha256, selectSummaryPage, type SummaryRow, summaryById, summaryOf } from "./view.ts";
import { orderWorkflow } from "./workflow.ts";

/** Orders after issuing (issue.ts): lists, the whole order, its evidence photos, its lifecycle steps, the public check. */

export async function listLegalBases(db: DbOrTx) {
  const rows = await db.select().from(legalBases).orderBy(asc(legalBases.sort));
  return { items: rows.map(({ sort: _sort, ...b }) => b) };
}

/** Overdue orders still waiting for the school first, then by deadline. */
export const byAttention = keyset("asc", [attentionRank, orders.deadline, orders.id], (r: SummaryRow) => [r.rank, r.order.deadline, r.order.id]);

export async function listOrders(db: DbOrTx, scope: Scope, q: OrdersQuery) {
  const rows = await selectSummaryPage(
    db,
    scope,
    q.status ? eq(orders.status, q.status) : undefined,
    q.canteenId ? eq(orders.canteenId, q.canteenId) : undefined,
    q.inspectionId ? eq(orders.inspectionId, q.inspectionId) : undefined,
    q.overdue ? eq(orders.overdue, q.overdue === "true") : undefined,
    byAttention.after(q.cursor),
  )
    .orderBy(...byAttention.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byAttention.page(rows, q.limit);
  return { items: page.map(summaryOf), nextCursor };
}

export async function getOrder(db: DbOrTx, scope: Scope, id: string): Promise<Order> {
  const row = await summaryById(db, id, scope);
  if (!row) throw notFound();
  return orderDetail(db, row);
}

/** A rectification photo of an order in scope. */
export async function evidencePhoto(deps: AppDeps, scope: Scope, id: string) {
  const [row] = await scopedLists(deps.db, scope).evidence({ photo: evidence }, eq(evidence.id, id));
  if (!row) throw notFound();
  const bytes = await mediaStoreOf(deps).get(row.photo.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, row.photo.contentType, row.photo.sha256);
}

/** One step of the lifecycle on the engine, answered with the whole order. */
export async function transitionOrder(caller: Caller, id: string, action: OrderAction, note: string | null, photos: StoredMedia[] = []): Promise<Order> {
  await runTransition(caller.deps, orderWorkflow, caller, id, action, { note, photos });
  return orderDetail(caller.deps.db, (await summaryById(caller.deps.db, id, SYSTEM))!);
}

/** The school's rectification: refused before anything is stored when the order cannot take a submission now. */
export async function submitOrder(caller: Caller, id: string, description: string, files: UploadedImage[]): Promise<Order> {
  const found = await orderInScope(caller.deps.db, caller.scope, id);
  check(orderWorkflow, found, "submit");
  const store = mediaStoreOf(caller.deps);
  const stored: StoredMedia[] = [];
  for (const f of files) stored.push(await store.put(f.bytes, f.contentType, "evidence"));
  return transitionOrder(caller, found.order.id, "submit", description, stored);
}

/**
 * The public check of a printed order (its QR code): no scope — anyone holding the paper may check it; ids are
 * random and the answer reveals only the header.
 */
export async function verifyOrder(db: DbOrTx, id: string): Promise<OrderVerification> {
  const row = await summaryById(db, id, SYSTEM);
  if (!row) throw notFound();
  const computed = await recomputeSha256(db, row.order);
  return {
    orderId: row.order.id,
    number: row.order.number,
    canteenName: row.canteenName,
    issuerOrgName: row.issuerOrgName,
    issuedAt: toIso(row.order.issuedAt),
    status: row.order.status,
    result: computed === row.order.documentSha256 ? "unchanged" : "changed",
    signedSha256: row.order.documentSha256,
    computedSha256: computed,
  };
}
