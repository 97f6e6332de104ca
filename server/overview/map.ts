import { between, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { mapSnapshots, orgs, regions } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { canteenFacts, riskOfFacts } from "../patrol/candidates.ts";
import { type RegionLevel, type Scope, systemRegionScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { type Area, resolveArea } from "./area.ts";
import type { MapOutlines, MapQuery, SchoolMap } from "./contracts.ts";
import { encodeSchools, type MapSchool, schoolBounds } from "./map-codec.ts";
import { outlineSource } from "./map-source.ts";
import { RISK_CODES, type RiskCode } from "./map-state.ts";
import { SNAPSHOT_MAX_AGE_MS } from "./snapshot-read.ts";

/**
 * 食安地图 (issue 16, item 7): the schools of a region in the caller's scope with their position and state — cameras
 * online now, open alerts, the risk grade of server/patrol (the highest of their canteens) — and the region's
 * outlines. Through the scoped data layer: another jurisdiction's region is 404 like a missing one.
 */

interface Roll {
  cameras: number;
  online: number;
  alerts: number;
  risk: RiskCode;
}

/** pure: the canteens' facts rolled up per school */
export function rollUp(facts: Array<{ orgId: string; cameras: number; online: number; openAlerts: number; grade: "high" | "medium" | "low" }>) {
  const bySchool = new Map<string, Roll>();
  for (const f of facts) {
    const r = bySchool.get(f.orgId) ?? { cameras: 0, online: 0, alerts: 0, risk: -1 as RiskCode };
    r.cameras += f.cameras;
    r.online += f.online;
    r.alerts += f.openAlerts;
    r.risk = Math.max(r.risk, RISK_CODES[f.grade]) as RiskCode;
    bySchool.set(f.orgId, r);
  }
  return bySchool;
}

/** The map of an area computed now, for a scope (the caller's, or the region's own for the snapshot job). */
async function computeMap(deps: AppDeps, scope: Scope, area: Area): Promise<z.infer<typeof SchoolMap>> {
  const level = area.level === "school" ? "district" : area.level;
  const now = nowOf(deps);
  const [facts, schools] = await Promise.all([
    canteenFacts(deps.db, scope, { code: area.place.code, level }),
    scopedLists(deps.db, scope).orgs({ id: orgs.id, name: orgs.name, lat: orgs.latitude, lng: orgs.longitude }, between(orgs.regionCode, ...regionRange(area.place.code, level)), eq(orgs.kind, "school")),
  ]);
  const rolled = rollUp(facts.map((f) => ({ ...f, grade: riskOfFacts(f, now).grade })));
  const placed: MapSchool[] = [];
  for (const s of schools) {
    if (s.lat === null || s.lng === null) continue;
    const r = rolled.get(s.id) ?? { cameras: 0, online: 0, alerts: 0, risk: -1 as RiskCode };
    placed.push({ id: s.id, name: s.name, lat: s.lat, lng: s.lng, ...r });
  }
  // a stable order (by id: cheap, and the same on every call), so the client and the tests see the same columns
  placed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const columns = encodeSchools(placed);
  return { place: area.place, asOf: toIso(now), schools: columns, unplaced: schools.length - placed.length, bounds: schoolBounds(columns) };
}

/**
 * The map of a region: a province's or a city's from its snapshot while fresh (the JSON text as stored: 20,000
 * schools are neither read out of the database nor parsed again on request), else computed now.
 */
export async function schoolMap(deps: AppDeps, scope: Scope, q: z.infer<typeof MapQuery>): Promise<z.infer<typeof SchoolMap> | { json: string }> {
  const area = await resolveArea(deps.db, scope, q);
  if (area.level === "province" || area.level === "city") {
    const now = nowOf(deps);
    const [row] = await deps.db.select().from(mapSnapshots).where(eq(mapSnapshots.regionCode, area.place.code));
    if (row && row.computedAt <= now && now - row.computedAt <= SNAPSHOT_MAX_AGE_MS) return { json: row.body };
  }
  return computeMap(deps, scope, area);
}

/**
 * The job (beside the overview's snapshots, every OVERVIEW_REFRESH_SECONDS): each province's and city's map, computed
 * on nobody's behalf for the region alone — what any caller whose jurisdiction covers the region sees there.
 * Idempotent across instances: each row is replaced whole, never by an older computation.
 */
export async function refreshMapSnapshots(deps: AppDeps, levels: readonly RegionLevel[] = ["province", "city"]) {
  const rows = await deps.db.select({ code: regions.code, level: regions.level }).from(regions).where(inArray(regions.level, [...levels]));
  let done = 0;
  for (const r of rows) {
    const scope = systemRegionScope(r.code, r.level);
    const body = await computeMap(deps, scope, await resolveArea(deps.db, scope, { regionCode: r.code }));
    if (!body.schools.id.length && !body.unplaced) continue;
    const computedAt = Date.parse(body.asOf);
    const values = { regionCode: r.code, computedAt, body: JSON.stringify(body) };
    await deps.db
      .insert(mapSnapshots)
      .values(values)
      .onConflictDoUpdate({ target: mapSnapshots.regionCode, set: { computedAt, body: values.body }, setWhere: sql`${mapSnapshots.computedAt} <= ${computedAt}` });
    done++;
  }
  return done;
}

export async function mapOutlines(deps: AppDeps, scope: Scope, q: z.infer<typeof MapQuery>): Promise<z.infer<typeof MapOutlines>> {
  const area = await resolveArea(deps.db, scope, q);
  const [lo, hi] = area.range;
  const source = await outlineSource(deps.config);
  // the region itself and every region below it (a city: its districts, and its own outline if the file has one)
  const features = source.collection.features.filter((f) => f.properties.code >= lo && f.properties.code <= hi);
  return { place: area.place, illustrative: source.illustrative, approvalNo: source.approvalNo, outlines: { type: "FeatureCollection", features } };
}
