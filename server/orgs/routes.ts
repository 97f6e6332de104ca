import { nowOf } from "../clock/clock.ts";
import { and, asc, between, count, eq, inArray, isNull, like, type SQL, sql } from "drizzle-orm";
import { cameras, canteens, orgs, regions } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { orgInScope } from "../scope/loaders.ts";
import { regionInScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { regionRange } from "./region-ladder.ts";
import { newId } from "../auth/tokens.ts";
import { IdParam } from "../contracts/common.ts";
import { CreateOrg, Org, OrgPage, OrgsQuery, Region, RegionsQuery, SchoolPage, SchoolsQuery, UpdateOrg } from "./contracts.ts";
import { z } from "@hono/zod-openapi";
import { toIso } from "../clock/time.ts";
import { ApiError, forbidden } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { afterCursor, containsPattern, decodeCursor, pageFrom } from "../http/pagination.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import type { DbOrTx } from "../../db/client.ts";

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
});

async function regionName(db: DbOrTx, code: string) {
  const [r] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return r?.name;
}

const listRegions = apiRoute("self", {
  method: "get",
  path: "/api/v1/regions",
  tags: ["orgs"],
  summary: "Administrative regions (GB/T 2260); top level when no parent is given",
  request: { query: RegionsQuery },
  responses: { 200: jsonOk(z.object({ items: z.array(Region) })) },
});

const listOrgs = apiRoute("orgs.read", {
  method: "get",
  path: "/api/v1/orgs",
  tags: ["orgs"],
  summary: "Organisations in the caller's jurisdiction",
  request: { query: OrgsQuery },
  responses: { 200: jsonOk(OrgPage) },
});

const getOrg = apiRoute("orgs.read", {
  method: "get",
  path: "/api/v1/orgs/{id}",
  tags: ["orgs"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Org) },
});

const createOrg = apiRoute("orgs.manage", {
  method: "post",
  path: "/api/v1/orgs",
  tags: ["orgs"],
  summary: "Register a regulator, education bureau, school or supplier in a region of the caller's jurisdiction",
  request: { body: jsonBody(CreateOrg) },
  responses: { 201: jsonOk(Org, "created") },
});

const updateOrg = apiRoute("orgs.manage", {
  method: "patch",
  path: "/api/v1/orgs/{id}",
  tags: ["orgs"],
  request: { params: IdParam, body: jsonBody(UpdateOrg) },
  responses: { 200: jsonOk(Org) },
});

const listSchools = apiRoute("schools.read", {
  method: "get",
  path: "/api/v1/schools",
  tags: ["orgs"],
  summary: "Schools in scope with canteen, camera and online-camera counts (the regulator's home)",
  request: { query: SchoolsQuery },
  responses: { 200: jsonOk(SchoolPage) },
});

