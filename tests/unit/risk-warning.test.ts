import { describe, expect, it } from "vitest";
import { firstActionOf, stepWarning, trendOf } from "../../server/overview/risk-warning.ts";

const H = 3_600_000;
const open = { openedAt: 100 * H, dueAt: 148 * H, flaggedAt: null };

describe("a red warning's step", () => {
  it("waits while high and within its deadline", () => {
    expect(stepWarning(open, "high", null, 120 * H)).toEqual({ kind: "wait" });
  });
  it("is flagged once the deadline passed with nothing done, and only once", () => {
    expect(stepWarning(open, "high", null, 148 * H)).toEqual({ kind: "flag" });
    expect(stepWarning({ ...open, flaggedAt: 148 * H }, "high", null, 200 * H)).toEqual({ kind: "wait" });
  });
  it("is acted on by anything the regulators did since it opened, even after the flag", () => {
    expect(stepWarning(open, "high", { by: "inspection", at: 101 * H }, 120 * H)).toEqual({ kind: "acted", by: "inspection", at: 101 * H });
    expect(stepWarning({ ...open, flaggedAt: 148 * H }, "high", { by: "order", at: 150 * H }, 151 * H)).toEqual({ kind: "acted", by: "order", at: 150 * H });
  });
  it("does not count an action from before it opened", () => {
    expect(stepWarning(open, "high", { by: "inspection", at: 99 * H }, 120 * H)).toEqual({ kind: "wait" });
  });
  it("clears when the grade fell before anyone acted (or the canteen is gone)", () => {
    expect(stepWarning(open, "medium", null, 120 * H)).toEqual({ kind: "cleared" });
    expect(stepWarning(open, null, null, 200 * H)).toEqual({ kind: "cleared" });
  });
  it("prefers acted over cleared when both happened", () => {
    expect(stepWarning(open, "low", { by: "spot_check", at: 130 * H }, 140 * H).kind).toBe("acted");
  });
});

describe("the first action of a warning", () => {
  it("is the earliest of the kinds found", () => {
    expect(firstActionOf({ order: 5, inspection: 7, field_task: null })).toEqual({ by: "order", at: 5 });
    expect(firstActionOf({ spot_check: 3, field_task: 2 })).toEqual({ by: "field_task", at: 2 });
  });
  it("is null when nothing was done", () => {
    expect(firstActionOf({})).toBeNull();
    expect(firstActionOf({ inspection: null })).toBeNull();
  });
});

describe("a trend", () => {
  it("puts each kept score on its day and null where none was kept", () => {
    expect(trendOf([{ day: "2026-12-03", score: 45 }, { day: "2026-12-01", score: 20 }], ["2026-12-01", "2026-12-02", "2026-12-03"])).toEqual([20, null, 45]);
  });
});
