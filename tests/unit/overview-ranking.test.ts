import { describe, expect, it } from "vitest";
import type { Collected } from "../../server/overview/collect.ts";
import { figuresOf, groupOrgs } from "../../server/overview/figures.ts";
import { cameraRate } from "../../server/overview/online-rate.ts";
import { ranked, scoreOf } from "../../server/overview/ranking.ts";
import { categoryOf } from "../../server/overview/survey.ts";
import { dueEditions, monthBefore } from "../../server/overview/reports.ts";

const H = 3_600_000;
const day = { start: 0, end: 24 * H };
const canteen = (orgId: string, regionCode: string, extra: Partial<Collected["canteens"][number]> = {}) => ({
  canteenId: `cnt_${orgId}`, canteenName: "食堂", orgId, orgName: orgId, regionCode, platform: true, video: true, patrolled: true, ledgerDue: 10, ledgerDone: 10, ...extra,
});
const camera = (orgId: string, offlineHours: number) => ({
  id: `cam_${orgId}_${offlineHours}`, name: "烹饪区", canteenId: `cnt_${orgId}`, orgId, status: "online" as const,
  rate: cameraRate([{ status: "online", at: -H }, { status: "offline", at: H }, { status: "online", at: H + offlineHours * H }], day),
});

/** two districts: A with two schools (one not patrolled, one not connected), B with one */
const collected: Collected = {
  canteens: [canteen("a1", "420704"), canteen("a2", "420704", { patrolled: false, platform: false }), canteen("b1", "420703", { ledgerDone: 5 })],
  cameras: [camera("a1", 0), camera("a1", 0), camera("a1", 0), camera("b1", 12)],
  alerts: new Map([["a1", { total: 4, open: 0, onTime: 3, overdue: 1, falsePositive: 0 }]]),
  orders: new Map([["b1", { issued: 2, open: 1, overdue: 1, closed: 1, closedOnTime: 1 }]]),
  complaints: new Map(),
  ratings: new Map([["a1", { count: 2, stars: 9 }], ["b1", { count: 1, stars: 2 }]]),
  // of a 10-hour period so far: a1's cameras more than the whole (counted as the whole), b1's half; another camera's, not at all
  recorded: new Map([["cam_a1_0", 99_000_000], ["cam_b1_12", 18_000_000], ["cam_elsewhere", 36_000_000]]),
  recordableMs: 36_000_000,
};

describe("the figures of a set of schools", () => {
  it("adds up coverage, the camera-weighted online rate, disposal, patrol and ledgers", () => {
    const all = figuresOf(collected, null);
    expect(all.schools).toBe(3);
    expect(all.coverage).toEqual({ registered: 3, platform: 2, video: 3, both: 2, rate: 2 / 3 });
    expect(all.online.period.rate).toBeCloseTo((3 + 0.5) / 4, 10);
    expect(all.online.period.percent).toBe(87.5);
    expect(all.alerts.onTimeRate).toBe(0.75);
    expect(all.patrol).toEqual({ total: 3, covered: 2, rate: 2 / 3 });
    expect(all.ledgers).toEqual({ due: 30, done: 25, rate: 25 / 30 });
    expect(all.orders.overdue).toBe(1);
    // the mean of all the stars (11 / 3), not the mean of the schools' means
    expect(all.ratings).toEqual({ count: 3, average: 3.67 });
    // 录像完整率: 3 × 10 h + 5 h recorded of 4 × 10 h
    expect(all.recording).toEqual({ cameras: 4, recordedHours: 35, rate: 35 / 40 });
  });
  it("groups schools by a key and computes each row from its own schools", () => {
    const groups = groupOrgs(collected, (o) => o.regionCode);
    expect([...groups.keys()].sort()).toEqual(["420703", "420704"]);
    const b = figuresOf(collected, groups.get("420703")!);
    expect(b.online.period.rate).toBe(0.5);
    expect(b.alerts.total).toBe(0);
    expect(b.alerts.onTimeRate).toBeNull();
    expect(b.ratings).toEqual({ count: 1, average: 2 });
    expect(figuresOf(collected, new Set(["a2"])).ratings).toEqual({ count: 0, average: null });
    expect(b.recording).toEqual({ cameras: 1, recordedHours: 5, rate: 0.5 });
    expect(figuresOf(collected, new Set(["a2"])).recording).toEqual({ cameras: 0, recordedHours: 0, rate: null });
  });
});

describe("the monthly ranking", () => {
  it("scores the mean of the targets that have a value, equal weights", () => {
    const a = scoreOf(figuresOf(collected, new Set(["a1", "a2"])));
    expect(a).toMatchObject({ coverage: 0.5, onlineRate: 1, disposalOnTime: 0.75, patrolCoverage: 0.5 });
    expect(a.score).toBeCloseTo((0.5 + 1 + 0.75 + 0.5) / 4, 10);
    // no alerts: the disposal target is left out, not counted as zero
    const b = scoreOf(figuresOf(collected, new Set(["b1"])));
    expect(b.disposalOnTime).toBeNull();
    expect(b.score).toBeCloseTo((1 + 0.5 + 1) / 3, 10);
  });
  it("ranks best first, ties sharing a rank, no score last", () => {
    const rows = ranked([{ name: "乙", score: 0.8 }, { name: "甲", score: 0.9 }, { name: "丙", score: 0.8 }, { name: "丁", score: null }]);
    expect(rows.map((r) => [r.name, r.rank])).toEqual([["甲", 1], ["丙", 2], ["乙", 2], ["丁", 4]]);
  });
});

describe("the baseline survey's categories", () => {
  it("names the four cases of seed 002", () => {
    expect([categoryOf(true, true), categoryOf(true, false), categoryOf(false, true), categoryOf(false, false)]).toEqual(["both", "platform_only", "video_only", "neither"]);
  });
});

describe("the editions kept", () => {
  it("keeps last month's final edition any day, this month's on and after the report day", () => {
    expect(monthBefore("2027-01")).toBe("2026-12");
    expect(dueEditions("2026-11-24", 25)).toEqual([{ month: "2026-10", edition: "final" }]);
    expect(dueEditions("2026-11-25", 25)).toEqual([{ month: "2026-10", edition: "final" }, { month: "2026-11", edition: "scheduled" }]);
  });
});
