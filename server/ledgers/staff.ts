import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { ledgerReviews, ledgerSettings, staffMembers, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { ApiError, forbidden, invalid, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { decodeImage } from "../media-store/decode.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import { scopeHasRoleIn, type Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { settingsOf } from "./check.ts";
import { type CreateReview, type CreateStaff, MAX_LEDGER_PHOTO_BYTES, type UpdateLedgerSettings, type UpdateStaff } from "./contracts.ts";
import { rebuildCanteen } from "./rollup.ts";
import { certificateStatus, chinaDay, mondayOf } from "./rules.ts";

/** 从业人员档案 (health certificates), 复核 and weekly sign-off, and a canteen's ledger settings. */

type StaffRow = typeof staffMembers.$inferSelect;
export const staffView = (s: StaffRow, today: string) => ({
  id: s.id,
  canteenId: s.canteenId,
  name: s.name,
  position: s.position,
  certificateNo: s.certificateNo,
  certificateIssuedOn: s.certificateIssuedOn,
  certificateExpiresOn: s.certificateExpiresOn,
  certificate: certificateStatus(s.certificateExpiresOn, today),
  hasPhoto: s.photoKey !== null,
  active: s.active,
});

async function storePhoto(deps: AppDeps, b64: string | undefined) {
  if (b64 === undefined) return null;
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  if (bytes.byteLength > MAX_LEDGER_PHOTO_BYTES) throw new ApiError("payload_too_large", "ledger_photo_too_large");
  const image = decodeImage(bytes);
  if (!image) throw new ApiError("unsupported_media_type", "ledger_photo_not_image");
  return mediaStoreOf(deps).put(bytes, image.contentType, "evidence");
}

const datesProblem = (issued: string, expires: string) => (expires < issued ? invalid("expires_before_issued", [{ path: "certificateExpiresOn", message: "before the issue date" }]) : null);

export async function createStaff(caller: Caller, body: z.infer<typeof CreateStaff>) {
  await canteenInScope(caller.deps.db, caller.scope, body.canteenId);
  const bad = datesProblem(body.certificateIssuedOn, body.certificateExpiresOn);
  if (bad) throw bad;
  const photo = await storePhoto(caller.deps, body.photo);
  const now = nowOf(caller.deps);
  const { photo: _p, ...fields } = body;
  const row: StaffRow = { id: newId("stf"), ...fields, photoKey: photo?.key ?? null, photoSha256: photo?.sha256 ?? null, photoType: photo?.contentType ?? null, active: true, createdAt: now, updatedAt: now };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(staffMembers).values(row);
    return { result: null, audit: { actorId: caller.actor.userId, action: "staff.create", targetType: "staff_member", targetId: row.id, change: row } };
  });
  return staffView(row, chinaDay(now));
}

async function staffInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db.select().from(staffMembers).where(eq(staffMembers.id, id));
  if (!row) throw notFound();
  await canteenInScope(db, scope, row.canteenId);
  return row;
}

/** A renewal (new certificate) or a change of position; every change audited. */
export async function updateStaff(caller: Caller, id: string, body: z.infer<typeof UpdateStaff>) {
  const row = await staffInScope(caller.deps.db, caller.scope, id);
  const next = { ...row, ...Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== "photo")) } as StaffRow;
  const bad = datesProblem(next.certificateIssuedOn, next.certificateExpiresOn);
  if (bad) throw bad;
  const photo = await storePhoto(caller.deps, body.photo);
  if (photo) Object.assign(next, { photoKey: photo.key, photoSha256: photo.sha256, photoType: photo.contentType });
  next.updatedAt = nowOf(caller.deps);
  await writeAudited(caller.deps, async (tx) => {
    await tx.update(staffMembers).set(next).where(eq(staffMembers.id, id));
    // who is due a morning check changed: the canteen's completeness is recounted with the change
    if (next.active !== row.active) await rebuildCanteen(tx, row.canteenId);
    return { result: null, audit: { actorId: caller.actor.userId, action: "staff.update", targetType: "staff_member", targetId: id, change: { before: row, after: next } } };
  });
  return staffView(next, chinaDay(next.updatedAt));
}

