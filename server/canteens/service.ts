import { asc, count, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { areas, cameras, canteens, gateways, orgs, REQUIRED_PATROL_AREAS } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId, randomChars } from "../auth/tokens.ts";
import { toCamera } from "../cameras/views.ts";
import { HEARTBEAT_SECONDS } from "../cameras/device-service.ts";
import { toIsoOrNull } from "../clock/time.ts";
import { nowOf } from "../clock/clock.ts";
import type { Caller } from "../http/env.ts";
import { conflict, invalid } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { type Actor, orgWithin, type Scope, scopeFor } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { areaInScope, canteenInScope, orgInScope } from "../scope/loaders.ts";
import type { Canteen, CreateArea, CreateCanteen, UpdateArea, UpdateCanteen } from "./contracts.ts";
import { AREA_NAMES_ZH } from "./rules.ts";

/** Canteens and their areas: reads through the caller's scope, audited writes. */
type CanteenRow = typeof canteens.$inferSelect;

async function countsFor(db: DbOrTx, scope: Scope, ids: string[]) {
  if (!ids.length) return { areas: new Map<string, number>(), cameras: new Map<string, number>() };
  const a = await db.select({ id: areas.canteenId, n: count() }).from(areas).where(inArray(areas.canteenId, ids)).groupBy(areas.canteenId);
  const cams = await scopedLists(db, scope)
    .cameras({ id: cameras.canteenId, n: count() }, inArray(cameras.canteenId, ids))
    .groupBy(cameras.canteenId);
  return { areas: new Map(a.map((r) => [r.id, r.n])), cameras: new Map(cams.map((r) => [r.id, r.n])) };
}

const toCanteen = (row: CanteenRow, orgName: string, counts: Awaited<ReturnType<typeof countsFor>>): z.infer<typeof Canteen> => ({
  id: row.id,
  orgId: row.orgId,
  orgName,
  name: row.name,
  licenseNo: row.licenseNo,
  grade: row.grade,
  publicSlug: row.publicSlug,
  areaCount: counts.areas.get(row.id) ?? 0,
  cameraCount: counts.cameras.get(row.id) ?? 0,
});

const toArea = (a: typeof areas.$inferSelect) => ({ id: a.id, canteenId: a.canteenId, kind: a.kind, name: a.name });

/**
 * The canteen's edge gateway as viewers need it: "online" when a gateway not revoked reported within three
 * heartbeats, "offline" when it did not (since its last report), "none" when the canteen has no gateway.
 */
async function gatewayState(db: DbOrTx, canteenId: string, now: number) {
  const rows = await db.select({ lastSeenAt: gateways.lastSeenAt, revokedAt: gateways.revokedAt }).from(gateways).where(eq(gateways.canteenId, canteenId));
  const active = rows.filter((g) => g.revokedAt == null);
  if (!active.length) return { state: "none" as const, lastSeenAt: null };
  const lastSeen = Math.max(...active.map((g) => g.lastSeenAt ?? 0));
  const online = lastSeen > 0 && now - lastSeen <= 3 * HEARTBEAT_SECONDS * 1000;
  return { state: online ? ("online" as const) : ("offline" as const), lastSeenAt: toIsoOrNull(lastSeen || null) };
}

export async function canteenDetail(db: DbOrTx, scope: Scope, id: string, actor: Actor, now: number) {
  const { canteen, org } = await canteenInScope(db, scope, id);
  const canSeeSources = managesOrg(actor, org);
  const areaRows = await db.select().from(areas).where(eq(areas.canteenId, id)).orderBy(asc(areas.createdAt), asc(areas.id));
  const cameraRows = await scopedLists(db, scope)
    .cameras({ camera: cameras }, eq(cameras.canteenId, id))
    .orderBy(asc(cameras.name), asc(cameras.id));
  const counts = { areas: new Map([[id, areaRows.length]]), cameras: new Map([[id, cameraRows.length]]) };
  return {
    ...toCanteen(canteen, org.name, counts),
    areas: areaRows.map(toArea),
    cameras: cameraRows.map((r) => toCamera(r.camera, canSeeSources)),
    gateway: await gatewayState(db, id, now),
  };
}

