import type { Zone } from "../../server/detection/contracts.ts";
import type { Box } from "./types.ts";

/** Even-odd ray casting (pure); points on the boundary may fall either way. */
export function pointInPolygon(x: number, y: number, points: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether an object counts as inside the camera's zones: its box's bottom-centre (where a person stands,
 * where an animal touches the floor or the worktop) lies in any zone. No zones: the whole frame.
 */
export function inZones(box: Box, zones: readonly Zone[]): boolean {
  if (zones.length === 0) return true;
  const x = box.x + box.w / 2;
  const y = Math.min(box.y + box.h, 0.9999);
  return zones.some((z) => pointInPolygon(x, y, z.points));
}
