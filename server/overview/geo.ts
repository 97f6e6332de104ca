/**
 * Pure geometry of the food-safety map (食安地图, issue 16 item 7): rings in GeoJSON order ([lng, lat], WGS-84
 * degrees), their bounds, a point-in-ring test, and a deterministic point inside a ring — how the seeds place
 * schools inside their district's outline. No I/O.
 */

export type LngLat = [number, number];
export type Ring = LngLat[];
/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

export function boundsOf(points: Iterable<LngLat>): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [lng, lat] of points) {
    if (lng < w) w = lng;
    if (lng > e) e = lng;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return w === Infinity ? null : [w, s, e, n];
}

/** The bounds of both, either of which may be missing. */
export const unionBounds = (a: Bounds | null, b: Bounds | null): Bounds | null =>
  !a ? b : !b ? a : [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

/** Even-odd ray casting; a point on the edge may fall either way (fine for placing and filtering). */
export function inRing([x, y]: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** FNV-1a: a string to 32 bits, so a place depends on the school's key alone, not on the order of the seed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 (as db/seed/random.ts), kept here so the server's pure code needs nothing from the seeds */
function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Degrees rounded to 5 decimals (about 1 m): what the map answers, and what a seed stores. */
export const roundDeg = (d: number) => Math.round(d * 1e5) / 1e5;

/**
 * A deterministic point inside a ring, for a key (a school's id or name): rejection sampling in the ring's bounds,
 * kept off the edge by a margin (a tenth of the bounds), so a point is inside at any zoom. The ring's first vertex
 * if nothing lands inside after 200 tries (a degenerate ring).
 */
export function placeIn(ring: Ring, key: string): LngLat {
  const b = boundsOf(ring)!;
  const random = mulberry(hash32(key));
  const mx = (b[2] - b[0]) * 0.1, my = (b[3] - b[1]) * 0.1;
  for (let i = 0; i < 200; i++) {
    const p: LngLat = [roundDeg(b[0] + mx + random() * (b[2] - b[0] - 2 * mx)), roundDeg(b[1] + my + random() * (b[3] - b[1] - 2 * my))];
    if (inRing(p, ring)) return p;
  }
  return ring[0]!;
}