/** Camera sources can hold credentials (rtsp://user:pass@…): only those who manage the canteen see them. */
export const managesOrg = (actor: Actor, org: { id: string; regionCode: string }) => orgWithin(scopeFor(actor, "canteens.manage"), org);


const byName = keyset("asc", [canteens.name, canteens.id], (r: { name: string; id: string }) => [r.name, r.id]);

export async function listCanteens(db: DbOrTx, scope: Scope, q: { orgId?: string; cursor?: string; limit: number }) {
  const rows = await scopedLists(db, scope)
    .canteens({ canteen: canteens, orgName: orgs.name, name: canteens.name, id: canteens.id }, q.orgId ? eq(canteens.orgId, q.orgId) : undefined, byName.after(q.cursor))
    .orderBy(...byName.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byName.page(rows, q.limit);
  const counts = await countsFor(db, scope, page.map((r) => r.id));
  return { items: page.map((r) => toCanteen(r.canteen, r.orgName, counts)), nextCursor };
}

/** A new canteen comes with its five required patrol areas (seed 000 第二十一条). */
export async function createCanteen({ deps, scope, actor }: Caller, body: z.infer<typeof CreateCanteen>) {
  const id = await writeAudited(deps, async (tx) => {
    const org = await orgInScope(tx, scope, body.orgId);
    if (org.kind !== "school" && org.kind !== "supplier") throw conflict("wrong_org_kind", [{ path: "orgId", message: "a canteen belongs to a school or a supplier" }]);
    const now = nowOf(deps);
    const row = { id: newId("cnt"), orgId: org.id, name: body.name, licenseNo: body.licenseNo ?? null, grade: body.grade ?? null, publicSlug: randomChars(10).toLowerCase(), createdAt: now };
    await tx.insert(canteens).values(row);
    const areaRows = REQUIRED_PATROL_AREAS.map((kind, i) => ({ id: newId("ar"), canteenId: row.id, kind, name: AREA_NAMES_ZH[kind], createdAt: now + i }));
    await tx.insert(areas).values(areaRows);
    return { result: row.id, audit: { actorId: actor.userId, action: "canteen.create", targetType: "canteen", targetId: row.id, change: { ...row, areas: areaRows } } };
  });
  return canteenDetail(deps.db, scope, id, actor, nowOf(deps));
}

export async function updateCanteen({ deps, scope, actor }: Caller, id: string, patch: z.infer<typeof UpdateCanteen>) {
  await writeAudited(deps, async (tx) => {
    await canteenInScope(tx, scope, id);
    await tx.update(canteens).set(patch).where(eq(canteens.id, id));
    return { result: null, audit: { actorId: actor.userId, action: "canteen.update", targetType: "canteen", targetId: id, change: patch } };
  });
  const { areas: _a, cameras: _c, gateway: _g, ...canteen } = await canteenDetail(deps.db, scope, id, actor, nowOf(deps));
  return canteen;
}

export async function createArea({ deps, scope, actor }: Caller, canteenId: string, body: z.infer<typeof CreateArea>) {
  const area = await writeAudited(deps, async (tx) => {
    await canteenInScope(tx, scope, canteenId);
    const row = { id: newId("ar"), canteenId, kind: body.kind, name: body.name, detection: null, createdAt: nowOf(deps) };
    await tx.insert(areas).values(row);
    return { result: row, audit: { actorId: actor.userId, action: "area.create", targetType: "area", targetId: row.id, change: row } };
  });
  return toArea(area);
}

export async function updateArea({ deps, scope, actor }: Caller, id: string, patch: z.infer<typeof UpdateArea>) {
  const area = await writeAudited(deps, async (tx) => {
    await areaInScope(tx, scope, id);
    const [row] = await tx.update(areas).set(patch).where(eq(areas.id, id)).returning();
    return { result: row!, audit: { actorId: actor.userId, action: "area.update", targetType: "area", targetId: id, change: patch } };
  });
  return toArea(area);
}
