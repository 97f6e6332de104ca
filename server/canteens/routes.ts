import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import type { DbOrTx } from "../../db/client.ts";
import { areas, cameras, canteens, orgs, REQUIRED_PATROL_AREAS } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { areaInScope, canteenInScope, orgInScope } from "../scope/loaders.ts";
import { type Actor, cameraVisibleSql, orgInScopeSql, orgWithin, type Scope, scopeFor } from "../scope/predicate.ts";
import { newId, randomChars } from "../auth/tokens.ts";
import { Area, CanteenDetail, CanteenPage, CanteensQuery, CreateArea, CreateCanteen, UpdateArea, UpdateCanteen, Canteen } from "./contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { AREA_NAMES_ZH } from "./rules.ts";
import { invalid } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { afterCursor, decodeCursor, pageFrom } from "../http/pagination.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { toCamera } from "../cameras/routes.ts";

type CanteenRow = typeof canteens.$inferSelect;

async function countsFor(db: DbOrTx, scope: Scope, ids: string[]) {
  if (!ids.length) return { areas: new Map<string, number>(), cameras: new Map<string, number>() };
  const a = await db.select({ id: areas.canteenId, n: count() }).from(areas).where(inArray(areas.canteenId, ids)).groupBy(areas.canteenId);
  const cams = await db
    .select({ id: cameras.canteenId, n: count() })
    .from(cameras)
    .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(inArray(cameras.canteenId, ids), cameraVisibleSql(scope)))
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

const listCanteens = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/canteens",
  tags: ["canteens"],
  summary: "Canteens in scope, optionally of one school or supplier",
  request: { query: CanteensQuery },
  responses: { 200: jsonOk(CanteenPage) },
});
const getCanteen = apiRoute("canteens.read", {
  method: "get",
  path: "/api/v1/canteens/{id}",
  tags: ["canteens"],
  summary: "A canteen with its areas and the cameras the caller may see",
  request: { params: IdParam },
  responses: { 200: jsonOk(CanteenDetail) },
});
const createCanteen = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/canteens",
  tags: ["canteens"],
  summary: "Register a canteen; its five required patrol areas are created with it",
  request: { body: jsonBody(CreateCanteen) },
  responses: { 201: jsonOk(CanteenDetail, "created") },
});
const updateCanteen = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/canteens/{id}",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(UpdateCanteen) },
  responses: { 200: jsonOk(Canteen) },
});
const createArea = apiRoute("canteens.manage", {
  method: "post",
  path: "/api/v1/canteens/{id}/areas",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(CreateArea) },
  responses: { 201: jsonOk(Area, "created") },
});
const updateArea = apiRoute("canteens.manage", {
  method: "patch",
  path: "/api/v1/areas/{id}",
  tags: ["canteens"],
  request: { params: IdParam, body: jsonBody(UpdateArea) },
  responses: { 200: jsonOk(Area) },
});

export async function canteenDetail(db: DbOrTx, scope: Scope, id: string, actor: Actor) {
  const { canteen, org } = await canteenInScope(db, scope, id);
  const canSeeSources = managesOrg(actor, org);
  const areaRows = await db.select().from(areas).where(eq(areas.canteenId, id)).orderBy(asc(areas.createdAt), asc(areas.id));
  const cameraRows = await db
    .select({ camera: cameras })
    .from(cameras)
    .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(cameras.canteenId, id), cameraVisibleSql(scope)))
    .orderBy(asc(cameras.name), asc(cameras.id));
  const counts = { areas: new Map([[id, areaRows.length]]), cameras: new Map([[id, cameraRows.length]]) };
  return {
    ...toCanteen(canteen, org.name, counts),
    areas: areaRows.map(toArea),
    cameras: cameraRows.map((r) => toCamera(r.camera, canSeeSources)),
  };
}

/** Camera sources can hold credentials (rtsp://user:pass@…): only those who manage the canteen see them. */
export const managesOrg = (actor: Actor, org: { id: string; regionCode: string }) => orgWithin(scopeFor(actor, "canteens.manage"), org);

