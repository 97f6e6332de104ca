import { between, eq } from "drizzle-orm";
import type { z } from "zod";
import { orgs } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { canteenFacts, riskOfFacts } from "../patrol/candidates.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { resolveArea } from "./area.ts";
import type { MapOutlines, MapQuery, SchoolMap } from "./contracts.ts";
import { encodeSchools, type MapSchool, schoolBounds } from "./map-codec.ts";
import { outlineSource } from "./map-source.ts";
import { RISK_CODES, type RiskCode } from "./map-state.ts";

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

export async function schoolMap(deps: AppDeps, scope: Scope, q: z.infer<typeof MapQuery>): Promise<z.infer<typeof SchoolMap>> {
  const area = await resolveArea(deps.db, scope, q);
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

export async function mapOutlines(deps: AppDeps, scope: Scope, q: z.infer<typeof MapQuery>): Promise<z.infer<typeof MapOutlines>> {
  const area = await resolveArea(deps.db, scope, q);
  const [lo, hi] = area.range;
  const source = await outlineSource(deps.config);
  // the region itself and every region below it (a city: its districts, and its own outline if the file has one)
  const features = source.collection.features.filter((f) => f.properties.code >= lo && f.properties.code <= hi);
  return { place: area.place, illustrative: source.illustrative, approvalNo: source.approvalNo, outlines: { type: "FeatureCollection", features } };
}
