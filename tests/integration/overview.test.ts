import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, cameraStatusEvents, canteenRatings, canteens, gateways, orgs, overviewSnapshots } from "../../db/schema/index.ts";
import { refreshSnapshots } from "../../server/overview/snapshot.ts";
import { keepReports } from "../../server/overview/reports.ts";
import { newId } from "../../server/auth/tokens.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * The regulator's overview (issue 16) over the demo data with hand-made camera histories, at a fixed clock:
 * the online rate of a school, its district and the city (camera-weighted), the drill-down, the survey, the
 * monthly ranking and report agreeing with the overview, and every bad input answered with its 4xx.
 */
const H = 3_600_000;
const NOW = Date.parse("2026-11-20T10:00:00+08:00");
const DAY = "2026-11-19";
const DAY_START = Date.parse(`${DAY}T00:00:00+08:00`);

let t: TestApp;
let clock = NOW;
let admin: string;
let schoolId: string;
let otherSchoolId: string;
let foreignSchoolId: string;
let first: string[];
let second: string[];

async function camerasOf(orgName: string) {
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, orgName));
  const rows = await t.db.select({ id: cameras.id }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(canteens.orgId, org!.id));
  return { orgId: org!.id, ids: rows.map((r) => r.id).sort() };
}
const event = (cameraId: string, status: "online" | "offline", at: number) => ({ id: newId("cse"), cameraId, status, at, reason: null });

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  admin = await t.login("ezhou.admin");
  const a = await camerasOf("鄂城区第一中学");
  const b = await camerasOf("鄂城区第二中学");
  schoolId = a.orgId;
  otherSchoolId = b.orgId;
  first = a.ids;
  second = b.ids;
  foreignSchoolId = (await camerasOf("黄石港区第一中学")).orgId;
  // 鄂城区第一中学: every camera online for weeks; the first one offline 10:00–12:00 on the day, and a 2-minute blip
  // 鄂城区第二中学: every camera online until noon on the day, then offline (still)
  const rows = [
    ...first.map((id) => event(id, "online", DAY_START - 20 * 24 * H)),
    event(first[0]!, "offline", DAY_START + 10 * H),
    event(first[0]!, "online", DAY_START + 12 * H),
    event(first[1]!, "offline", DAY_START + 15 * H),
    event(first[1]!, "online", DAY_START + 15 * H + 120_000),
    ...second.map((id) => event(id, "online", DAY_START - 20 * 24 * H)),
    ...second.map((id) => event(id, "offline", DAY_START + 12 * H)),
  ];
  await t.db.insert(cameraStatusEvents).values(rows);
  await t.db.update(cameras).set({ status: "online" }).where(inArray(cameras.id, first));
  await t.db.update(cameras).set({ status: "offline" }).where(inArray(cameras.id, second));
});
afterAll(() => t?.close());

const get = (path: string, token = admin) => t.call("GET", path, { token });

