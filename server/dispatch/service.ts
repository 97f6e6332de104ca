import { and, asc, between, desc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, dispatchNotices, dispatchReads, dispatchRecipients, orgs, regions, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { REGION_ROLES } from "../auth/permissions.ts";
import { newId } from "../auth/tokens.ts";
import { type Announcement, announcement, publish, publishLater } from "../bus/publish.ts";
import { canteenRoom, opsOrgRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { conflict, notFound } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { membershipCovers, regionInScope, type Scope } from "../scope/actor.ts";
import { dispatchNoticeInScope } from "../scope/loaders.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import type { Notice, NoticeMessage, NoticePush, NoticesQuery, NoticeSummary, Receipt, SendNotice } from "./contracts.ts";
import { addressedSchools, readCounts, receiptOrder } from "./rules.ts";

/**
 * 应急指挥调度 notices (issue 16, item 8). Sending writes the notice and the schools it addresses (fixed at that
 * moment) with its audit entry in one transaction, then pushes it to the schools' live rooms; a school's manager
 * signs for the school once (the read receipt), audited likewise. Nothing is ever updated or deleted.
 */
type NoticeRow = typeof dispatchNotices.$inferSelect;

/** SQLite's bound-variable limit: a province's notice addresses thousands of schools, inserted and read in chunks. */
const CHUNK = 400;
const chunks = <T>(all: readonly T[]): T[][] => Array.from({ length: Math.ceil(all.length / CHUNK) }, (_, i) => all.slice(i * CHUNK, (i + 1) * CHUNK));

const senderOrg = alias(orgs, "sender_org");
const summaryFields = {
  notice: dispatchNotices,
  regionName: regions.name,
  senderName: users.displayName,
  senderOrgName: senderOrg.name,
};
type SummaryRow = { notice: NoticeRow; regionName: string; senderName: string; senderOrgName: string };

/** a school's people see their own school's receipt; region users the receipts of their region's schools */
const schoolSide = (scope: Scope) => scope.memberships.length > 0 && scope.memberships.every((m) => !REGION_ROLES.includes(m.role));

const summaryOf = (r: SummaryRow, receipts: ReadonlyArray<{ readAt: number | null }>, school: boolean): NoticeSummary => ({
  id: r.notice.id,
  regionCode: r.notice.regionCode,
  regionName: r.regionName,
  title: r.notice.title,
  body: r.notice.body,
  urgency: r.notice.urgency,
  sender: { id: r.notice.senderId, displayName: r.senderName, orgId: r.notice.senderOrgId, orgName: r.senderOrgName },
  sentAt: toIso(r.notice.createdAt),
  counts: readCounts(receipts),
  readAt: school && receipts[0]?.readAt != null ? toIso(receipts[0].readAt) : null,
});

const pushOf = (r: SummaryRow): NoticePush => ({ id: r.notice.id, title: r.notice.title, body: r.notice.body, urgency: r.notice.urgency, sentAt: toIso(r.notice.createdAt), senderOrgName: r.senderOrgName, regionName: r.regionName });

/** The notices (with names) among the given filters, through the caller's scope. */
const selectSummaries = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Parameters<ReturnType<typeof scopedLists>["dispatchNotices"]>[1][]) =>
  scopedLists(db, scope)
    .dispatchNotices(summaryFields, ...filters)
    .innerJoin(regions, eq(regions.code, dispatchNotices.regionCode))
    .innerJoin(users, eq(users.id, dispatchNotices.senderId))
    .innerJoin(senderOrg, eq(senderOrg.id, dispatchNotices.senderOrgId));

/** The receipts of some notices over the schools in the caller's scope. */
async function receiptsOf(db: DbOrTx, scope: Scope, noticeIds: string[]) {
  const rows = [];
  for (const ids of chunks(noticeIds)) {
    rows.push(
      ...(await scopedLists(db, scope)
        .dispatchRecipients(
          { noticeId: dispatchRecipients.noticeId, orgId: orgs.id, orgName: orgs.name, regionCode: orgs.regionCode, readAt: dispatchReads.readAt, readById: users.id, readByName: users.displayName },
          inArray(dispatchRecipients.noticeId, ids),
        )
        .leftJoin(dispatchReads, and(eq(dispatchReads.noticeId, dispatchRecipients.noticeId), eq(dispatchReads.orgId, dispatchRecipients.orgId)))
        .leftJoin(users, eq(users.id, dispatchReads.userId))),
    );
  }
  return rows as Array<{ noticeId: string; orgId: string; orgName: string; regionCode: string; readAt: number | null; readById: string | null; readByName: string | null }>;
}

const newestFirst = keyset("desc", [dispatchNotices.createdAt, dispatchNotices.id], (r: { notice: NoticeRow }) => [r.notice.createdAt, r.notice.id]);

/** Region users: their region's notices; schools: those sent to them. Newest first, with the read counts. */
export async function listNotices({ deps, scope }: Caller, q: z.infer<typeof NoticesQuery>) {
  // not yet read by some school in the caller's scope (a school: by itself)
  const unread =
    q.unread === "true"
      ? inArray(
          dispatchNotices.id,
          scopedLists(deps.db, scope)
            .dispatchRecipients({ id: dispatchRecipients.noticeId }, isNull(dispatchReads.orgId))
            .leftJoin(dispatchReads, and(eq(dispatchReads.noticeId, dispatchRecipients.noticeId), eq(dispatchReads.orgId, dispatchRecipients.orgId))) as never,
        )
      : undefined;
  const rows = await selectSummaries(deps.db, scope, unread, newestFirst.after(q.cursor))
    .orderBy(...newestFirst.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, q.limit);
  const receipts = await receiptsOf(deps.db, scope, page.map((r) => r.notice.id));
  const school = schoolSide(scope);
  return { items: page.map((r) => summaryOf(r, receipts.filter((x) => x.noticeId === r.notice.id), school)), nextCursor };
}

/** One notice with the receipts of the schools in the caller's scope, unread first, and their canteens (实时查看). */
export async function getNotice({ deps, scope }: Caller, id: string): Promise<Notice> {
  await dispatchNoticeInScope(deps.db, scope, id);
  const [row] = await selectSummaries(deps.db, scope, eq(dispatchNotices.id, id));
  if (!row) throw notFound();
  const receipts = await receiptsOf(deps.db, scope, [id]);
  const canteensOf = new Map<string, Array<{ id: string; name: string }>>();
  for (const ids of chunks(receipts.map((r) => r.orgId))) {
    const rows = await scopedLists(deps.db, scope).canteens({ id: canteens.id, name: canteens.name, orgId: canteens.orgId }, inArray(canteens.orgId, ids)).orderBy(asc(canteens.name));
    for (const c of rows) canteensOf.set(c.orgId, [...(canteensOf.get(c.orgId) ?? []), { id: c.id, name: c.name }]);
  }
  const list: Receipt[] = receipts.map((r) => ({
    orgId: r.orgId,
    orgName: r.orgName,
    regionCode: r.regionCode,
    canteens: canteensOf.get(r.orgId) ?? [],
    readAt: r.readAt == null ? null : toIso(r.readAt),
    readBy: r.readById ? { id: r.readById, displayName: r.readByName ?? "" } : null,
  }));
  return { ...summaryOf(row, receipts, schoolSide(scope)), receipts: receiptOrder(list) };
}

/** The rooms where a school hears a notice: its canteens' live rooms and its own ops room. */
async function roomsOfSchools(deps: AppDeps, orgIds: string[]): Promise<string[]> {
  const rooms = orgIds.map(opsOrgRoom);
  for (const ids of chunks(orgIds)) {
    const rows = await scopedLists(deps.db, SYSTEM).canteens({ id: canteens.id }, inArray(canteens.orgId, ids));
    rooms.push(...rows.map((c) => canteenRoom(c.id)));
  }
  return rooms;
}

/** how many room names one LiveKit ListRooms request asks about (a province's notice names 40,000 rooms) */
const ROOMS_PER_LIST = 1000;

/**
 * The notice for the rooms someone is in. A send to an empty room holds a request open until LiveKit's timeout
 * (about 3 s) and nobody would hear it; a province's notice names a canteen room and an ops room per school, so
 * the bus is asked which exist first (as alerts do, server/alerts/push.ts), in batches. A school that opens its
 * room later reads its unread notices from the API (client/pages/dispatch/liveNotices.ts).
 */
async function announce(deps: AppDeps, rooms: string[], message: NoticeMessage): Promise<Announcement[]> {
  const bus = deps.livekit;
  let live: Set<string> | null = null;
  if (bus?.activeRooms) {
    try {
      live = new Set();
      for (let i = 0; i < rooms.length; i += ROOMS_PER_LIST) for (const r of await bus.activeRooms(rooms.slice(i, i + ROOMS_PER_LIST))) live.add(r);
    } catch (err) {
      console.warn(`[dispatch] could not list the schools' rooms, sending to all: ${(err as Error).message}`);
      live = null;
    }
  }
  return rooms.filter((room) => !live || live.has(room)).map((room) => announcement(room, "notice", message));
}

/**
 * Send a notice to every school of a region in the caller's jurisdiction. A region outside it answers 404 like a
 * missing one (as the overview does); a region without schools is a 409, nothing written.
 */
export async function sendNotice(caller: Caller, body: z.infer<typeof SendNotice>): Promise<Notice> {
  const { deps, scope, actor } = caller;
  const now = nowOf(deps);
  const [region] = await deps.db.select().from(regions).where(eq(regions.code, body.regionCode));
  if (!region || !regionInScope(scope, region.code)) throw notFound("region_not_found");
  // the sending org: the most local of the caller's granting memberships whose region covers the one addressed
  const sender = scope.memberships.filter((m) => membershipCovers(m, { id: "", regionCode: region.code })).sort((a, b) => b.regionCode.localeCompare(a.regionCode))[0];
  if (!sender) throw notFound("region_not_found");
  const [lo, hi] = regionRange(region.code, region.level);
  const candidates = await scopedLists(deps.db, scope).orgs({ id: orgs.id, kind: orgs.kind, regionCode: orgs.regionCode, status: orgs.status }, eq(orgs.kind, "school"), between(orgs.regionCode, lo, hi));
  const schools = addressedSchools(candidates, region).map((o) => o.id);
  if (!schools.length) throw conflict("no_schools_in_region", [{ path: "regionCode", message: "no school in this region" }]);
  const row: NoticeRow = { id: newId("dsp"), regionCode: region.code, senderOrgId: sender.orgId, senderId: actor.userId, title: body.title, body: body.body, urgency: body.urgency, createdAt: now };
  await writeAudited(deps, async (tx) => {
    await tx.insert(dispatchNotices).values(row);
    for (const ids of chunks(schools)) await tx.insert(dispatchRecipients).values(ids.map((orgId) => ({ noticeId: row.id, orgId })));
    return { result: row.id, audit: { actorId: actor.userId, action: "dispatch_notice.send", targetType: "dispatch_notice", targetId: row.id, change: { ...row, schools } } };
  });
  const push = pushOf({ notice: row, regionName: region.name, senderName: actor.displayName, senderOrgName: sender.orgName });
  publishLater(deps, async () => announce(deps, await roomsOfSchools(deps, schools), { type: "notice.sent", notice: push }));
  return getNotice(caller, row.id);
}

/**
 * The caller's schools sign for a notice (read receipt: who, when). Only the first signature of a school counts;
 * reading again changes nothing and writes nothing.
 */
export async function readNotice(caller: Caller, id: string): Promise<Notice> {
  const { deps, scope, actor } = caller;
  await dispatchNoticeInScope(deps.db, scope, id);
  const mine = await receiptsOf(deps.db, scope, [id]);
  if (!mine.length) throw notFound();
  const unsigned = mine.filter((r) => r.readAt == null).map((r) => r.orgId);
  if (unsigned.length) {
    const now = nowOf(deps);
    const signed = await writeAudited(deps, async (tx) => {
      // a colleague signing at the same moment keeps the first receipt
      const written = await tx
        .insert(dispatchReads)
        .values(unsigned.map((orgId) => ({ noticeId: id, orgId, userId: actor.userId, readAt: now })))
        .onConflictDoNothing()
        .returning({ orgId: dispatchReads.orgId });
      const orgIds = written.map((w) => w.orgId);
      return { result: orgIds, audit: { actorId: actor.userId, action: "dispatch_notice.read", targetType: "dispatch_notice", targetId: id, change: { noticeId: id, orgIds, userId: actor.userId, readAt: now } } };
    });
    for (const orgId of signed) publishLater(deps, async () => announce(deps, await roomsOfSchools(deps, [orgId]), { type: "notice.read", noticeId: id, orgId, readAt: toIso(now) }));
  }
  return getNotice(caller, id);
}

/** The school's to-do (server/todo): notices sent to its schools that it has not signed for yet, newest first. */
export async function unreadNotices(db: DbOrTx, scope: Scope) {
  return scopedLists(db, scope)
    .dispatchRecipients({ id: dispatchNotices.id, title: dispatchNotices.title, urgency: dispatchNotices.urgency, sentAt: dispatchNotices.createdAt, senderOrgName: senderOrg.name }, isNull(dispatchReads.orgId))
    .innerJoin(dispatchNotices, eq(dispatchNotices.id, dispatchRecipients.noticeId))
    .innerJoin(senderOrg, eq(senderOrg.id, dispatchNotices.senderOrgId))
    .leftJoin(dispatchReads, and(eq(dispatchReads.noticeId, dispatchRecipients.noticeId), eq(dispatchReads.orgId, dispatchRecipients.orgId)))
    .orderBy(desc(dispatchNotices.createdAt));
}
