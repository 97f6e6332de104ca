import { asc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, complaintEvents, complaints, orders, orgs, users } from "../../db/schema/index.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, type SYSTEM } from "../scope/lists.ts";
import type { Complaint } from "./contracts.ts";
import { isOverdue, maskPhone } from "./rules.ts";

/** Open complaints first, then answered, then closed; within each by deadline. */
export const attentionRank = sql<number>`(case ${complaints.status} when 'open' then 0 when 'answered' then 1 else 2 end)`;

const orderRef = { id: orders.id, number: orders.number, status: orders.status, issuedAt: orders.issuedAt, deadline: orders.deadline };

export const selectComplaints = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope)
    .complaints({ complaint: complaints, canteenName: canteens.name, schoolName: orgs.name, rank: attentionRank, order: orderRef }, ...filters)
    .leftJoin(orders, eq(orders.complaintId, complaints.id));

/** The order a complaint was turned into, as its views show it. */
export const orderRefOf = (o: ComplaintRow["order"]) => (o ? { number: o.number, status: o.status, issuedAt: toIso(o.issuedAt), deadline: toIso(o.deadline) } : null);

export type ComplaintRow = Awaited<ReturnType<typeof selectComplaints>>[number];

export function summaryOf(row: ComplaintRow, now: number) {
  const c = row.complaint;
  return {
    id: c.id,
    code: c.code,
    canteenId: c.canteenId,
    canteenName: row.canteenName,
    schoolName: row.schoolName,
    category: c.category,
    text: c.text,
    phoneMasked: maskPhone(c.phone),
    hasPhoto: c.photoKey !== null,
    status: c.status,
    overdue: isOverdue(c, now),
    escalated: c.escalated,
    createdAt: toIso(c.createdAt),
    deadlineAt: toIso(c.deadlineAt),
    answer: c.answer,
    answeredAt: toIsoOrNull(c.answeredAt),
    order: row.order ? { id: row.order.id, ...orderRefOf(row.order)! } : null,
  };
}

export async function complaintDetail(db: DbOrTx, row: ComplaintRow, now: number): Promise<Complaint> {
  const events = await db
    .select({ event: complaintEvents, actorName: users.displayName })
    .from(complaintEvents)
    .leftJoin(users, eq(users.id, complaintEvents.actorId))
    .where(eq(complaintEvents.complaintId, row.complaint.id))
    .orderBy(asc(complaintEvents.at), sql`complaint_events.rowid`);
  return {
    ...summaryOf(row, now),
    photoUrl: row.complaint.photoKey ? `/api/v1/complaints/${row.complaint.id}/photo` : null,
    events: events.map(({ event: e, actorName }) => ({ id: e.id, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorName, at: toIso(e.at), note: e.note })),
  };
}
