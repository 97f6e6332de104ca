/**
 * 示意 — ILLUSTRATIVE OUTLINES, NOT A MAP. Simple polygons drawn by hand around the demo's districts (鄂州市 and
 * 黄石市), roughly where they lie, so the food-safety map (食安地图, issue 16 item 7) has shapes to show offline.
 * They are not boundaries: a map of China that is published needs an approval number (审图号), so the UI labels
 * these 示意 and a customer's official map plugs in by configuration (MAP_GEOJSON_FILE, see README.md and
 * map-source.ts). Coordinates are [lng, lat], WGS-84 degrees; each feature's `code` is its GB/T 2260 code.
 */
import type { Ring } from "./geo.ts";

export interface OutlineFeature {
  type: "Feature";
  properties: { code: string; name: string };
  geometry: { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
}
export interface OutlineCollection {
  type: "FeatureCollection";
  features: OutlineFeature[];
}

const closed = (ring: Ring): Ring => [...ring, ring[0]!];
const district = (code: string, name: string, ring: Ring): OutlineFeature => ({
  type: "Feature",
  properties: { code, name },
  geometry: { type: "Polygon", coordinates: [closed(ring)] },
});

/** the demo's districts (the seeds place every school inside its district's ring) */
export const ILLUSTRATIVE_OUTLINES: OutlineCollection = {
  type: "FeatureCollection",
  features: [
    // 鄂州市: 华容区 to the north-west, 鄂城区 along the river to the east, 梁子湖区 to the south
    district("420703", "华容区", [[114.6, 30.38], [114.78, 30.36], [114.84, 30.46], [114.8, 30.58], [114.66, 30.6], [114.58, 30.5]]),
    district("420704", "鄂城区", [[114.84, 30.46], [114.78, 30.36], [114.86, 30.26], [115.02, 30.28], [115.08, 30.36], [115.0, 30.46], [114.9, 30.5]]),
    district("420702", "梁子湖区", [[114.5, 30.12], [114.7, 30.04], [114.86, 30.1], [114.86, 30.26], [114.78, 30.36], [114.6, 30.38], [114.52, 30.26]]),
    // 黄石市, south-east of it
    district("420281", "大冶市", [[114.6, 29.6], [114.94, 29.56], [114.98, 29.76], [114.98, 29.96], [114.76, 29.98], [114.62, 29.82]]),
    district("420204", "下陆区", [[114.98, 29.88], [115.04, 29.88], [115.04, 29.98], [114.98, 29.98]]),
    district("420205", "铁山区", [[114.98, 29.78], [115.04, 29.78], [115.04, 29.88], [114.98, 29.88]]),
    district("420202", "黄石港区", [[115.04, 29.92], [115.12, 29.92], [115.12, 30.0], [115.04, 30.0]]),
    district("420203", "西塞山区", [[115.04, 29.8], [115.16, 29.8], [115.16, 29.92], [115.04, 29.92]]),
    district("420222", "阳新县", [[114.94, 29.56], [115.4, 29.4], [115.5, 29.6], [115.3, 29.8], [115.16, 29.8], [115.04, 29.78], [114.98, 29.76]]),
  ],
};

/** A district's outer ring in the illustrative outlines, for the seeds; undefined for a code they do not draw. */
export function illustrativeRing(code: string): Ring | undefined {
  const f = ILLUSTRATIVE_OUTLINES.features.find((x) => x.properties.code === code);
  return f && f.geometry.type === "Polygon" ? f.geometry.coordinates[0] : undefined;
}

/**
 * The synthetic province of the benchmarks (db/seed/province.ts) has made-up district codes (42xx01…42xx10) that
 * no outline draws: each gets a cell of a grid over 湖北省's rough bounds instead — the cities 5 × 3, each city's
 * districts 5 × 2 — so 20,000 schools spread like a province's.
 */
export function syntheticDistrictCell(cityIndex: number, districtIndex: number): Ring {
  const [w, s, e, n] = [108.4, 29.1, 116.1, 33.2];
  const cw = (e - w) / 5, ch = (n - s) / 3;
  const cx = w + (cityIndex % 5) * cw, cy = s + Math.floor(cityIndex / 5) * ch;
  const dw = cw / 5, dh = ch / 2;
  const x = cx + (districtIndex % 5) * dw, y = cy + Math.floor(districtIndex / 5) * dh;
  return [[x, y], [x + dw, y], [x + dw, y + dh], [x, y + dh], [x, y]];
}
