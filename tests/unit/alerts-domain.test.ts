import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTION_SETTINGS } from "../../server/detection/contracts.ts";
import { regionLadder } from "../../server/orgs/region-ladder.ts";
import { DEFAULT_ALERT_DEADLINE_MINUTES, fpRaise, isOverdue, parseAlertDeadlines, transition } from "../../server/alerts/rules.ts";
import { effectiveDetection, parseOverride } from "../../server/detection/rules.ts";

describe("the disposal workflow", () => {
  const at = (status: "new" | "acknowledged" | "disposed" | "verified" | "false_positive", fpProposed = false) => ({ status, fpProposed });
  it("goes new → acknowledged → disposed → verified and refuses steps out of order", () => {
    expect(transition(at("new"), "acknowledge")).toMatchObject({ ok: true, status: "acknowledged" });
    expect(transition(at("acknowledged"), "dispose")).toMatchObject({ ok: true, status: "disposed" });
    expect(transition(at("disposed"), "verify")).toMatchObject({ ok: true, status: "verified", closes: true });
    expect(transition(at("new"), "dispose")).toEqual({ ok: false, reason: "alert_not_acknowledged" });
    expect(transition(at("acknowledged"), "verify")).toEqual({ ok: false, reason: "alert_not_disposed" });
    expect(transition(at("verified"), "mark_false_positive")).toEqual({ ok: false, reason: "alert_not_open" });
  });
  it("lets the school propose a false positive once, before disposal, and the regulator confirm it", () => {
    expect(transition(at("new"), "propose_false_positive")).toMatchObject({ ok: true, status: "new", fpProposed: true });
    expect(transition(at("new", true), "propose_false_positive")).toEqual({ ok: false, reason: "fp_already_proposed" });
    expect(transition(at("disposed"), "propose_false_positive")).toEqual({ ok: false, reason: "alert_not_open" });
    expect(transition(at("new", true), "mark_false_positive")).toMatchObject({ ok: true, status: "false_positive", closes: true });
  });
  it("lets the regulator return a disposal and reject a false-positive proposal, each only when there is one", () => {
    expect(transition(at("disposed"), "return_disposal")).toEqual({ ok: true, status: "acknowledged", fpProposed: false, closes: false });
    expect(transition(at("acknowledged"), "return_disposal")).toEqual({ ok: false, reason: "alert_not_disposed" });
    expect(transition(at("acknowledged", true), "reject_false_positive")).toEqual({ ok: true, status: "acknowledged", fpProposed: false, closes: false });
    expect(transition(at("acknowledged"), "reject_false_positive")).toEqual({ ok: false, reason: "fp_not_proposed" });
    expect(transition(at("false_positive", true), "reject_false_positive")).toEqual({ ok: false, reason: "alert_not_open" });
  });
  it("is overdue only while undisposed and past the deadline", () => {
    expect(isOverdue({ status: "acknowledged", deadlineAt: 10 }, 11)).toBe(true);
    expect(isOverdue({ status: "disposed", deadlineAt: 10 }, 11)).toBe(false);
    expect(isOverdue({ status: "new", deadlineAt: 10 }, 10)).toBe(false);
  });
});

describe("deadlines", () => {
  it("come from the default table, overridden by ALERT_DEADLINES", () => {
    expect(parseAlertDeadlines(undefined)).toEqual(DEFAULT_ALERT_DEADLINE_MINUTES);
    expect(parseAlertDeadlines("phone_use=30, rodent=15")).toMatchObject({ phone_use: 30, rodent: 15, smoking: 120 });
    expect(() => parseAlertDeadlines("aliens=5")).toThrow(/ALERT_DEADLINES/);
    expect(() => parseAlertDeadlines("phone_use=0")).toThrow();
    expect(() => parseAlertDeadlines("phone_use=abc")).toThrow();
  });
});

describe("ops rooms", () => {
  it("reach the district, its city and its province", () => {
    expect(regionLadder("420704")).toEqual(["420704", "420700", "420000"]);
    expect(regionLadder("420700")).toEqual(["420700", "420000"]);
  });
});

describe("false-positive raise", () => {
  it("waits for enough judged alerts, then raises by one or two steps", () => {
    expect(fpRaise(4, 4)).toBe(0);
    expect(fpRaise(2, 5)).toBe(0);
    expect(fpRaise(3, 5)).toBeCloseTo(0.1);
    expect(fpRaise(4, 5)).toBeCloseTo(0.2);
  });
});

describe("effective detection settings", () => {
  it("apply defaults ← area ← camera ← false-positive raise", () => {
    const eff = effectiveDetection(
      DEFAULT_DETECTION_SETTINGS,
      { workingHours: [], cooldownSeconds: 60, typeThresholds: { phone_use: { minScore: 0.5 } } },
      { cooldownSeconds: 10, labelMap: { rat: "rodent" } },
      [{ type: "phone_use", falsePositives: 5, judged: 5 }, { type: "after_hours_intrusion", falsePositives: 1, judged: 9 }],
    );
    expect(eff.workingHours).toEqual([]);
    expect(eff.cooldownSeconds).toBe(10);
    expect(eff.labelMap).toEqual({ rat: "rodent" });
    expect(eff.typeThresholds.phone_use).toEqual({ minScore: 0.7, medianScore: 0.7 });
    expect(eff.typeThresholds.after_hours_intrusion).toBeUndefined();
    expect(eff.serviceHours).toEqual(DEFAULT_DETECTION_SETTINGS.serviceHours);
    // the defaults object is not modified
    expect(DEFAULT_DETECTION_SETTINGS.typeThresholds).toEqual({});
  });
  it("caps a raise at 0.95", () => {
    const eff = effectiveDetection(DEFAULT_DETECTION_SETTINGS, null, { thresholds: { minScore: 0.9, medianScore: 0.9, minBoxArea: 0 } }, [{ type: "smoking", falsePositives: 9, judged: 9 }]);
    expect(eff.typeThresholds.smoking).toEqual({ minScore: 0.95, medianScore: 0.95 });
  });
  it("ignores a stored override that no longer validates", () => {
    expect(parseOverride('{"sampleFps": 1000}')).toBeNull();
    expect(parseOverride("not json")).toBeNull();
    expect(parseOverride('{"cooldownSeconds": 5}')).toMatchObject({ cooldownSeconds: 5 });
  });
});
