import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, type SYSTEM } from "../scope/lists.ts";
import { canteens, complaints, evidence, legalBases, orderEvents, orderItems, orderItemSnapshots, orders, orgs, snapshots, users } from "../../db/schema/index.ts";
import { evidenceImageUrl, verifyPath, type Order, type OrderEvent, type OrderSummary } from "./contracts.ts";
import { snapshotImageUrl } from "../snapshots/contracts.ts";
import { documentSha256, type OrderDocumentInput } from "./rules.ts";
import { toIso } from "../clock/time.ts";

/**
 * Reading orders back: the summary of lists and data messages, the full order with its timeline, and the
 * rows the signed document hash is computed from, through the caller's scope (or SYSTEM for the server's own reads).
 */
const issuerOrgs = alias(orgs, "issuer_org");

/** 0 for orders that are overdue and still wait for the school (they lead lists), else 1. */
export const attentionRank = sql<number>`(case when ${orders.overdue} = 1 and ${orders.status} in ('issued', 'acknowledged') then 0 else 1 end)`;

export const selectSummaries = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) => summariesOf(scopedLists(db, scope), filters);
/** The same, for a page of the orders list (in the order of orders_attention_idx: attentionRank, deadline, id). */
export const selectSummaryPage = (db: DbOrTx, scope: Scope, ...filters: Array<SQL | undefined>) => summariesOf(scopedLists(db, scope, { paged: true }), filters);

const summariesOf = (lists: ReturnType<typeof scopedLists>, filters: Array<SQL | undefined>) =>
  lists
    .orders(
      {
        order: orders,
        canteenName: canteens.name,
        schoolId: orgs.id,
        schoolName: orgs.name,
        schoolRegion: orgs.regionCode,
        issuerName: users.displayName,
        issuerOrgName: issuerOrgs.name,
        issuerRegion: issuerOrgs.regionCode,
        rank: attentionRank,
        itemCount: sql<number>`(select count(*) from ${orderItems} where ${orderItems.orderId} = ${orders.id})`,
      },
      ...filters,
    )
    .innerJoin(users, eq(users.id, orders.issuedBy))
    .innerJoin(issuerOrgs, eq(issuerOrgs.id, orders.issuerOrgId));

export type SummaryRow = Awaited<ReturnType<typeof selectSummaries>>[number];

export const summaryOf = (r: SummaryRow): OrderSummary => ({
  id: r.order.id,
  number: r.order.number,
  status: r.order.status,
  overdue: r.order.overdue,
  escalated: r.order.escalatedAt != null,
  canteenId: r.order.canteenId,
  canteenName: r.canteenName,
  schoolId: r.schoolId,
  schoolName: r.schoolName,
  inspectionId: r.order.inspectionId,
  complaintId: r.order.complaintId,
  issuedBy: { id: r.order.issuedBy, displayName: r.issuerName, orgId: r.order.issuerOrgId, orgName: r.issuerOrgName },
  issuedAt: toIso(r.order.issuedAt),
  deadline: toIso(r.order.deadline),
  itemCount: Number(r.itemCount),
  updatedAt: toIso(r.order.updatedAt),
});

export async function summaryById(db: DbOrTx, id: string, scope: Scope | typeof SYSTEM) {
  const [row] = await selectSummaries(db, scope, eq(orders.id, id));
  return row ?? null;
}


async function itemsOf(db: DbOrTx, orderId: string) {
  const items = await db
    .select({ item: orderItems, basis: legalBases })
    .from(orderItems)
    .innerJoin(legalBases, eq(legalBases.id, orderItems.legalBasisId))
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.seq));
  const links = items.length
    ? await db
        .select({ itemId: orderItemSnapshots.itemId, id: snapshots.id, sha256: snapshots.sha256 })
        .from(orderItemSnapshots)
        .innerJoin(snapshots, eq(snapshots.id, orderItemSnapshots.snapshotId))
        .where(inArray(orderItemSnapshots.itemId, items.map((i) => i.item.id)))
        .orderBy(asc(snapshots.id))
    : [];
  return items.map(({ item, basis }) => ({ item, basis, snapshots: links.filter((l) => l.itemId === item.id).map(({ id, sha256 }) => ({ id, sha256 })) }));
}

/** The rows the signature covers, as they are now in the database. */
export async function documentInputOf(db: DbOrTx, order: typeof orders.$inferSelect): Promise<OrderDocumentInput> {
  const items = await itemsOf(db, order.id);
  return {
    order,
    items: items.map(({ item, basis, snapshots }) => ({
      id: item.id,
      seq: item.seq,
      problem: item.problem,
      severity: item.severity,
      legalBasisCode: basis.code,
      deadline: item.deadline,
      snapshots,
    })),
  };
}

export const recomputeSha256 = async (db: DbOrTx, order: typeof orders.$inferSelect) => documentSha256(await documentInputOf(db, order));

/** The whole order: summary, items with legal basis and snapshots, signature, timeline with evidence. */
export async function orderDetail(db: DbOrTx, row: SummaryRow): Promise<Order> {
  const o = row.order;
  const items = await itemsOf(db, o.id);
  const events = await db
    .select({ event: orderEvents, actorName: users.displayName })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, o.id))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
  const photos = await db.select().from(evidence).where(eq(evidence.orderId, o.id)).orderBy(asc(evidence.createdAt), asc(evidence.seq));
  const [complaint] = o.complaintId ? await db.select({ id: complaints.id, code: complaints.code }).from(complaints).where(eq(complaints.id, o.complaintId)) : [];
  return {
    ...summaryOf(row),
    remarks: o.remarks,
    complaint: complaint ?? null,
    items: items.map(({ item, basis, snapshots }) => ({
      id: item.id,
      seq: item.seq,
      problem: item.problem,
      severity: item.severity,
      legalBasis: { id: basis.id, code: basis.code, law: basis.law, article: basis.article, title: basis.title, description: basis.description },
      deadline: toIso(item.deadline),
      snapshots: snapshots.map((s) => ({ ...s, imageUrl: snapshotImageUrl(s.id) })),
    })),
    signature: { signer: { id: o.issuedBy, displayName: row.issuerName }, signedAt: toIso(o.issuedAt), documentSha256: o.documentSha256 },
    events: events.map(({ event: e, actorName }): OrderEvent => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actor: e.actorId ? { id: e.actorId, displayName: actorName ?? "" } : null,
      at: toIso(e.at),
      note: e.note,
      notified: e.notified ? (JSON.parse(e.notified) as OrderEvent["notified"]) : [],
      evidence: photos
        .filter((p) => p.eventId === e.id)
        .map((p) => ({ id: p.id, eventId: p.eventId, sha256: p.sha256, contentType: p.contentType, bytes: p.bytes, imageUrl: evidenceImageUrl(p.id), createdAt: toIso(p.createdAt) })),
    })),
    verifyPath: verifyPath(o.id),
  };
}

/** The short form of an event that data messages carry. */
export async function eventRef(db: DbOrTx, eventId: string) {
  const [row] = await db
    .select({ event: orderEvents, actorName: users.displayName })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.id, eventId));
  const e = row!.event;
  return { id: e.id, type: e.type, at: toIso(e.at), actor: e.actorId ? { id: e.actorId, displayName: row!.actorName ?? "" } : null };
}
