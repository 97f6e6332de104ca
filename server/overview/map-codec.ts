/**
 * The food-safety map's compact answer (issue 16 item 7): 20,000 schools must stay small, so the answer is columns —
 * the i-th entry of every array is one school — and positions are rounded to 5 decimals (about 1 m). Pure: the
 * server encodes, the client decodes, the unit tests check the round trip.
 */
import { boundsOf, type Bounds, roundDeg } from "./geo.ts";
import type { RiskCode, SchoolFacts } from "./map-state.ts";

export interface MapSchool extends SchoolFacts {
  id: string;
  name: string;
  lat: number;
  lng: number;
}
export interface MapColumns {
  id: string[];
  name: string[];
  lat: number[];
  lng: number[];
  cameras: number[];
  online: number[];
  alerts: number[];
  /** RiskCode on the wire; the contract checks the range */
  risk: number[];
}

export function encodeSchools(schools: MapSchool[]): MapColumns {
  const c: MapColumns = { id: [], name: [], lat: [], lng: [], cameras: [], online: [], alerts: [], risk: [] };
  for (const s of schools) {
    c.id.push(s.id);
    c.name.push(s.name);
    c.lat.push(roundDeg(s.lat));
    c.lng.push(roundDeg(s.lng));
    c.cameras.push(s.cameras);
    c.online.push(s.online);
    c.alerts.push(s.alerts);
    c.risk.push(s.risk);
  }
  return c;
}

export function decodeSchools(c: MapColumns): MapSchool[] {
  const out: MapSchool[] = new Array(c.id.length);
  for (let i = 0; i < c.id.length; i++) {
    out[i] = { id: c.id[i]!, name: c.name[i]!, lat: c.lat[i]!, lng: c.lng[i]!, cameras: c.cameras[i]!, online: c.online[i]!, alerts: c.alerts[i]!, risk: c.risk[i]! as RiskCode };
  }
  return out;
}

/** the bounds of the schools' positions ([west, south, east, north]), null when none is placed */
export function schoolBounds(c: Pick<MapColumns, "lat" | "lng">): Bounds | null {
  return boundsOf(c.lng.map((lng, i): [number, number] => [lng, c.lat[i]!]));
}
