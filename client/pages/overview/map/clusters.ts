import Supercluster, { type ClusterProperties } from "supercluster";
import type { MapSchool } from "../../../../server/overview/map-codec.ts";
import { MAP_STATES, type MapState, mapStateOf, stateIndex } from "../../../../server/overview/map-state.ts";

/**
 * The food-safety map's clusters (issue 16 item 7): supercluster over the schools, each cluster carrying its count
 * and the most pressing state among its schools (so a red school is never hidden in a green cluster). Pure apart
 * from supercluster's own index; no Leaflet, no DOM — the unit tests run it as is.
 */

interface PointProps {
  /** the school's index in the decoded answer */
  i: number;
  /** its state's index in MAP_STATES */
  s: number;
}
interface ClusterProps {
  s: number;
}
export type Index = Supercluster<PointProps, ClusterProps>;

export type Drawn =
  | { kind: "cluster"; id: number; count: number; lng: number; lat: number; state: MapState }
  | { kind: "school"; i: number; lng: number; lat: number; state: MapState };

/** past this zoom every school stands alone */
export const CLUSTER_MAX_ZOOM = 14;

export function buildIndex(schools: MapSchool[]): Index {
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: 48,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: (p) => ({ s: p.s }),
    reduce: (acc, p) => {
      acc.s = Math.min(acc.s, p.s);
    },
  });
  index.load(schools.map((x, i) => ({ type: "Feature" as const, properties: { i, s: stateIndex(mapStateOf(x)) }, geometry: { type: "Point" as const, coordinates: [x.lng, x.lat] } })));
  return index;
}

/** what to draw in the bounds ([west, south, east, north]) at a zoom */
export function drawnIn(index: Index, bounds: [number, number, number, number], zoom: number): Drawn[] {
  return index.getClusters(bounds, Math.round(zoom)).map((f) => {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties as Partial<ClusterProperties> & { s: number; i?: number };
    return p.cluster
      ? { kind: "cluster" as const, id: p.cluster_id!, count: p.point_count!, lng, lat, state: MAP_STATES[p.s]! }
      : { kind: "school" as const, i: p.i!, lng, lat, state: MAP_STATES[p.s]! };
  });
}

/** a cluster's radius in CSS pixels: grows with the log of its count, 14 to 30 */
export const clusterRadius = (count: number) => Math.min(30, 14 + Math.log10(Math.max(1, count)) * 5);
export const SCHOOL_RADIUS = 7;

/** how many schools are in each state (the legend's counts) */
export function stateCounts(schools: MapSchool[]): Record<MapState, number> {
  const counts = Object.fromEntries(MAP_STATES.map((s) => [s, 0])) as Record<MapState, number>;
  for (const x of schools) counts[mapStateOf(x)]++;
  return counts;
}

/** Leaflet-free bounds for the first view: the outlines' and the schools' together, or null when there is neither */
export { unionBounds } from "../../../../server/overview/geo.ts";
