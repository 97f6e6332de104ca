import { describe, expect, it } from "vitest";
import { cadenceGaps, coverage, defaultSemesters, monthOf, quotaStatus, riskOf } from "../../server/patrol/rules.ts";

const DAY = 86_400_000;

describe("risk grades", () => {
  it("explains the score factor by factor", () => {
    const r = riskOf({ openAlerts: 2, overdueOrders: 1, cameraOnlineRate: 0.9, daysSincePatrol: 45, grade: "B" });
    expect(r.factors.map((f) => [f.factor, f.points])).toEqual([
      ["open_alerts", 8],
      ["overdue_orders", 10],
      ["camera_online_rate", 5],
      ["days_since_patrol", 10],
      ["quantified_grade", 5],
    ]);
    expect(r.score).toBe(38);
    expect(r.grade).toBe("medium");
  });
  it("grades a neglected canteen high and a clean one low; caps the counting factors", () => {
    expect(riskOf({ openAlerts: 0, overdueOrders: 0, cameraOnlineRate: null, daysSincePatrol: null, grade: "C" })).toMatchObject({ score: 50, grade: "high" });
    expect(riskOf({ openAlerts: 0, overdueOrders: 0, cameraOnlineRate: 1, daysSincePatrol: 3, grade: "A" })).toMatchObject({ score: 0, grade: "low" });
    expect(riskOf({ openAlerts: 99, overdueOrders: 99, cameraOnlineRate: 1, daysSincePatrol: 3, grade: "A" }).score).toBe(50);
  });
});

describe("coverage of a semester", () => {
  const [autumn] = defaultSemesters(2026);
  const schools = [
    { canteenId: "a1", district: "420702" },
    { canteenId: "a2", district: "420702" },
    { canteenId: "b1", district: "420703" },
  ];
  it("counts per district, lists what is left and the days left", () => {
    const now = autumn!.start + 30 * DAY;
    const result = coverage(schools, new Set(["a1", "b1"]), autumn!, now);
    expect(result).toEqual([
      { district: "420702", total: 2, covered: 1, uncovered: ["a2"], permille: 500, daysLeft: 123, behind: false },
      { district: "420703", total: 1, covered: 1, uncovered: [], permille: 1000, daysLeft: 123, behind: false },
    ]);
  });
  it("says a district is behind when its share covered trails the share of the semester gone", () => {
    const late = autumn!.start + 120 * DAY;
    expect(coverage(schools, new Set(["a1"]), autumn!, late)[0]!.behind).toBe(true);
    expect(coverage(schools, new Set(["a1"]), autumn!, late)[1]!.behind).toBe(true);
    expect(coverage(schools, new Set(["a1", "a2", "b1"]), autumn!, autumn!.end + DAY).every((d) => !d.behind && d.daysLeft === 0)).toBe(true);
  });
  it("starts the autumn semester on 1 September, China time", () => {
    expect(new Date(autumn!.start).toISOString()).toBe("2026-08-31T16:00:00.000Z");
  });
});

describe("monthly quota", () => {
  it("is pro rata through the month", () => {
    const m = monthOf(Date.parse("2026-12-16T04:00:00Z"));
    expect(m.month).toBe("2026-12");
    const mid = m.start + 15 * DAY;
    expect(quotaStatus(30, 10, m, mid)).toEqual({ quota: 30, done: 10, expectedByNow: 14, behind: true, met: false });
    expect(quotaStatus(30, 30, m, m.end)).toMatchObject({ behind: false, met: true });
  });
});

describe("the school's own cadence (第十三条)", () => {
  it("lists the days without a self-check and whether this week has a leader's patrol", () => {
    const now = Date.parse("2026-12-04T04:00:00Z"); // Friday, China time
    const gaps = cadenceGaps([now - DAY, now - 3 * DAY, now], [now - 2 * DAY], now, 5);
    expect(gaps.missingSelfCheckDays).toEqual(["2026-12-02", "2026-11-30"]);
    expect(gaps.leaderPatrolThisWeek).toBe(true);
    expect(cadenceGaps([], [now - 7 * DAY], now, 1).leaderPatrolThisWeek).toBe(false);
  });
});
