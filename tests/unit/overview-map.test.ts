import { describe, expect, it } from "vitest";
import { buildIndex, clusterRadius, drawnIn, stateCounts } from "../../client/pages/overview/map/clusters.ts";
import { positionIn, positionInCell } from "../../db/seed/positions.ts";
import { boundsOf, inRing, placeIn, roundDeg, unionBounds, type Ring } from "../../server/overview/geo.ts";
import { decodeSchools, encodeSchools, type MapSchool, schoolBounds } from "../../server/overview/map-codec.ts";
import { ILLUSTRATIVE_OUTLINES, illustrativeRing, syntheticDistrictCell } from "../../server/overview/map-outlines.ts";
import { normaliseOutlines } from "../../server/overview/map-source.ts";
import { MAP_STATES, mapStateOf, ONLINE_SHARE_OK, onlineShare, STATE_COLOURS, worseOf } from "../../server/overview/map-state.ts";
import { rollUp } from "../../server/overview/map.ts";

/** 食安地图 (issue 16 item 7): the pure parts — state, geometry, the compact answer, clusters, outlines. */

const school = (over: Partial<MapSchool> = {}): MapSchool => ({ id: "org_a", name: "鄂城区第一中学", lat: 30.4, lng: 114.9, cameras: 7, online: 7, alerts: 0, risk: 0, ...over });

describe("a school's state", () => {
  it("is the most pressing of open alerts, high risk, cameras offline, medium risk, else normal", () => {
    expect(mapStateOf(school({ alerts: 1, risk: 2, online: 0 }))).toBe("alert");
    expect(mapStateOf(school({ risk: 2, online: 0 }))).toBe("high_risk");
    expect(mapStateOf(school({ risk: 1, online: 5 }))).toBe("offline");
    expect(mapStateOf(school({ cameras: 0, online: 0 }))).toBe("offline");
    expect(mapStateOf(school({ risk: 1 }))).toBe("medium_risk");
    expect(mapStateOf(school({ risk: -1 }))).toBe("normal");
    expect(mapStateOf(school())).toBe("normal");
  });
  it("counts cameras online against the risk rules' threshold (0.8)", () => {
    expect(onlineShare({ cameras: 0, online: 0 })).toBeNull();
    expect(onlineShare({ cameras: 10, online: 8 })).toBe(ONLINE_SHARE_OK);
    expect(mapStateOf(school({ cameras: 10, online: 8 }))).toBe("normal");
    expect(mapStateOf(school({ cameras: 10, online: 7 }))).toBe("offline");
  });
  it("orders the states, and every state has a distinct colour", () => {
    expect(worseOf("normal", "alert")).toBe("alert");
    expect(worseOf("offline", "medium_risk")).toBe("offline");
    expect(new Set(MAP_STATES.map((s) => STATE_COLOURS[s])).size).toBe(MAP_STATES.length);
  });
  it("rolls canteens up to their school: sums, and the highest grade", () => {
    const r = rollUp([
      { orgId: "a", cameras: 4, online: 3, openAlerts: 1, grade: "low" },
      { orgId: "a", cameras: 3, online: 3, openAlerts: 2, grade: "high" },
      { orgId: "b", cameras: 0, online: 0, openAlerts: 0, grade: "medium" },
    ]);
    expect(r.get("a")).toEqual({ cameras: 7, online: 6, alerts: 3, risk: 2 });
    expect(r.get("b")).toEqual({ cameras: 0, online: 0, alerts: 0, risk: 1 });
  });
});

describe("geometry", () => {
  const square: Ring = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
  it("bounds, union and point in ring", () => {
    expect(boundsOf(square)).toEqual([0, 0, 2, 2]);
    expect(boundsOf([])).toBeNull();
    expect(unionBounds([0, 0, 1, 1], [2, -1, 3, 0.5])).toEqual([0, -1, 3, 1]);
    expect(unionBounds(null, [0, 0, 1, 1])).toEqual([0, 0, 1, 1]);
    expect(inRing([1, 1], square)).toBe(true);
    expect(inRing([3, 1], square)).toBe(false);
    const l: Ring = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];
    expect(inRing([1.5, 1.5], l)).toBe(false);
    expect(inRing([0.5, 1.5], l)).toBe(true);
  });
  it("places a key inside a ring, the same place every time, 5 decimals", () => {
    const ring = illustrativeRing("420704")!;
    const p = placeIn(ring, "鄂城区第一中学");
    expect(inRing(p, ring)).toBe(true);
    expect(placeIn(ring, "鄂城区第一中学")).toEqual(p);
    expect(placeIn(ring, "鄂城区第二中学")).not.toEqual(p);
    expect(roundDeg(p[0])).toBe(p[0]);
  });
  it("the seeds place every demo district's schools inside its outline, the province's in its grid cell", () => {
    for (const f of ILLUSTRATIVE_OUTLINES.features) {
      const ring = illustrativeRing(f.properties.code)!;
      for (let i = 0; i < 20; i++) {
        const { latitude, longitude } = positionIn(f.properties.code, `${f.properties.name}${i}`);
        expect(inRing([longitude!, latitude!], ring)).toBe(true);
      }
    }
    expect(positionIn("110101", "北京")).toEqual({ latitude: null, longitude: null });
    const cell = syntheticDistrictCell(12, 9);
    const p = positionInCell(12, 9, "恩施第10区第1学校");
    expect(inRing([p.longitude, p.latitude], cell)).toBe(true);
    // the grid stays inside 湖北省's rough bounds
    expect(boundsOf(cell)![2]).toBeLessThanOrEqual(116.1 + 1e-9);
  });
  it("the illustrative outlines do not overlap: no district's placed school falls in another's", () => {
    for (const f of ILLUSTRATIVE_OUTLINES.features) {
      const { latitude, longitude } = positionIn(f.properties.code, "probe");
      const others = ILLUSTRATIVE_OUTLINES.features.filter((g) => g !== f && inRing([longitude!, latitude!], illustrativeRing(g.properties.code)!));
      expect(others).toEqual([]);
    }
  });
});

