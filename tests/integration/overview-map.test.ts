import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, canteens, mapSnapshots, orgs } from "../../db/schema/index.ts";
import { refreshMapSnapshots } from "../../server/overview/map.ts";
import { inRing } from "../../server/overview/geo.ts";
import { illustrativeRing } from "../../server/overview/map-outlines.ts";
import { decodeSchools } from "../../server/overview/map-codec.ts";
import { mapStateOf } from "../../server/overview/map-state.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * 食安地图 (issue 16, item 7) over the demo data: the schools of the caller's region with positions inside their
 * district's illustrative outline, their state, another jurisdiction's region refused like a missing one, bad
 * input a 4xx, positions set by PATCH, and the outlines — illustrative by default, the operator's by configuration.
 */
let t: TestApp;
let admin: string;
let inspector: string;
const schoolsOf = async (codes: string[]) =>
  t.db.select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode }).from(orgs).where(and(inArray(orgs.regionCode, codes), eq(orgs.kind, "school")));

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login("ezhou.admin");
  inspector = await t.login("echeng.inspector");
});
afterAll(() => t?.close());

describe("GET /api/v1/overview/map", () => {
  it("shows the city admin every school of 鄂州市, each inside its district's outline, none of 黄石市", async () => {
    const res = await t.call("GET", "/api/v1/overview/map", { token: admin });
    expect(res.status).toBe(200);
    expect(res.json.place).toMatchObject({ code: "420700", level: "city" });
    const expected = await schoolsOf(["420702", "420703", "420704"]);
    const schools = decodeSchools(res.json.schools);
    expect(schools.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
    expect(res.json.unplaced).toBe(0);
    const regionOf = new Map(expected.map((s) => [s.id, s.regionCode]));
    for (const s of schools) expect(inRing([s.lng, s.lat], illustrativeRing(regionOf.get(s.id)!)!)).toBe(true);
    const [w, south, e, n] = res.json.bounds;
    expect(w).toBeLessThan(e);
    expect(south).toBeLessThan(n);
    // the demo's cameras are online and nothing is open: every school has cameras and a risk grade
    for (const s of schools) {
      expect(s.cameras).toBeGreaterThan(0);
      expect([0, 1, 2]).toContain(s.risk);
    }
  });

  it("a district inspector sees the district's schools; the city above and another district are 404", async () => {
    const res = await t.call("GET", "/api/v1/overview/map", { token: inspector });
    expect(res.status).toBe(200);
    expect(res.json.place.code).toBe("420704");
    expect(res.json.schools.id.sort()).toEqual((await schoolsOf(["420704"])).map((s) => s.id).sort());
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=420700", { token: inspector })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=420703", { token: inspector })).status).toBe(404);
  });

  it("another city is 404 like a missing one; a bad region code or an unknown field is 400; no session 401; a principal 403", async () => {
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=420200", { token: admin })).json.error.code).toBe("not_found");
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=429999", { token: admin })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=42", { token: admin })).status).toBe(400);
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=%E9%84%82", { token: admin })).status).toBe(400);
    expect((await t.call("GET", "/api/v1/overview/map?schoolId=x", { token: admin })).status).toBe(400);
    expect((await t.call("GET", "/api/v1/overview/map")).status).toBe(401);
    expect((await t.call("GET", "/api/v1/overview/map", { token: await t.login("school.principal") })).status).toBe(403);
  });

  it("a school's cameras offline and an open alert change its state", async () => {
    const [school] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第二中学"));
    const ids = (await t.db.select({ id: canteens.id }).from(canteens).where(eq(canteens.orgId, school!.id))).map((c) => c.id);
    await t.db.update(cameras).set({ status: "offline" }).where(inArray(cameras.canteenId, ids));
    const res = await t.call("GET", "/api/v1/overview/map?regionCode=420704", { token: admin });
    const s = decodeSchools(res.json.schools).find((x) => x.id === school!.id)!;
    expect(s.online).toBe(0);
    expect(s.cameras).toBeGreaterThan(0);
    expect(["offline", "high_risk"]).toContain(mapStateOf(s));
    await t.db.update(cameras).set({ status: "online" }).where(inArray(cameras.canteenId, ids));
  });
});

describe("the snapshots of a province's and a city's map", () => {
  it("answer the city's map as computed by the job while fresh; a district's is computed on request; a stale one is ignored", async () => {
    const computed = await t.call("GET", "/api/v1/overview/map", { token: admin });
    expect(await refreshMapSnapshots({ db: t.db, config: t.config } as never)).toBeGreaterThanOrEqual(3);
    const [row] = await t.db.select().from(mapSnapshots).where(eq(mapSnapshots.regionCode, "420700"));
    // mark the snapshot so it is seen to be the answer
    const marked = { ...JSON.parse(row!.body), unplaced: 99 };
    await t.db.update(mapSnapshots).set({ body: JSON.stringify(marked) }).where(eq(mapSnapshots.regionCode, "420700"));
    const fromSnapshot = await t.call("GET", "/api/v1/overview/map", { token: admin });
    expect(fromSnapshot.status).toBe(200);
    expect(fromSnapshot.headers.get("content-type")).toContain("application/json");
    expect(fromSnapshot.json.unplaced).toBe(99);
    expect(fromSnapshot.json.schools).toEqual(computed.json.schools);
    // the inspector's district is never a snapshot; another city's snapshot is still 404 for the city admin
    expect((await t.call("GET", "/api/v1/overview/map", { token: inspector })).json.unplaced).toBe(0);
    expect((await t.call("GET", "/api/v1/overview/map?regionCode=420200", { token: admin })).status).toBe(404);
    await t.db.update(mapSnapshots).set({ computedAt: row!.computedAt - 3_600_000 }).where(eq(mapSnapshots.regionCode, "420700"));
    expect((await t.call("GET", "/api/v1/overview/map", { token: admin })).json.unplaced).toBe(0);
    await t.db.delete(mapSnapshots);
  });
});

