import { nowOf } from "../clock/clock.ts";
import { and, asc, between, count, eq, inArray, isNull, like, type SQL, sql } from "drizzle-orm";
import { cameras, canteens, inspections, mapSnapshots, orgs, regions } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { orgInScope } from "../scope/loaders.ts";
import { regionInScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { regionLadder, regionRange } from "./region-ladder.ts";
import { newId } from "../auth/tokens.ts";
import { forgetActors } from "../auth/actor-cache.ts";
import { type SchoolFilter, schoolTotalKey, schoolTotalsOf } from "./school-totals.ts";
import type { CreateOrg, UpdateOrg } from "./contracts.ts";
import type { OrgKind } from "../accounts/contracts.ts";
import type { Scope } from "../scope/actor.ts";
import type { z } from "zod";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { ApiError, forbidden, notFound } from "../http/errors.ts";
import type { Caller } from "../http/env.ts";
import { containsPattern, keyset } from "../http/pagination.ts";
import type { DbOrTx } from "../../db/client.ts";


/** Organisations, regions and the schools list: reads through the caller's scope, audited writes. */
type OrgRow = typeof orgs.$inferSelect;
const toOrg = (o: OrgRow, regionName: string) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  regionCode: o.regionCode,
  regionName,
  creditCode: o.creditCode,
  status: o.status,
  createdAt: toIso(o.createdAt),
  position: o.latitude === null || o.longitude === null ? null : { latitude: o.latitude, longitude: o.longitude },
});

async function regionName(db: DbOrTx, code: string) {
  const [r] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return r?.name;
}

export async function listRegions(db: DbOrTx, parent: string | undefined) {
  const rows = await db
    .select()
    .from(regions)
    .where(parent ? eq(regions.parentCode, parent) : isNull(regions.parentCode))
    .orderBy(asc(regions.code));
  return { items: rows };
}

const byName = keyset("asc", [orgs.name, orgs.id], (r: { name: string; id: string }) => [r.name, r.id]);

export async function listOrgs(db: DbOrTx, scope: Scope, query: { kind?: z.infer<typeof OrgKind>; q?: string; cursor?: string; limit: number }) {
  const { kind, q, cursor, limit } = query;
  const rows = await scopedLists(db, scope)
    .orgs(
      { org: orgs, regionName: regions.name, name: orgs.name, id: orgs.id },
      kind ? eq(orgs.kind, kind) : undefined,
      q ? like(orgs.name, containsPattern(q)) : undefined,
      byName.after(cursor),
    )
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .orderBy(...byName.orderBy)
    .limit(limit + 1);
  const { page, nextCursor } = byName.page(rows, limit);
  return { items: page.map((r) => toOrg(r.org, r.regionName)), nextCursor };
}

export async function getOrg(db: DbOrTx, scope: Scope, id: string) {
  const org = await orgInScope(db, scope, id);
  return toOrg(org, (await regionName(db, org.regionCode)) ?? "");
}

export async function createOrg({ deps, scope, actor }: Caller, body: z.infer<typeof CreateOrg>) {
  const { db } = deps;
  const name = await regionName(db, body.regionCode);
  if (!name) throw notFound("unknown_region", [{ path: "regionCode", message: "unknown region code" }]);
  if (!regionInScope(scope, body.regionCode)) throw forbidden("region_out_of_scope");
  const org = await writeAudited(deps, async (tx) => {
    const row = { id: newId("org"), kind: body.kind, name: body.name, regionCode: body.regionCode, creditCode: body.creditCode ?? null, status: "active" as const, createdAt: nowOf(deps), latitude: null, longitude: null };
    await tx.insert(orgs).values(row);
    return { result: row, audit: { actorId: actor.userId, action: "org.create", targetType: "org", targetId: row.id, change: row } };
  });
  schoolTotalsOf(db).forget(); // a school registered: the kept totals of the jurisdictions above it are short by one
  return toOrg(org, name);
}