export function orgRoutes(app: App) {
  app.openapi(listRegions, async (c) => {
    const { parent } = c.req.valid("query");
    const rows = await c.var.deps.db
      .select()
      .from(regions)
      .where(parent ? eq(regions.parentCode, parent) : isNull(regions.parentCode))
      .orderBy(asc(regions.code));
    return c.json({ items: rows }, 200);
  });

  app.openapi(listOrgs, async (c) => {
    const { kind, q, cursor, limit } = c.req.valid("query");
    const rows = await scopedLists(c.var.deps.db, c.var.scope)
      .orgs(
        { org: orgs, regionName: regions.name, name: orgs.name, id: orgs.id },
        kind ? eq(orgs.kind, kind) : undefined,
        q ? like(orgs.name, containsPattern(q)) : undefined,
        afterCursor(orgs.name, orgs.id, decodeCursor(cursor)),
      )
      .innerJoin(regions, eq(regions.code, orgs.regionCode))
      .orderBy(asc(orgs.name), asc(orgs.id))
      .limit(limit + 1);
    const { page, nextCursor } = pageFrom(rows, limit);
    return c.json({ items: page.map((r) => toOrg(r.org, r.regionName)), nextCursor }, 200);
  });

  app.openapi(getOrg, async (c) => {
    const { db } = c.var.deps;
    const org = await orgInScope(db, c.var.scope, c.req.valid("param").id);
    return c.json(toOrg(org, (await regionName(db, org.regionCode)) ?? ""), 200);
  });

  app.openapi(createOrg, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const name = await regionName(db, body.regionCode);
    if (!name) throw new ApiError("validation_failed", "unknown_region", [{ path: "regionCode", message: "unknown region code" }]);
    if (!regionInScope(c.var.scope, body.regionCode)) throw forbidden("region_out_of_scope");
    const org = await writeAudited(c.var.deps, async (tx) => {
      const row = { id: newId("org"), kind: body.kind, name: body.name, regionCode: body.regionCode, creditCode: body.creditCode ?? null, status: "active" as const, createdAt: nowOf(c.var.deps) };
      await tx.insert(orgs).values(row);
      return { result: row, audit: { actorId: c.var.actor.userId, action: "org.create", targetType: "org", targetId: row.id, change: row } };
    });
    return c.json(toOrg(org, name), 201);
  });

  app.openapi(updateOrg, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const org = await writeAudited(c.var.deps, async (tx) => {
      await orgInScope(tx, c.var.scope, id);
      const [row] = await tx.update(orgs).set(patch).where(eq(orgs.id, id)).returning();
      return { result: row!, audit: { actorId: c.var.actor.userId, action: "org.update", targetType: "org", targetId: id, change: patch } };
    });
    return c.json(toOrg(org, (await regionName(db, org.regionCode)) ?? ""), 200);
  });

  app.openapi(listSchools, async (c) => {
    const { db } = c.var.deps;
    const { q, regionCode, cursor, limit } = c.req.valid("query");
    // a region filter means that region and everything below it (a city: all its districts)
    let inRegion: SQL | undefined;
    if (regionCode) {
      const [region] = await db.select({ level: regions.level }).from(regions).where(eq(regions.code, regionCode));
      if (!region) throw new ApiError("validation_failed", "unknown_region", [{ path: "regionCode", message: "unknown region code" }]);
      inRegion = between(orgs.regionCode, ...regionRange(regionCode, region.level));
    }
    const where = and(eq(orgs.kind, "school"), q ? like(orgs.name, containsPattern(q)) : undefined, inRegion);
    const schools = scopedLists(db, c.var.scope);
    const [{ total }] = await schools.orgs({ total: count() }, where);
    const rows = await schools
      .orgs({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode, regionName: regions.name }, where, afterCursor(orgs.name, orgs.id, decodeCursor(cursor)))
      .innerJoin(regions, eq(regions.code, orgs.regionCode))
      .orderBy(asc(orgs.name), asc(orgs.id))
      .limit(limit + 1);
    const { page, nextCursor } = pageFrom(rows, limit);
    // counts only for the page's schools, so a province-wide list stays fast
    const ids = page.map((s) => s.id);
    const counts = ids.length
      ? await db
          .select({
            orgId: canteens.orgId,
            canteenCount: sql<number>`count(distinct ${canteens.id})`,
            cameraCount: count(cameras.id),
            onlineCameraCount: sql<number>`coalesce(sum(${cameras.status} = 'online'), 0)`,
          })
          .from(canteens)
          .leftJoin(cameras, eq(cameras.canteenId, canteens.id))
          .where(inArray(canteens.orgId, ids))
          .groupBy(canteens.orgId)
      : [];
    const byOrg = new Map(counts.map((r) => [r.orgId, r]));
    const items = page.map((s) => ({
      ...s,
      canteenCount: Number(byOrg.get(s.id)?.canteenCount ?? 0),
      cameraCount: Number(byOrg.get(s.id)?.cameraCount ?? 0),
      onlineCameraCount: Number(byOrg.get(s.id)?.onlineCameraCount ?? 0),
    }));
    return c.json({ items, nextCursor, total }, 200);
  });
}
