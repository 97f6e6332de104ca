import { readFile } from "node:fs/promises";
import { ApiError } from "../http/errors.ts";
import type { Ring } from "./geo.ts";
import { ILLUSTRATIVE_OUTLINES, type OutlineCollection, type OutlineFeature } from "./map-outlines.ts";

/**
 * Where the food-safety map's outlines come from (issue 16 item 7): the operator's official map when
 * MAP_GEOJSON_FILE names one (read once per file and kept: it is configuration, not data), else the product's
 * illustrative outlines. The file is any GeoJSON FeatureCollection of Polygon/MultiPolygon features whose properties
 * carry a GB/T 2260 code as `code` or `adcode` (as the common DataV files do) and a `name`; others are left out.
 */
export interface OutlineSource {
  collection: OutlineCollection;
  illustrative: boolean;
  approvalNo: string | null;
}

/** pure: the operator's GeoJSON, normalised to the features the map can use */
export function normaliseOutlines(json: unknown): OutlineCollection {
  const features = (json as { type?: string; features?: unknown[] })?.type === "FeatureCollection" ? ((json as { features: unknown[] }).features ?? []) : null;
  if (!features) throw new Error("not a GeoJSON FeatureCollection");
  const out: OutlineFeature[] = [];
  for (const f of features as Array<{ properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } }>) {
    const code = f?.properties?.code ?? f?.properties?.adcode;
    const type = f?.geometry?.type;
    if ((typeof code !== "string" && typeof code !== "number") || !/^\d{6}$/.test(String(code))) continue;
    if ((type !== "Polygon" && type !== "MultiPolygon") || !Array.isArray(f.geometry!.coordinates)) continue;
    const name = typeof f.properties!.name === "string" ? f.properties!.name : String(code);
    out.push({ type: "Feature", properties: { code: String(code), name }, geometry: { type, coordinates: f.geometry!.coordinates as Ring[] & Ring[][] } });
  }
  return { type: "FeatureCollection", features: out };
}

const loaded = new Map<string, Promise<OutlineCollection>>();

export async function outlineSource(config: { mapGeojsonFile?: string; mapApprovalNo?: string }): Promise<OutlineSource> {
  const file = config.mapGeojsonFile;
  if (!file) return { collection: ILLUSTRATIVE_OUTLINES, illustrative: true, approvalNo: null };
  let collection = loaded.get(file);
  if (!collection) {
    collection = readFile(file, "utf8").then((text) => normaliseOutlines(JSON.parse(text)));
    loaded.set(file, collection);
    // a file that could not be read is tried again on the next request (the operator may be fixing it)
    collection.catch(() => loaded.delete(file));
  }
  try {
    return { collection: await collection, illustrative: false, approvalNo: config.mapApprovalNo ?? null };
  } catch (e) {
    console.error(`[map] MAP_GEOJSON_FILE ${file}: ${(e as Error).message}`);
    throw new ApiError("service_unavailable", "map_outlines_unavailable");
  }
}
