import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { inspections, legalBases, orderEvents, orderItems, orderItemSnapshots, orders, orderSequences, orgs, regions, snapshots } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import type { Caller } from "../http/env.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import type { CreateOrder, Order, OrderItemInput } from "./contracts.ts";
import { chinaYear, defaultDeadline, documentSha256, issuingMembership, orderNumber, orderNumberPrefix } from "./rules.ts";
import { orderDetail, summaryById } from "./view.ts";
import { announceOrder } from "./workflow.ts";

/**
 * Issuing a 整改通知: checks the inspection, legal bases and snapshots, numbers the order in its regulator's
 * yearly sequence, signs the canonical document, writes order, items, links, first event and audit entry in
 * one transaction, then announces it in the canteen's room.
 */

/** Region names from the city down (only the province's for a provincial regulator): the 文号 prefix. */
async function regionNamesOf(db: DbOrTx, code: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | null = code;
  while (next) {
    const [r] = await db.select().from(regions).where(eq(regions.code, next));
    if (!r) break;
    names.unshift(r.name);
    if (r.level !== "district") break;
    next = r.parentCode;
  }
  return names;
}

/** The next number of this regulator's yearly sequence; one statement, inside the issuing transaction. */
async function nextSequence(tx: DbOrTx, regulatorOrgId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(orderSequences)
    .values({ regulatorOrgId, year, last: 1 })
    .onConflictDoUpdate({ target: [orderSequences.regulatorOrgId, orderSequences.year], set: { last: sql`${orderSequences.last} + 1` } })
    .returning({ last: orderSequences.last });
  return row!.last;
}

/** What an order cites per item: an article and (for an inspection's order, at least one) frames of the canteen. */
type ItemInput = { problem: string; severity: OrderItemInput["severity"]; legalBasisId: string; deadline?: string | undefined; snapshotIds?: string[] | undefined };
export interface OrderDraft {
  canteenId: string;
  school: { id: string; regionCode: string };
  /** where the order comes from: an inspection of the canteen, or a complaint about it (issue 13) */
  inspectionId: string | null;
  complaintId: string | null;
  items: ItemInput[];
  deadline?: string | undefined;
  remarks?: string | undefined;
}

/** The cited articles, each known to the catalogue (400 naming the item otherwise). */
async function basesOf(tx: DbOrTx, draft: OrderDraft) {
  const bases = await tx.select({ id: legalBases.id, code: legalBases.code }).from(legalBases).where(inArray(legalBases.id, [...new Set(draft.items.map((i) => i.legalBasisId))]));
  draft.items.forEach((item, n) => {
    if (!bases.some((b) => b.id === item.legalBasisId)) throw notFound("legal_basis_unknown", [{ path: `items.${n}.legalBasisId`, message: "not in the catalogue" }]);
  });
  return bases;
}

/** The evidence frames, each a snapshot of the canteen (409 naming the item otherwise). */
async function shotsOf(tx: DbOrTx, draft: OrderDraft) {
  const ids = [...new Set(draft.items.flatMap((i) => i.snapshotIds ?? []))];
  const shots = ids.length
    ? await tx.select({ id: snapshots.id, sha256: snapshots.sha256 }).from(snapshots).where(and(inArray(snapshots.id, ids), eq(snapshots.canteenId, draft.canteenId)))
    : [];
  draft.items.forEach((item, n) =>
    (item.snapshotIds ?? []).forEach((id, k) => {
      if (!shots.some((s) => s.id === id)) throw conflict("snapshot_not_in_canteen", [{ path: `items.${n}.snapshotIds.${k}`, message: "not a snapshot of this canteen" }]);
    }),
  );
  return shots;
}

/**
 * Numbers, signs and writes one order with its items, links and first event inside the caller's transaction;
 * answers what the audit entry records (the caller appends it) and announces nothing (the caller does, after commit).
 */
export async function writeOrder(tx: DbOrTx, { scope, actor }: Pick<Caller, "scope" | "actor">, draft: OrderDraft, now: number) {
  const issuer = issuingMembership(scope.memberships, draft.school);
  if (!issuer) throw forbidden("no_issuing_regulator");
  const bases = await basesOf(tx, draft);
  const shots = await shotsOf(tx, draft);

  const items = draft.items.map((item, n) => ({
    id: newId("oit"),
    seq: n + 1,
    problem: item.problem,
    severity: item.severity,
    legalBasisId: item.legalBasisId,
    legalBasisCode: bases.find((b) => b.id === item.legalBasisId)!.code,
    deadline: item.deadline ? Date.parse(item.deadline) : defaultDeadline(item.severity, now),
    snapshots: [...new Set(item.snapshotIds ?? [])].map((id) => shots.find((s) => s.id === id)!),
  }));
  const deadline = draft.deadline ? Date.parse(draft.deadline) : Math.min(...items.map((i) => i.deadline));
  if (deadline <= now) throw conflict("deadline_past", [{ path: "deadline", message: "must be in the future" }]);
  items.forEach((i, n) => {
    if (i.deadline <= now) throw conflict("deadline_past", [{ path: `items.${n}.deadline`, message: "must be in the future" }]);
  });

  const year = chinaYear(now);
  const seq = await nextSequence(tx, issuer.orgId, year);
  const order = {
    id: newId("ord"),
    number: orderNumber(orderNumberPrefix(await regionNamesOf(tx, issuer.regionCode)), year, seq),
    canteenId: draft.canteenId,
    inspectionId: draft.inspectionId,
    complaintId: draft.complaintId,
    issuerOrgId: issuer.orgId,
    issuedBy: actor.userId,
    issuedAt: now,
    deadline,
    remarks: draft.remarks || null,
  };
  const sha256 = documentSha256({ order, items });
  await tx.insert(orders).values({ ...order, status: "issued", documentSha256: sha256, updatedAt: now });
  await tx.insert(orderItems).values(items.map((i) => ({ id: i.id, orderId: order.id, seq: i.seq, problem: i.problem, severity: i.severity, legalBasisId: i.legalBasisId, deadline: i.deadline })));
  const links = items.flatMap((i) => i.snapshots.map((s) => ({ itemId: i.id, snapshotId: s.id })));
  if (links.length) await tx.insert(orderItemSnapshots).values(links);
  const event = { id: newId("oev"), orderId: order.id, type: "issued" as const, fromStatus: null, toStatus: "issued" as const, actorId: actor.userId, at: now };
  await tx.insert(orderEvents).values(event);
  return {
    orderId: order.id,
    number: order.number,
    eventId: event.id,
    audit: { actorId: actor.userId, action: "order.issue", targetType: "order", targetId: order.id, change: { ...order, documentSha256: sha256, items } },
  };
}

/** `POST /api/v1/orders`: an order from an inspection of a canteen in scope. */
export async function issueOrder(caller: Caller, body: CreateOrder): Promise<Order> {
  const { deps, scope } = caller;
  const now = nowOf(deps);
  const { orderId, eventId } = await writeAudited(deps, async (tx) => {
    const [found] = await scopedLists(tx, scope).inspections({ inspection: inspections, school: orgs }, eq(inspections.id, body.inspectionId));
    if (!found) throw notFound();
    const { audit, ...result } = await writeOrder(tx, caller, { ...body, canteenId: found.inspection.canteenId, school: found.school, inspectionId: found.inspection.id, complaintId: null }, now);
    return { result, audit };
  });
  announceOrder(deps, "order.issued", orderId, eventId);
  return orderDetail(deps.db, (await summaryById(deps.db, orderId, SYSTEM))!);
}