export function canteenRoutes(app: App) {
  app.openapi(listCanteens, async (c) => {
    const { db } = c.var.deps;
    const { orgId, cursor, limit } = c.req.valid("query");
    const rows = await db
      .select({ canteen: canteens, orgName: orgs.name, name: canteens.name, id: canteens.id })
      .from(canteens)
      .innerJoin(orgs, eq(orgs.id, canteens.orgId))
      .where(and(orgInScopeSql(c.var.scope), orgId ? eq(canteens.orgId, orgId) : undefined, afterCursor(canteens.name, canteens.id, decodeCursor(cursor))))
      .orderBy(asc(canteens.name), asc(canteens.id))
      .limit(limit + 1);
    const { page, nextCursor } = pageFrom(rows, limit);
    const counts = await countsFor(db, c.var.scope, page.map((r) => r.id));
    return c.json({ items: page.map((r) => toCanteen(r.canteen, r.orgName, counts)), nextCursor }, 200);
  });

  app.openapi(getCanteen, async (c) => {
    const detail = await canteenDetail(c.var.deps.db, c.var.scope, c.req.valid("param").id, c.var.actor);
    return c.json(detail, 200);
  });

  app.openapi(createCanteen, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const id = await writeAudited(db, async (tx) => {
      const org = await orgInScope(tx, c.var.scope, body.orgId);
      if (org.kind !== "school" && org.kind !== "supplier") throw invalid("wrong_org_kind", [{ path: "orgId", message: "a canteen belongs to a school or a supplier" }]);
      const now = Date.now();
      const row = { id: newId("cnt"), orgId: org.id, name: body.name, licenseNo: body.licenseNo ?? null, grade: body.grade ?? null, publicSlug: randomChars(10).toLowerCase(), createdAt: now };
      await tx.insert(canteens).values(row);
      const areaRows = REQUIRED_PATROL_AREAS.map((kind, i) => ({ id: newId("ar"), canteenId: row.id, kind, name: AREA_NAMES_ZH[kind], createdAt: now + i }));
      await tx.insert(areas).values(areaRows);
      return { result: row.id, audit: { actorId: c.var.actor.userId, action: "canteen.create", targetType: "canteen", targetId: row.id, change: { ...row, areas: areaRows } } };
    });
    return c.json(await canteenDetail(db, c.var.scope, id, c.var.actor), 201);
  });

  app.openapi(updateCanteen, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    await writeAudited(db, async (tx) => {
      await canteenInScope(tx, c.var.scope, id);
      await tx.update(canteens).set(patch).where(eq(canteens.id, id));
      return { result: null, audit: { actorId: c.var.actor.userId, action: "canteen.update", targetType: "canteen", targetId: id, change: patch } };
    });
    const { areas: _a, cameras: _c, ...canteen } = await canteenDetail(db, c.var.scope, id, c.var.actor);
    return c.json(canteen, 200);
  });

  app.openapi(createArea, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const area = await writeAudited(db, async (tx) => {
      await canteenInScope(tx, c.var.scope, id);
      const row = { id: newId("ar"), canteenId: id, kind: body.kind, name: body.name, detection: null, createdAt: Date.now() };
      await tx.insert(areas).values(row);
      return { result: row, audit: { actorId: c.var.actor.userId, action: "area.create", targetType: "area", targetId: row.id, change: row } };
    });
    return c.json(toArea(area), 201);
  });

  app.openapi(updateArea, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const area = await writeAudited(db, async (tx) => {
      await areaInScope(tx, c.var.scope, id);
      const [row] = await tx.update(areas).set(patch).where(eq(areas.id, id)).returning();
      return { result: row!, audit: { actorId: c.var.actor.userId, action: "area.update", targetType: "area", targetId: id, change: patch } };
    });
    return c.json(toArea(area), 200);
  });
}

