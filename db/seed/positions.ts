import { placeIn } from "../../server/overview/geo.ts";
import { illustrativeRing, syntheticDistrictCell } from "../../server/overview/map-outlines.ts";

/**
 * Where the seeds put a school on the food-safety map (issue 16 item 7): a point inside its district's illustrative
 * outline, chosen from the school's name alone (deterministic, and no draw from the seed's shared random stream, so
 * every id stays what it was). A district the outlines do not draw leaves the school unplaced (null).
 */
export function positionIn(regionCode: string, key: string): { latitude: number | null; longitude: number | null } {
  const ring = illustrativeRing(regionCode);
  if (!ring) return { latitude: null, longitude: null };
  const [longitude, latitude] = placeIn(ring, key);
  return { latitude, longitude };
}

/** The province dataset's schools: inside their district's cell of the synthetic grid. */
export function positionInCell(cityIndex: number, districtIndex: number, key: string) {
  const [longitude, latitude] = placeIn(syntheticDistrictCell(cityIndex, districtIndex), key);
  return { latitude, longitude };
}
