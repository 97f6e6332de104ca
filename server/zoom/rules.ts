import { type Crop, MIN_CROP_PX, type SourceSize, ZOOM_TIMEOUT_MS } from "./contracts.ts";

/** A region of the picture, in fractions of its width and height from the top left (the browser's drawing). */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

/**
 * The region in the source's pixels (pure): each edge rounded to the nearest pixel and kept inside the picture, so
 * two regions that share an edge share its pixel column. The live track has the source's aspect ratio (scaled with
 * the aspect kept), so a fraction of the track is the same fraction of the source.
 */
export function cropOf(r: Region, source: SourceSize): Crop {
  const x0 = clamp(Math.round(r.x * source.width), source.width);
  const y0 = clamp(Math.round(r.y * source.height), source.height);
  const x1 = clamp(Math.round((r.x + r.w) * source.width), source.width);
  const y1 = clamp(Math.round((r.y + r.h) * source.height), source.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Whether a crop is big enough to read anything (MIN_CROP_PX per side) and lies inside the source. */
export function cropProblem(c: Crop, source: SourceSize): "zoom_region_too_small" | "zoom_region_outside" | null {
  if (c.x + c.width > source.width || c.y + c.height > source.height) return "zoom_region_outside";
  if (c.width < MIN_CROP_PX || c.height < MIN_CROP_PX) return "zoom_region_too_small";
  return null;
}

/** A request still pending past the timeout is failed: the gateway did not answer (pure: no sweep needed). */
export const timedOut = (status: string, requestedAt: number, now: number) => status === "pending" && now - requestedAt > ZOOM_TIMEOUT_MS;