export async function updateOrg({ deps, scope, actor }: Caller, id: string, patch: z.infer<typeof UpdateOrg>) {
  const { db } = deps;
  const org = await writeAudited(deps, async (tx) => {
    await orgInScope(tx, scope, id);
    // the position travels as one field (both degrees or none) and is stored as two columns
    const { position, ...rest } = patch;
    const set = position === undefined ? rest : { ...rest, latitude: position?.latitude ?? null, longitude: position?.longitude ?? null };
    const [row] = await tx.update(orgs).set(set).where(eq(orgs.id, id)).returning();
    // a school moved: the kept maps of the regions above it are stale (the next request computes, the job keeps again)
    if (position !== undefined) await tx.delete(mapSnapshots).where(inArray(mapSnapshots.regionCode, regionLadder(row!.regionCode)));
    return { result: row!, audit: { actorId: actor.userId, action: "org.update", targetType: "org", targetId: id, change: patch } };
  });
  forgetActors(); // kept actors carry their orgs' names, regions and status
  schoolTotalsOf(db).forget(); // a school renamed: a kept total of a name search may have changed
  return toOrg(org, (await regionName(db, org.regionCode)) ?? "");
}

export async function listSchools(deps: { db: DbOrTx; now?: () => number }, scope: Scope, query: { q?: string; regionCode?: string; cursor?: string; limit: number }) {
  const { db } = deps;
  const { q, regionCode, cursor, limit } = query;
  // a region filter means that region and everything below it (a city: all its districts)
  let inRegion: SQL | undefined;
  if (regionCode) {
    const [region] = await db.select({ level: regions.level }).from(regions).where(eq(regions.code, regionCode));
    if (!region) throw notFound("unknown_region", [{ path: "regionCode", message: "unknown region code" }]);
    inRegion = between(orgs.regionCode, ...regionRange(regionCode, region.level));
  }
  const where = and(eq(orgs.kind, "school"), q ? like(orgs.name, containsPattern(q)) : undefined, inRegion);
  const schools = scopedLists(db, scope);
  const total = await schoolTotal(deps, scope, { q, regionCode }, () => schools.orgs({ total: count() }, where));
  // the counts and the last patrol as correlated subqueries: worked out for the page's rows only, in the one
  // query — two grouped queries over the page's ids cost more in building, preparing and mapping than in SQLite.
  // CROSS JOIN fixes the order (SQLite keeps it): from the school's canteens to their rows, not the other way
  // (left to itself the planner read every ended inspection through inspections_period_idx)
  const rows = await schools
    .orgs(
      {
        id: orgs.id,
        name: orgs.name,
        regionCode: orgs.regionCode,
        regionName: regions.name,
        canteenCount: sql<number>`(select count(*) from ${canteens} where ${canteens.orgId} = ${orgs.id})`,
        cameraCount: sql<number>`(select count(*) from ${canteens} cross join ${cameras} on ${cameras.canteenId} = ${canteens.id} where ${canteens.orgId} = ${orgs.id})`,
        onlineCameraCount: sql<number>`(select count(*) from ${canteens} cross join ${cameras} on ${cameras.canteenId} = ${canteens.id} where ${canteens.orgId} = ${orgs.id} and ${cameras.status} = 'online')`,
        lastPatrolledAt: sql<number | null>`(select max(${inspections.endedAt}) from ${canteens} cross join ${inspections} on ${inspections.canteenId} = ${canteens.id} where ${canteens.orgId} = ${orgs.id} and ${inspections.status} = 'ended')`,
      },
      where,
      byName.after(cursor),
    )
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .orderBy(...byName.orderBy)
    .limit(limit + 1);
  const { page, nextCursor } = byName.page(rows, limit);
  const items = page.map((s) => ({
    id: s.id,
    name: s.name,
    regionCode: s.regionCode,
    regionName: s.regionName,
    canteenCount: Number(s.canteenCount),
    cameraCount: Number(s.cameraCount),
    onlineCameraCount: Number(s.onlineCameraCount),
    lastPatrolledAt: toIsoOrNull(s.lastPatrolledAt),
  }));
  return { items, nextCursor, total };
}

/** The list's total, kept a moment per jurisdiction and filter (school-totals.ts), counted when none is kept. */
async function schoolTotal(deps: { db: DbOrTx; now?: () => number }, scope: Scope, filter: SchoolFilter, countNow: () => PromiseLike<Array<{ total: number }>>) {
  const totals = schoolTotalsOf(deps.db);
  const key = schoolTotalKey(scope, filter);
  const now = nowOf(deps);
  const kept = totals.kept(key, now);
  if (kept !== null) return kept;
  const readAt = totals.generation();
  const [{ total }] = await countNow();
  totals.keep(key, total, now, readAt); // aged from before the count: it is no fresher than that
  return total;
}