describe("a school's position, set by an admin (PATCH /api/v1/orgs/{id})", () => {
  it("moves the school on the map, takes it off with null, and refuses degrees out of range or half a position", async () => {
    const [school] = await t.db.select().from(orgs).where(eq(orgs.name, "华容区第一中学"));
    const path = `/api/v1/orgs/${school!.id}`;
    await refreshMapSnapshots({ db: t.db, config: t.config } as never);
    const moved = await t.call("PATCH", path, { token: admin, body: { position: { latitude: 30.5, longitude: 114.7 } } });
    expect(moved.status).toBe(200);
    // the kept maps of 华容区's city and province are dropped, so the city's map shows the move at once
    expect((await t.db.select().from(mapSnapshots)).map((r) => r.regionCode).sort()).toEqual(["420200"]);
    const city = await t.call("GET", "/api/v1/overview/map", { token: admin });
    expect(city.json.schools.lat[city.json.schools.id.indexOf(school!.id)]).toBe(30.5);
    expect(moved.json.position).toEqual({ latitude: 30.5, longitude: 114.7 });
    let map = await t.call("GET", "/api/v1/overview/map?regionCode=420703", { token: admin });
    const i = map.json.schools.id.indexOf(school!.id);
    expect([map.json.schools.lat[i], map.json.schools.lng[i]]).toEqual([30.5, 114.7]);

    for (const bad of [{ latitude: 91, longitude: 114 }, { latitude: 30, longitude: -181 }, { latitude: 30 }, { latitude: "30", longitude: 114 }]) {
      expect((await t.call("PATCH", path, { token: admin, body: { position: bad } })).status).toBe(400);
    }
    expect((await t.call("PATCH", path, { token: admin, body: { latitude: 30 } })).status).toBe(400);

    expect((await t.call("PATCH", path, { token: admin, body: { position: null } })).json.position).toBeNull();
    map = await t.call("GET", "/api/v1/overview/map?regionCode=420703", { token: admin });
    expect(map.json.schools.id).not.toContain(school!.id);
    expect(map.json.unplaced).toBe(1);
    expect((await t.call("GET", path, { token: admin })).json.position).toBeNull();
  });
});

describe("GET /api/v1/overview/map/outlines", () => {
  it("answers the illustrative outlines of the caller's region and the regions below it", async () => {
    const city = await t.call("GET", "/api/v1/overview/map/outlines", { token: admin });
    expect(city.status).toBe(200);
    expect(city.json).toMatchObject({ illustrative: true, approvalNo: null, outlines: { type: "FeatureCollection" } });
    expect(city.json.outlines.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(["420702", "420703", "420704"]);
    const district = await t.call("GET", "/api/v1/overview/map/outlines", { token: inspector });
    expect(district.json.outlines.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(["420704"]);
    expect((await t.call("GET", "/api/v1/overview/map/outlines?regionCode=420200", { token: admin })).status).toBe(404);
  });

  it("answers the operator's map when MAP_GEOJSON_FILE names one (adcode or code), with its 审图号; an unreadable file is a 503", async () => {
    const dir = mkdtempSync(join(tmpdir(), "map-"));
    const file = join(dir, "official.json");
    const square = [[[114.6, 30.3], [114.9, 30.3], [114.9, 30.5], [114.6, 30.3]]];
    writeFileSync(file, JSON.stringify({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { adcode: 420704, name: "鄂城区" }, geometry: { type: "Polygon", coordinates: square } },
        { type: "Feature", properties: { code: "420202", name: "黄石港区" }, geometry: { type: "Polygon", coordinates: square } },
        { type: "Feature", properties: { name: "no code" }, geometry: { type: "Polygon", coordinates: square } },
        { type: "Feature", properties: { code: "420703" }, geometry: { type: "Point", coordinates: [114.7, 30.4] } },
      ],
    }));
    const official = await startTestApp({ MAP_GEOJSON_FILE: file, MAP_APPROVAL_NO: "鄂S(2026)001号" });
    const broken = await startTestApp({ MAP_GEOJSON_FILE: join(dir, "missing.json") });
    try {
      const res = await official.call("GET", "/api/v1/overview/map/outlines", { token: await official.login("ezhou.admin") });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ illustrative: false, approvalNo: "鄂S(2026)001号" });
      expect(res.json.outlines.features).toEqual([{ type: "Feature", properties: { code: "420704", name: "鄂城区" }, geometry: { type: "Polygon", coordinates: square } }]);
      const bad = await broken.call("GET", "/api/v1/overview/map/outlines", { token: await broken.login("ezhou.admin") });
      expect(bad.status).toBe(503);
      expect(bad.json.error.code).toBe("service_unavailable");
    } finally {
      official.close();
      broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