describe("the compact answer", () => {
  it("round-trips, rounds positions, and knows its bounds", () => {
    const schools = [school(), school({ id: "org_b", name: "华容区第一中学", lat: 30.512345678, lng: 114.7, alerts: 2, risk: 1 })];
    const c = encodeSchools(schools);
    expect(Object.keys(c)).toEqual(["id", "name", "lat", "lng", "cameras", "online", "alerts", "risk"]);
    expect(c.lat[1]).toBe(30.51235);
    expect(decodeSchools(c)).toEqual([schools[0], { ...schools[1], lat: 30.51235 }]);
    expect(schoolBounds(c)).toEqual([114.7, 30.4, 114.9, 30.51235]);
    expect(schoolBounds(encodeSchools([]))).toBeNull();
  });
  it("stays small: 20,000 schools as columns, under 100 bytes each", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => school({ id: `org_${String(i).padStart(16, "0")}`, name: `某某市第${i % 10}区第${i}学校`, lat: 30 + i / 1e5, lng: 114 + i / 1e5 }));
    expect(JSON.stringify(encodeSchools(many)).length / 20_000).toBeLessThan(100);
  });
});

describe("clusters", () => {
  const schools = [
    school({ id: "a", lat: 30.4, lng: 114.9 }),
    school({ id: "b", lat: 30.4001, lng: 114.9001, alerts: 1 }),
    school({ id: "c", lat: 30.0, lng: 114.5, risk: 1 }),
  ];
  it("take the most pressing state of their schools when zoomed out, and fall apart when zoomed in", () => {
    const index = buildIndex(schools);
    const out = drawnIn(index, [110, 28, 118, 32], 8);
    const cluster = out.find((d) => d.kind === "cluster")!;
    expect(cluster).toMatchObject({ kind: "cluster", count: 2, state: "alert" });
    expect(out.find((d) => d.kind === "school")).toMatchObject({ i: 2, state: "medium_risk" });
    expect(index.getClusterExpansionZoom((cluster as { id: number }).id)).toBeGreaterThan(8);
    const near = drawnIn(index, [110, 28, 118, 32], 18);
    expect(near.filter((d) => d.kind === "school").length).toBe(3);
    expect(drawnIn(index, [0, 0, 1, 1], 8)).toEqual([]);
  });
  it("count the legend and size a cluster by its count", () => {
    expect(stateCounts(schools)).toEqual({ alert: 1, high_risk: 0, offline: 0, medium_risk: 1, normal: 1 });
    expect(clusterRadius(1)).toBe(14);
    expect(clusterRadius(10_000)).toBeLessThanOrEqual(30);
    expect(clusterRadius(100)).toBeGreaterThan(clusterRadius(10));
  });
});

describe("the operator's outlines", () => {
  it("keep Polygon and MultiPolygon features with a six-digit code or adcode, named; refuse what is not a FeatureCollection", () => {
    const ring = [[[0, 0], [1, 0], [1, 1], [0, 0]]];
    const out = normaliseOutlines({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { adcode: 420704, name: "鄂城区" }, geometry: { type: "Polygon", coordinates: ring } },
        { type: "Feature", properties: { code: "420703" }, geometry: { type: "MultiPolygon", coordinates: [ring] } },
        { type: "Feature", properties: { code: "4207" }, geometry: { type: "Polygon", coordinates: ring } },
        { type: "Feature", properties: { code: "420702" }, geometry: { type: "LineString", coordinates: ring[0] } },
        { type: "Feature", properties: null, geometry: null },
      ],
    });
    expect(out.features.map((f) => [f.properties.code, f.properties.name, f.geometry.type])).toEqual([["420704", "鄂城区", "Polygon"], ["420703", "420703", "MultiPolygon"]]);
    expect(() => normaliseOutlines({ type: "Feature" })).toThrow();
    expect(() => normaliseOutlines(null)).toThrow();
  });
});