describe("the online rate, from the school up to the city", () => {
  it("a school: offline 2 of 24 hours on one camera is 91.7 % for it; the blip is not counted; windows listed", async () => {
    const res = await get(`/api/v1/overview?schoolId=${schoolId}&from=${DAY}&to=${DAY}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.level).toBe("school");
    const cam = res.json.cameras.find((c: { id: string }) => c.id === first[0]);
    expect(cam.percent).toBe(91.7);
    expect(cam.windows).toEqual([{ from: "2026-11-19T10:00:00.000+08:00", to: "2026-11-19T12:00:00.000+08:00", ongoing: false }]);
    expect(res.json.cameras.find((c: { id: string }) => c.id === first[1]).percent).toBe(100);
    const n = first.length;
    expect(res.json.total.online.period.rate).toBeCloseTo((n - 1 + 22 / 24) / n, 10);
    expect(res.json.total.online.period.outages).toBe(1);
    expect(res.json.total.online.now).toEqual({ cameras: n, online: n, rate: 1 });
    expect(res.json.trail.map((p: { level: string }) => p.level)).toEqual(["city", "district", "school"]);
  });

  it("the district and the city weigh each camera once (the unmeasured ones left out)", async () => {
    const n = first.length;
    const m = second.length;
    const expected = (n - 1 + 22 / 24 + m * 0.5) / (n + m);
    const district = await get(`/api/v1/overview?regionCode=420704&from=${DAY}&to=${DAY}`);
    expect(district.status).toBe(200);
    expect(district.json.total.online.period.rate).toBeCloseTo(expected, 10);
    expect(district.json.total.online.period.measured).toBe(n + m);
    const city = await get(`/api/v1/overview?from=${DAY}&to=${DAY}`);
    expect(city.json.level).toBe("city");
    expect(city.json.place.code).toBe("420700");
    expect(city.json.total.online.period.rate).toBeCloseTo(expected, 10);
    // not the mean of the two schools' rates
    expect(city.json.total.online.period.rate).not.toBeCloseTo(((n - 1 + 22 / 24) / n + 0.5) / 2, 6);
    // the demo's other cameras never reported: unknown, so not online now
    expect(city.json.total.online.now.online).toBe(n);
  });

  it("drills city → district → school through each row's link, and lists the worst cameras behind the rate", async () => {
    const city = await get(`/api/v1/overview?from=${DAY}&to=${DAY}`);
    expect(city.json.rows.map((r: { key: string }) => r.key)).toEqual(["420702", "420703", "420704"]);
    const echeng = city.json.rows.find((r: { key: string }) => r.key === "420704");
    expect(echeng.schools).toBe(12);
    expect(echeng.drill).toBe(`/overview?region=420704&from=${DAY}&to=${DAY}`);
    const district = await get(`/api/v1/overview?regionCode=420704&from=${DAY}&to=${DAY}`);
    const row = district.json.rows.find((r: { key: string }) => r.key === otherSchoolId);
    expect(row.kind).toBe("school");
    expect(row.online.period.rate).toBeCloseTo(0.5, 10);
    expect(row.drill).toContain(`school=${otherSchoolId}`);
    const list = await get(`/api/v1/overview/cameras?regionCode=420704&from=${DAY}&to=${DAY}`);
    expect(list.status).toBe(200);
    expect(list.json.items[0].percent).toBe(50);
    expect(list.json.items[0].windows[0].ongoing).toBe(true);
  });

  it("carries coverage, and each figure names the list behind it", async () => {
    const city = await get(`/api/v1/overview`);
    expect(city.json.total.coverage).toMatchObject({ registered: 25, both: 25, rate: 1 });
    expect(city.json.total.schools).toBe(25);
    expect(city.json.links.ordersOverdue).toBe("/orders?overdue=true");
    expect(city.json.links.patrol).toBe("/patrol/coverage?region=420700");
    expect(city.json.period.from).toBe("2026-11-01");
    // the ten of highest risk, explained factor by factor, highest first
    expect(city.json.risk).toHaveLength(10);
    const scores = city.json.risk.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(city.json.risk[0].factors.reduce((s: number, f: { points: number }) => s + f.points, 0)).toBe(city.json.risk[0].score);
  });
});

describe("the baseline survey", () => {
  it("puts each canteen in one of four categories, per region, and lists those still to connect", async () => {
    const [school] = await t.db.select().from(orgs).where(eq(orgs.id, otherSchoolId));
    const [canteen] = await t.db.select().from(canteens).where(eq(canteens.orgId, school!.id));
    await t.db.update(gateways).set({ revokedAt: NOW }).where(eq(gateways.canteenId, canteen!.id));
    const created = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: "鄂城区待接入小学", regionCode: "420704" } });
    expect(created.status).toBe(201);
    expect((await t.call("POST", "/api/v1/canteens", { token: admin, body: { orgId: created.json.id, name: "学生食堂" } })).status).toBe(201);
    const res = await get("/api/v1/overview/survey");
    expect(res.status, res.text).toBe(200);
    expect(res.json.total).toEqual({ both: 24, platform_only: 0, video_only: 1, neither: 1, total: 26 });
    const echeng = res.json.rows.find((r: { code: string }) => r.code === "420704");
    expect(echeng).toMatchObject({ name: "鄂城区", both: 11, video_only: 1, neither: 1, total: 13 });
    expect(res.json.toConnect.map((u: { orgName: string; category: string }) => [u.orgName, u.category]).sort()).toEqual([["鄂城区第二中学", "video_only"], ["鄂城区待接入小学", "neither"]].sort());
    const overview = await get("/api/v1/overview");
    expect(overview.json.total.coverage).toMatchObject({ registered: 26, platform: 24, video: 25, both: 24 });
    await t.db.update(gateways).set({ revokedAt: null }).where(eq(gateways.canteenId, canteen!.id));
  });
});

describe("the monthly report", () => {
  it("ranks the districts and schools; its online rate is the overview's for the same period", async () => {
    const res = await get("/api/v1/overview/ranking?month=2026-11");
    expect(res.status, res.text).toBe(200);
    expect(res.json.provisional).toBe(true);
    expect(res.json.period).toMatchObject({ from: "2026-11-01", to: "2026-11-20" });
    const same = await get("/api/v1/overview?from=2026-11-01&to=2026-11-20");
    expect(res.json.total.onlineRate).toBe(same.json.total.online.period.rate);
    expect(res.json.total.onlinePercent).toBe(same.json.total.online.period.percent);
    expect(res.json.regions.map((r: { key: string }) => r.key).sort()).toEqual(["420702", "420703", "420704"]);
    expect(res.json.schools.length).toBeGreaterThanOrEqual(25);
    expect(res.json.schools[0].rank).toBe(1);
    const scores = res.json.schools.map((s: { score: number | null }) => s.score ?? -1);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    const closed = await get("/api/v1/overview/ranking?month=2026-10&regionCode=420704");
    expect(closed.json).toMatchObject({ provisional: false, period: { from: "2026-10-01", to: "2026-10-31" }, regions: [] });
  });

  it("downloads as .xlsx and PDF, the workbook showing the overview's online rate", async () => {
    const overviewPercent = (await get("/api/v1/overview?from=2026-11-01&to=2026-11-20")).json.total.online.period.percent as number;
    const xlsx = await t.app.request("/api/v1/overview/report?month=2026-11&format=xlsx", { headers: { authorization: `Bearer ${admin}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["总体", "下级区域排名", "学校排名"]);
    const total = wb.worksheets[0]!;
    const header = total.getRow(4).values as string[];
    const values = total.getRow(5).values as string[];
    expect(values[header.indexOf("在线率")]).toBe(`${overviewPercent.toFixed(1)}%`);
    expect(String(total.getRow(2).values)).toContain("临时");
    const pdf = await t.app.request("/api/v1/overview/report?month=2026-11&format=pdf", { headers: { authorization: `Bearer ${admin}` } });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
  });
});

