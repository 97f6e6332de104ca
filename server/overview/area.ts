import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { regions } from "../../db/schema/index.ts";
import { notFound } from "../http/errors.ts";
import { regionLadder, regionRange } from "../orgs/region-ladder.ts";
import { type RegionLevel, regionInScope, type Scope } from "../scope/actor.ts";
import { orgInScope } from "../scope/loaders.ts";

/**
 * Where an overview looks (issue 16, item 1): a region of the caller's jurisdiction — province, city or district,
 * default the highest they hold — or one school in it. A region or school out of scope answers 404 like a missing
 * one. The trail runs from the caller's top region down to the place (the breadcrumb of the drill-down).
 */

export type Level = RegionLevel | "school";
export interface Place {
  code: string;
  name: string;
  level: Level;
}
export interface Area {
  level: Level;
  place: Place;
  /** the region whose codes the area spans (the school's own region at school level) */
  regionCode: string;
  range: readonly [string, string];
  school: { id: string; name: string } | null;
  trail: Place[];
  /** only these schools of the area (a page of the data exchange); absent: every school */
  orgIds?: readonly string[];
}

const RANK: Record<RegionLevel, number> = { province: 0, city: 1, district: 2 };

/** The caller's highest region (the overview's default place). */
export function homeRegion(scope: Scope): { code: string; level: RegionLevel } | null {
  const held = scope.memberships.filter((m) => regionInScope(scope, m.regionCode)).sort((a, b) => RANK[a.regionLevel] - RANK[b.regionLevel]);
  return held[0] ? { code: held[0].regionCode, level: held[0].regionLevel } : null;
}

async function trailOf(db: DbOrTx, scope: Scope, code: string): Promise<Place[]> {
  const codes = regionLadder(code).reverse();
  const rows = await db.select().from(regions).where(inArray(regions.code, codes));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.flatMap((c) => {
    const r = byCode.get(c);
    return r && regionInScope(scope, c) ? [{ code: r.code, name: r.name, level: r.level }] : [];
  });
}

export async function resolveArea(db: DbOrTx, scope: Scope, q: { regionCode?: string; schoolId?: string }): Promise<Area> {
  if (q.schoolId) {
    const org = await orgInScope(db, scope, q.schoolId);
    if (org.kind !== "school") throw notFound();
    const trail = await trailOf(db, scope, org.regionCode);
    const place: Place = { code: org.regionCode, name: org.name, level: "school" };
    return { level: "school", place, regionCode: org.regionCode, range: [org.regionCode, org.regionCode], school: { id: org.id, name: org.name }, trail: [...trail, place] };
  }
  const code = q.regionCode ?? homeRegion(scope)?.code;
  if (!code || !regionInScope(scope, code)) throw notFound("region_not_found");
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) throw notFound("region_not_found");
  const place: Place = { code: region.code, name: region.name, level: region.level };
  return { level: region.level, place, regionCode: region.code, range: regionRange(region.code, region.level), school: null, trail: await trailOf(db, scope, region.code) };
}

/** The key of the row an org's figures fall in, one level below the area: city, district, school. */
export function childKeyOf(area: Area): (org: { orgId: string; regionCode: string }) => string | null {
  switch (area.level) {
    case "province":
      return (o) => `${o.regionCode.slice(0, 4)}00`;
    case "city":
      return (o) => o.regionCode;
    case "district":
      return (o) => o.orgId;
    case "school":
      return () => null;
  }
}
