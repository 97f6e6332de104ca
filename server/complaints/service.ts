import { and, eq, gt, like, lt, not, or } from "drizzle-orm";
import { canteenRatings, complaintEvents, complaints } from "../../db/schema/index.ts";
import { newId, sha256Hex } from "../auth/tokens.ts";
import { appendAudit } from "../audit/service.ts";
import { toIso } from "../clock/time.ts";
import { nowOf, type AppDeps, type Caller } from "../http/env.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { containsPattern, keyset } from "../http/pagination.ts";
import type { UploadedImage } from "../http/uploads.ts";
import { runTransition } from "../lifecycle/engine.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import type { Scope } from "../scope/actor.ts";
import { SYSTEM } from "../scope/lists.ts";
import { canteenBySlug } from "../scope/loaders.ts";
import type { Complaint, ComplaintsQuery } from "./contracts.ts";
import { answerDeadline, type ComplaintAction, THROTTLE, throttled, trackingCode } from "./rules.ts";
import { attentionRank, complaintDetail, type ComplaintRow, orderRefOf, selectComplaints, summaryOf } from "./view.ts";
import { complaintWorkflow } from "./workflow.ts";

/** The filer's address as a hash (throttling only); null when the runtime cannot tell, and then nothing is throttled. */
export const sourceHashOf = (address: string | null) => (address ? sha256Hex(`complaint-source:${address}`) : null);

async function refuseFlood(deps: AppDeps, table: typeof complaints | typeof canteenRatings, source: string | null, limit: number, now: number) {
  if (!source) return;
  const rows = await deps.db.select({ at: table.createdAt }).from(table).where(and(eq(table.sourceHash, source), gt(table.createdAt, now - THROTTLE.windowMs)));
  const verdict = throttled(rows.map((r) => r.at), limit, now);
  if (verdict.refused) throw new ApiError("rate_limited", "too_many_complaints", undefined, { "Retry-After": String(verdict.retryAfterS) });
}

export interface ComplaintInput {
  category: (typeof complaints.$inferInsert)["category"];
  text: string;
  phone?: string;
}

/** 一键投诉 from the public page: stored with its photo (already decoded), a tracking code and the school's deadline. */
export async function fileComplaint(deps: AppDeps, slug: string, input: ComplaintInput, photo: UploadedImage | null, address: string | null) {
  const { canteen } = await canteenBySlug(deps.db, slug);
  const now = nowOf(deps);
  const source = sourceHashOf(address);
  await refuseFlood(deps, complaints, source, THROTTLE.complaints, now);
  const stored = photo ? await mediaStoreOf(deps).put(photo.bytes, photo.contentType, "evidence") : null;
  const row = {
    id: newId("cmp"),
    code: trackingCode(crypto.getRandomValues(new Uint8Array(32))),
    canteenId: canteen.id,
    orgId: canteen.orgId,
    category: input.category,
    text: input.text,
    phone: input.phone || null,
    photoKey: stored?.key ?? null,
    photoSha256: stored?.sha256 ?? null,
    photoContentType: stored?.contentType ?? null,
    sourceHash: source,
    status: "open" as const,
    deadlineAt: answerDeadline(now),
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await tx.insert(complaints).values(row);
    await tx.insert(complaintEvents).values({ id: newId("cev"), complaintId: row.id, type: "filed", fromStatus: null, toStatus: "open", actorId: null, at: now, note: null });
    await appendAudit(tx, { actorId: null, action: "complaint.file", targetType: "complaint", targetId: row.id, change: { code: row.code, canteenId: row.canteenId, category: row.category, photoSha256: row.photoSha256 } }, now);
  });
  return { code: row.code, status: row.status, createdAt: toIso(now), deadlineAt: toIso(row.deadlineAt) };
}

export async function rateCanteen(deps: AppDeps, slug: string, input: { stars: number; comment?: string }, address: string | null) {
  const { canteen } = await canteenBySlug(deps.db, slug);
  const now = nowOf(deps);
  const source = sourceHashOf(address);
  await refuseFlood(deps, canteenRatings, source, THROTTLE.ratings, now);
  await deps.db.insert(canteenRatings).values({ id: newId("rat"), canteenId: canteen.id, stars: input.stars, comment: input.comment || null, sourceHash: source, createdAt: now });
  return { ok: true as const };
}

/** What the tracking code shows the filer: the complaint and, once answered, the school's answer. */
export async function trackComplaint(deps: AppDeps, code: string) {
  const [row] = await selectComplaints(deps.db, SYSTEM, eq(complaints.code, code.toUpperCase()));
  if (!row) throw notFound("complaint_not_found");
  const c = row.complaint;
  const answered = c.status !== "open";
  return {
    code: c.code,
    canteenName: row.canteenName,
    schoolName: row.schoolName,
    category: c.category,
    text: c.text,
    status: c.status,
    createdAt: toIso(c.createdAt),
    deadlineAt: toIso(c.deadlineAt),
    answer: answered ? c.answer : null,
    answeredAt: answered && c.answeredAt ? toIso(c.answeredAt) : null,
    order: orderRefOf(row.order),
  };
}

const byAttention = keyset("asc", [attentionRank, complaints.deadlineAt, complaints.id], (r: ComplaintRow) => [r.rank, r.complaint.deadlineAt, r.complaint.id]);

export async function listComplaints(deps: AppDeps, scope: Scope, q: ComplaintsQuery) {
  const now = nowOf(deps);
  const overdue = and(eq(complaints.status, "open"), lt(complaints.deadlineAt, now));
  const rows = await selectComplaints(
    deps.db,
    scope,
    q.status ? eq(complaints.status, q.status) : undefined,
    q.canteenId ? eq(complaints.canteenId, q.canteenId) : undefined,
    q.overdue === "true" ? overdue : q.overdue === "false" ? not(overdue!) : undefined,
    q.q ? or(like(complaints.text, containsPattern(q.q)), like(complaints.code, containsPattern(q.q.toUpperCase()))) : undefined,
    byAttention.after(q.cursor),
  )
    .orderBy(...byAttention.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byAttention.page(rows, q.limit);
  return { items: page.map((r) => summaryOf(r, now)), nextCursor };
}

export async function getComplaint(deps: AppDeps, scope: Scope, id: string): Promise<Complaint> {
  const [row] = await selectComplaints(deps.db, scope, eq(complaints.id, id));
  if (!row) throw notFound();
  return complaintDetail(deps.db, row, nowOf(deps));
}

export async function complaintPhoto(deps: AppDeps, scope: Scope, id: string) {
  const [row] = await selectComplaints(deps.db, scope, eq(complaints.id, id));
  if (!row?.complaint.photoKey) throw notFound();
  const bytes = await mediaStoreOf(deps).get(row.complaint.photoKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, row.complaint.photoContentType ?? "image/jpeg", row.complaint.photoSha256);
}

export async function transitionComplaint(caller: Caller, id: string, action: ComplaintAction, note: string | null): Promise<Complaint> {
  await runTransition(caller.deps, complaintWorkflow(nowOf(caller.deps)), caller, id, action, { note, photos: [] });
  const [row] = await selectComplaints(caller.deps.db, SYSTEM, eq(complaints.id, id));
  return complaintDetail(caller.deps.db, row!, nowOf(caller.deps));
}