describe("一户一档", () => {
  it("gathers one school's canteens, figures, cameras and latest records; another city's school is 404", async () => {
    const res = await get(`/api/v1/overview/units/${schoolId}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.school.name).toBe("鄂城区第一中学");
    expect(res.json.period).toMatchObject({ from: "2026-10-22", to: "2026-11-20" });
    expect(res.json.canteens[0].licenseNo).toMatch(/^JY/);
    expect(res.json.cameras.map((c: { id: string }) => c.id).sort()).toEqual(first);
    expect(res.json.cameras.find((c: { id: string }) => c.id === first[0]).windows).toHaveLength(1);
    expect(res.json.figures.coverage.both).toBe(1);
    expect((await get(`/api/v1/overview/units/${foreignSchoolId}`)).status).toBe(404);
  });
});

describe("the monthly reports kept", () => {
  it("keeps the report day's edition and the closed month's final one, once; a closed month's report reads the final", async () => {
    const deps = { db: t.db, config: t.config, now: () => clock };
    // the 20th: only last month's final edition is due
    expect(await keepReports(deps, 25)).toBeGreaterThanOrEqual(12);
    let list = (await get("/api/v1/overview/reports")).json;
    expect(list.items.map((i: { month: string; edition: string }) => `${i.month} ${i.edition}`)).toEqual(["2026-10 final"]);
    expect(Date.parse(list.items[0].generatedAt)).toBe(NOW);
    expect(await keepReports(deps, 25)).toBe(0);
    // on the report day (here the 20th), this month's edition too
    expect(await keepReports(deps, 20)).toBeGreaterThanOrEqual(12);
    list = (await get("/api/v1/overview/reports?regionCode=420704")).json;
    expect(list.items.map((i: { month: string; edition: string }) => `${i.month} ${i.edition}`)).toEqual(["2026-11 scheduled", "2026-10 final"]);
    const closed = (await get("/api/v1/overview/ranking?month=2026-10")).json;
    expect(Date.parse(closed.period.asOf)).toBe(Date.parse("2026-11-01T00:00:00+08:00"));
    const kept = await t.app.request("/api/v1/overview/report?month=2026-11&format=pdf&edition=scheduled", { headers: { authorization: `Bearer ${admin}` } });
    expect(kept.status).toBe(200);
    expect((await get("/api/v1/overview/report?month=2026-09&format=pdf&edition=final")).status).toBe(404);
  });
});

describe("bad input and jurisdiction", () => {
  it.each([
    ["reversed", "/api/v1/overview?from=2026-11-10&to=2026-11-01", 400, "from_after_to"],
    ["future", "/api/v1/overview?from=2026-11-01&to=2026-11-21", 400, "period_in_future"],
    ["huge", "/api/v1/overview?from=2026-01-01&to=2026-11-20", 400, "overview_period_too_long"],
    ["not a date", "/api/v1/overview?from=2026-02-30", 400, null],
    ["another city", "/api/v1/overview?regionCode=420200", 404, "region_not_found"],
    ["no such region", "/api/v1/overview?regionCode=429999", 404, "region_not_found"],
    ["another city's school", () => `/api/v1/overview?schoolId=${foreignSchoolId}`, 404, null],
    ["a regulator is no school", () => `/api/v1/overview?schoolId=${(t.demo as { regulatorOrgId?: string }).regulatorOrgId ?? "org_nothing000"}`, 404, null],
    ["future month", "/api/v1/overview/ranking?month=2026-12", 400, "month_in_future"],
    ["bad month", "/api/v1/overview/report?month=2026-13&format=pdf", 400, null],
    ["bad format", "/api/v1/overview/report?month=2026-11&format=doc", 400, null],
    ["unknown parameter", "/api/v1/overview?region=420704", 400, null],
    ["survey of another city", "/api/v1/overview/survey?regionCode=420200", 404, "region_not_found"],
  ] as const)("%s → %i", async (_name, path, status, reason) => {
    const res = await get(typeof path === "function" ? path() : path);
    expect(res.status, res.text).toBe(status);
    expect(res.json.error.code).toBe(status === 400 ? "validation_failed" : "not_found");
    if (reason) expect(res.json.error.message).not.toBe(status === 400 ? "请求内容不符合要求" : "未找到该资源");
  });

  it("a district inspector sees their district, starts there, and not the city", async () => {
    const inspector = await t.login("echeng.inspector");
    const home = await get("/api/v1/overview", inspector);
    expect(home.json.place.code).toBe("420704");
    expect(home.json.trail.map((p: { code: string }) => p.code)).toEqual(["420704"]);
    expect((await get("/api/v1/overview?regionCode=420700", inspector)).status).toBe(404);
    expect((await get("/api/v1/overview?regionCode=420703", inspector)).status).toBe(404);
  });

  it("a school's people have no overview (403)", async () => {
    expect((await get("/api/v1/overview", await t.login("school.principal"))).status).toBe(403);
  });
});

describe("the public page's ratings, counted per canteen like the complaints", () => {
  it("gives the period's count and mean of the stars of a school, its district and the city; another period's are left out", async () => {
    const canteenOf = async (orgId: string) => (await t.db.select({ id: canteens.id }).from(canteens).where(eq(canteens.orgId, orgId)))[0]!.id;
    const rating = (canteenId: string, stars: number, at: number) => ({ id: newId("rat"), canteenId, stars, comment: null, sourceHash: null, createdAt: at });
    const [mine, other, foreign] = await Promise.all([canteenOf(schoolId), canteenOf(otherSchoolId), canteenOf(foreignSchoolId)]);
    await t.db.insert(canteenRatings).values([
      rating(mine, 5, DAY_START + 9 * H),
      rating(mine, 4, DAY_START + 12 * H),
      rating(other, 2, DAY_START + 13 * H),
      rating(foreign, 1, DAY_START + 14 * H), // 黄石: another city's
      rating(mine, 1, DAY_START - 2 * 24 * H), // before the period
    ]);
    const school = (await get(`/api/v1/overview?schoolId=${schoolId}&from=${DAY}&to=${DAY}`)).json;
    expect(school.total.ratings).toEqual({ count: 2, average: 4.5 });
    const district = (await get(`/api/v1/overview?regionCode=420704&from=${DAY}&to=${DAY}`)).json;
    // the mean of all three ratings' stars (11 / 3), each school's row its own
    expect(district.total.ratings).toEqual({ count: 3, average: 3.67 });
    expect(district.rows.find((r: { key: string }) => r.key === schoolId).ratings).toEqual({ count: 2, average: 4.5 });
    expect(district.rows.find((r: { key: string }) => r.key === otherSchoolId).ratings).toEqual({ count: 1, average: 2 });
    const city = (await get(`/api/v1/overview?from=${DAY}&to=${DAY}`)).json;
    expect(city.total.ratings).toEqual({ count: 3, average: 3.67 });
    expect(city.rows.find((r: { key: string }) => r.key === "420703").ratings).toEqual({ count: 0, average: null });
    // a wider period takes in the earlier one
    expect((await get(`/api/v1/overview?schoolId=${schoolId}&from=2026-11-01&to=${DAY}`)).json.total.ratings).toEqual({ count: 3, average: 3.33 });
    await t.db.delete(canteenRatings);
  });
});

describe("the precomputed overview of provinces, cities and districts", () => {
  it("answers a city's default view from its snapshot, says when it was computed, and the report agrees with it", async () => {
    expect(await refreshSnapshots({ db: t.db, config: t.config, now: () => clock })).toBeGreaterThanOrEqual(12);
    const live = (await get("/api/v1/overview?from=2026-11-01&to=2026-11-20")).json;
    clock = NOW + 5 * 60_000;
    // a camera of 鄂城区第一中学 goes down after the snapshot: the default view keeps the snapshot's figures
    await t.db.insert(cameraStatusEvents).values(event(first[2]!, "offline", NOW + 60_000));
    const snap = await get("/api/v1/overview");
    expect(snap.status).toBe(200);
    expect(Date.parse(snap.json.period.asOf)).toBe(NOW);
    expect(snap.json.total.online.period.percent).toBe(live.total.online.period.percent);
    expect(snap.json.trail.map((p: { code: string }) => p.code)).toEqual(["420700"]);
    const ranking = (await get("/api/v1/overview/ranking?month=2026-11")).json;
    expect(ranking.total.onlinePercent).toBe(snap.json.total.online.period.percent);
    expect(Date.parse(ranking.period.asOf)).toBe(NOW);
    // a district's default view too; an explicit period and a school are computed on request
    expect(Date.parse((await get("/api/v1/overview?regionCode=420704")).json.period.asOf)).toBe(NOW);
    expect(Date.parse((await get("/api/v1/overview?from=2026-11-01&to=2026-11-20")).json.period.asOf)).toBe(clock);
    expect(Date.parse((await get(`/api/v1/overview?schoolId=${schoolId}`)).json.period.asOf)).toBe(clock);
  });

  it("stops answering from a snapshot older than 15 minutes", async () => {
    clock = NOW + 16 * 60_000;
    const res = await get("/api/v1/overview");
    expect(Date.parse(res.json.period.asOf)).toBe(clock);
    await t.db.delete(overviewSnapshots);
    clock = NOW;
  });
});
