import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { inspections, legalBases, orderEvents, orderItems, orderItemSnapshots, orders, orderSequences, orgs, regions, snapshots } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import type { Caller } from "../http/env.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import type { CreateOrder, Order } from "./contracts.ts";
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

/** The cited articles, each known to the catalogue (400 naming the item otherwise). */
async function basesOf(tx: DbOrTx, body: CreateOrder) {
  const bases = await tx.select({ id: legalBases.id, code: legalBases.code }).from(legalBases).where(inArray(legalBases.id, [...new Set(body.items.map((i) => i.legalBasisId))]));
  body.items.forEach((item, n) => {
    if (!bases.some((b) => b.id === item.legalBasisId)) throw notFound("legal_basis_unknown", [{ path: `items.${n}.legalBasisId`, message: "not in the catalogue" }]);
  });
  return bases;
}

/** The evidence frames, each a snapshot of the inspected canteen (400 naming the item otherwise). */
async function shotsOf(tx: DbOrTx, body: CreateOrder, canteenId: string) {
  const shots = await tx
    .select({ id: snapshots.id, sha256: snapshots.sha256 })
    .from(snapshots)
    .where(and(inArray(snapshots.id, [...new Set(body.items.flatMap((i) => i.snapshotIds))]), eq(snapshots.canteenId, canteenId)));
  body.items.forEach((item, n) =>
    item.snapshotIds.forEach((id, k) => {
      if (!shots.some((s) => s.id === id)) throw conflict("snapshot_not_in_canteen", [{ path: `items.${n}.snapshotIds.${k}`, message: "not a snapshot of this canteen" }]);
    }),
  );
  return shots;
}

export async function issueOrder({ deps, scope, actor }: Caller, body: CreateOrder): Promise<Order> {
  const now = nowOf(deps);
  const { orderId, eventId } = await writeAudited(deps, async (tx) => {
    const [found] = await scopedLists(tx, scope).inspections({ inspection: inspections, school: orgs }, eq(inspections.id, body.inspectionId));
    if (!found) throw notFound();
    const { inspection, school } = found;
    const issuer = issuingMembership(scope.memberships, school);
    if (!issuer) throw forbidden("no_issuing_regulator");
    const bases = await basesOf(tx, body);
    const shots = await shotsOf(tx, body, inspection.canteenId);

    const items = body.items.map((item, n) => ({
      id: newId("oit"),
      seq: n + 1,
      problem: item.problem,
      severity: item.severity,
      legalBasisId: item.legalBasisId,
      legalBasisCode: bases.find((b) => b.id === item.legalBasisId)!.code,
      deadline: item.deadline ? Date.parse(item.deadline) : defaultDeadline(item.severity, now),
      snapshots: [...new Set(item.snapshotIds)].map((id) => shots.find((s) => s.id === id)!),
    }));
    const deadline = body.deadline ? Date.parse(body.deadline) : Math.min(...items.map((i) => i.deadline));
    if (deadline <= now) throw conflict("deadline_past", [{ path: "deadline", message: "must be in the future" }]);
    items.forEach((i, n) => {
      if (i.deadline <= now) throw conflict("deadline_past", [{ path: `items.${n}.deadline`, message: "must be in the future" }]);
    });

    const year = chinaYear(now);
    const seq = await nextSequence(tx, issuer.orgId, year);
    const order = {
      id: newId("ord"),
      number: orderNumber(orderNumberPrefix(await regionNamesOf(tx, issuer.regionCode)), year, seq),
      canteenId: inspection.canteenId,
      inspectionId: inspection.id,
      issuerOrgId: issuer.orgId,
      issuedBy: actor.userId,
      issuedAt: now,
      deadline,
      remarks: body.remarks || null,
    };
    const sha256 = documentSha256({ order, items });
    await tx.insert(orders).values({ ...order, status: "issued", documentSha256: sha256, updatedAt: now });
    await tx.insert(orderItems).values(items.map((i) => ({ id: i.id, orderId: order.id, seq: i.seq, problem: i.problem, severity: i.severity, legalBasisId: i.legalBasisId, deadline: i.deadline })));
    await tx.insert(orderItemSnapshots).values(items.flatMap((i) => i.snapshots.map((s) => ({ itemId: i.id, snapshotId: s.id }))));
    const event = { id: newId("oev"), orderId: order.id, type: "issued" as const, fromStatus: null, toStatus: "issued" as const, actorId: actor.userId, at: now };
    await tx.insert(orderEvents).values(event);
    return {
      result: { orderId: order.id, eventId: event.id },
      audit: { actorId: actor.userId, action: "order.issue", targetType: "order", targetId: order.id, change: { ...order, documentSha256: sha256, items } },
    };
  });
  announceOrder(deps, "order.issued", orderId, eventId);
  return orderDetail(deps.db, (await summaryById(deps.db, orderId, SYSTEM))!);
}
