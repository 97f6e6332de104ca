import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, canteens, orgs, riskDays, riskWarnings } from "../../db/schema/index.ts";
import { Overview } from "../../server/overview/contracts.ts";
import { sweepRisk } from "../../server/overview/risk-sweep.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * Red warnings and the risk trend (issue 16 item 6; seed 004: 各级管理端第一时间处理风险预警，对履职不到位的管理端进行
 * 靶向监管) over the demo data at a moving clock: a canteen made high-risk opens one warning however often the sweep
 * runs; past the 48-hour deadline with nothing done it is flagged once, even by two sweeps at the same moment; the
 * city's and the district's overviews list it, another district's does not; an inspection of the canteen settles
 * it; a canteen whose grade falls clears its warning; each day's score makes the trend; old days are deleted.
 */
const H = 3_600_000;
const T0 = Date.parse("2026-11-20T10:00:00+08:00");
let clock = T0;
let t: TestApp;
let deps: Parameters<typeof sweepRisk>[0];
let hot: { id: string; name: string };
let other: { id: string };

async function canteenOf(orgName: string) {
  const [row] = await t.db.select({ id: canteens.id, name: canteens.name }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(orgs.name, orgName));
  return row!;
}
/** 量化等级 C (15), every camera offline (15), never patrolled by a regulator (20): 50 points, high */
async function makeHigh(canteenId: string) {
  await t.db.update(canteens).set({ grade: "C" }).where(eq(canteens.id, canteenId));
  await t.db.update(cameras).set({ status: "offline" }).where(eq(cameras.canteenId, canteenId));
}
const openOf = (canteenId: string) => t.db.select().from(riskWarnings).where(and(eq(riskWarnings.canteenId, canteenId), isNull(riskWarnings.actedAt), isNull(riskWarnings.clearedAt)));
const overviewAs = async (username: string, regionCode: string) => {
  const res = await t.call("GET", `/api/v1/overview?regionCode=${regionCode}&from=2026-11-01&to=2026-11-20`, { token: await t.login(username) });
  expect(res.status, res.text).toBe(200);
  return Overview.parse(res.json);
};

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  deps = { db: t.db, config: t.config, now: () => clock };
  hot = await canteenOf("鄂城区第一中学");
  other = await canteenOf("鄂城区第二中学");
  await makeHigh(hot.id);
  await makeHigh(other.id);
});
afterAll(async () => t?.close?.());

describe("a canteen turning high-risk", () => {
  it("opens one warning due in 48 hours, however often the sweep runs", async () => {
    const first = await sweepRisk(deps);
    expect(first.days).toBeGreaterThanOrEqual(12);
    const [day] = await t.db.select().from(riskDays).where(and(eq(riskDays.canteenId, hot.id), eq(riskDays.day, "2026-11-20")));
    expect(day).toMatchObject({ grade: "high" });
    expect(day!.score).toBeGreaterThanOrEqual(40);
    const [w] = await openOf(hot.id);
    expect(w).toMatchObject({ openedAt: T0, dueAt: T0 + 48 * H, flaggedAt: null, district: "420704" });
    const again = await sweepRisk(deps);
    expect(await openOf(hot.id)).toHaveLength(1);
    expect(again.flagged).toEqual([]);
    expect((await t.db.select({ n: count() }).from(riskDays).where(eq(riskDays.day, "2026-11-20")))[0]!.n).toBe(first.days);
  });

  it("is not flagged before its deadline, and flagged once after it, even by two sweeps at once", async () => {
    clock = T0 + 47 * H;
    expect((await sweepRisk(deps)).flagged).toEqual([]);
    clock = T0 + 49 * H;
    const [a, b] = await Promise.all([sweepRisk(deps), sweepRisk(deps)]);
    const [w] = await openOf(hot.id);
    expect([...a.flagged, ...b.flagged].filter((id) => id === w!.id)).toHaveLength(1);
    expect(w!.flaggedAt).toBe(T0 + 49 * H);
  });

  it("is on the overview of the city and the district, not of another district", async () => {
    const city = await overviewAs("ezhou.admin", "420700");
    expect(city.warnings.flagged).toBeGreaterThanOrEqual(2);
    expect(city.warnings.items[0]!.flaggedAt).not.toBeNull();
    expect(city.warnings.items.map((i) => i.canteenId)).toContain(hot.id);
    const district = await overviewAs("echeng.inspector", "420704");
    expect(district.warnings.items.find((i) => i.canteenId === hot.id)).toMatchObject({ canteenName: hot.name, districtName: "鄂城区", score: expect.any(Number) });
    const huarong = await overviewAs("huarong.inspector", "420703");
    expect(huarong.warnings.items.map((i) => i.canteenId)).not.toContain(hot.id);
    // and 华容区's inspector cannot ask for 鄂城区's overview at all
    const denied = await t.call("GET", "/api/v1/overview?regionCode=420704", { token: await t.login("huarong.inspector") });
    expect(denied.status).toBe(404);
  });

  it("is settled by an inspection of the canteen", async () => {
    clock = T0 + 50 * H;
    const started = await t.call("POST", "/api/v1/inspections", { token: await t.login("echeng.inspector"), body: { canteenId: hot.id, kind: "online_patrol" } });
    expect(started.status, started.text).toBe(201);
    clock = T0 + 51 * H;
    await sweepRisk(deps);
    expect(await openOf(hot.id)).toHaveLength(0);
    const [settled] = await t.db.select().from(riskWarnings).where(eq(riskWarnings.canteenId, hot.id));
    expect(settled).toMatchObject({ actedBy: "inspection", actedAt: T0 + 50 * H, flaggedAt: T0 + 49 * H });
    const district = await overviewAs("echeng.inspector", "420704");
    expect(district.warnings.items.map((i) => i.canteenId)).not.toContain(hot.id);
  });

  it("clears when its grade falls before anyone acted", async () => {
    await t.db.update(canteens).set({ grade: "A" }).where(eq(canteens.id, other.id));
    await t.db.update(cameras).set({ status: "online" }).where(eq(cameras.canteenId, other.id));
    await sweepRisk(deps);
    expect(await openOf(other.id)).toHaveLength(0);
    const [w] = await t.db.select().from(riskWarnings).where(eq(riskWarnings.canteenId, other.id));
    expect(w).toMatchObject({ clearedAt: T0 + 51 * H, actedAt: null });
  });
});

describe("the risk trend", () => {
  it("shows each day's score on the overview's list, and deletes days past their keeping", async () => {
    await t.db.insert(riskDays).values({ canteenId: hot.id, day: "2025-10-01", score: 5, grade: "low" });
    clock = T0 + 3 * 24 * H;
    await makeHigh(hot.id);
    await sweepRisk(deps);
    const city = await overviewAs("ezhou.admin", "420700");
    const row = city.risk.find((r) => r.canteenId === hot.id);
    expect(row, "the hot canteen is among the ten highest").toBeDefined();
    expect(row!.trend).toHaveLength(30);
    // kept on 11-20, 11-22 (the sweeps above) and 11-23; 11-21 had none
    const scores = (await t.db.select().from(riskDays).where(eq(riskDays.canteenId, hot.id))).map((r) => r.day).sort();
    expect(scores).toEqual(["2026-11-20", "2026-11-22", "2026-11-23"]);
    expect(row!.trend.slice(-4).map((v) => v !== null)).toEqual([true, false, true, true]);
  });
});