export async function listStaff(deps: AppDeps, scope: Scope, canteenId: string) {
  await canteenInScope(deps.db, scope, canteenId);
  const rows = await deps.db.select().from(staffMembers).where(eq(staffMembers.canteenId, canteenId)).orderBy(asc(staffMembers.name), asc(staffMembers.id));
  const today = chinaDay(nowOf(deps));
  return { items: rows.map((r) => staffView(r, today)) };
}

export async function staffPhoto(deps: AppDeps, scope: Scope, id: string) {
  const row = await staffInScope(deps.db, scope, id);
  const bytes = row.photoKey ? await mediaStoreOf(deps).get(row.photoKey) : null;
  if (!bytes) throw notFound();
  return imageResponse(bytes, row.photoType!, row.photoSha256);
}

/** 复核 of a day (food-safety officer, director, principal) or the principal's weekly sign-off (a Monday). */
export async function createReview(caller: Caller, body: z.infer<typeof CreateReview>) {
  const { org } = await canteenInScope(caller.deps.db, caller.scope, body.canteenId);
  if (body.type === "weekly_signoff" && !scopeHasRoleIn(caller.scope, org.id, ["principal"])) throw forbidden("principal_only");
  const now = nowOf(caller.deps);
  if (body.day > chinaDay(now)) throw invalid("day_in_future", [{ path: "day", message: "day_in_future" }]);
  const day = body.type === "weekly_signoff" ? mondayOf(body.day) : body.day;
  const row = { id: newId("lrv"), canteenId: body.canteenId, type: body.type, day, reviewerId: caller.actor.userId, at: now, note: body.note ?? null };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(ledgerReviews).values(row);
    return { result: null, audit: { actorId: caller.actor.userId, action: `ledger.${body.type}`, targetType: "canteen", targetId: body.canteenId, change: row } };
  });
  return { ...row, at: toIso(now), reviewer: { id: caller.actor.userId, name: caller.actor.displayName } };
}

export async function listReviews(deps: AppDeps, scope: Scope, q: { canteenId: string; from?: string; to?: string }) {
  await canteenInScope(deps.db, scope, q.canteenId);
  const rows = await deps.db
    .select({ r: ledgerReviews, name: users.displayName })
    .from(ledgerReviews)
    .innerJoin(users, eq(users.id, ledgerReviews.reviewerId))
    .where(eq(ledgerReviews.canteenId, q.canteenId))
    .orderBy(asc(ledgerReviews.at));
  const items = rows.filter(({ r }) => (!q.from || r.day >= q.from) && (!q.to || r.day <= q.to));
  return { items: items.map(({ r, name }) => ({ id: r.id, canteenId: r.canteenId, type: r.type, day: r.day, note: r.note, at: toIso(r.at), reviewer: { id: r.reviewerId, name } })) };
}

export async function getSettings(deps: AppDeps, scope: Scope, canteenId: string) {
  await canteenInScope(deps.db, scope, canteenId);
  return { canteenId, ...(await settingsOf(deps.db, canteenId)) };
}

export async function updateSettings(caller: Caller, canteenId: string, body: z.infer<typeof UpdateLedgerSettings>) {
  await canteenInScope(caller.deps.db, caller.scope, canteenId);
  const current = await settingsOf(caller.deps.db, canteenId);
  const next = { meals: body.meals ?? current.meals, backdateDays: body.backdateDays ?? current.backdateDays, cadences: { ...current.cadences, ...(body.cadences ?? {}) } };
  const row = { canteenId, meals: JSON.stringify(next.meals), backdateDays: next.backdateDays, cadences: JSON.stringify(next.cadences), updatedAt: nowOf(caller.deps) };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(ledgerSettings).values(row).onConflictDoUpdate({ target: ledgerSettings.canteenId, set: row });
    await rebuildCanteen(tx, canteenId);
    return { result: null, audit: { actorId: caller.actor.userId, action: "ledger.settings", targetType: "canteen", targetId: canteenId, change: next } };
  });
  return { canteenId, ...next };
}
