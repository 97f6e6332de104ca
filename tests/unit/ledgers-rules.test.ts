import { describe, expect, it } from "vitest";
import { CreateEntry } from "../../server/ledgers/contracts.ts";
import { LEDGER_KIND_NAMES, LEDGER_KINDS } from "../../server/ledgers/kinds.ts";
import {
  addDays, cadencesOf, certificateStatus, chinaDay, completeness, dayStart, disinfectionProblem, entryTiming, maskCertificate, mondayOf, morningCheckProblem, purchaseProblem, rateOf, recordedKey, sampleDiscardAfter,
} from "../../server/ledgers/rules.ts";

const at = (iso: string) => Date.parse(iso);

describe("China days", () => {
  it("cuts days at midnight +08:00", () => {
    expect(chinaDay(at("2026-12-04T15:59:59Z"))).toBe("2026-12-04");
    expect(chinaDay(at("2026-12-04T16:00:00Z"))).toBe("2026-12-05");
    expect(dayStart("2026-12-05")).toBe(at("2026-12-04T16:00:00Z"));
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
  });
});

describe("when an entry may be made", () => {
  const now = at("2026-12-04T04:00:00Z"); // 12:00 in China
  it("refuses the future beyond the clock skew", () => {
    expect(entryTiming(now + 4 * 60_000, now, 3)).toEqual({ late: false, day: "2026-12-04" });
    expect(entryTiming(now + 6 * 60_000, now, 3)).toEqual({ problem: "event_in_future" });
  });
  it("marks an entry after its day closed as late, refuses one past the window", () => {
    expect(entryTiming(now - 3600_000, now, 3)).toEqual({ late: false, day: "2026-12-04" });
    expect(entryTiming(now - 86_400_000, now, 3)).toEqual({ late: true, day: "2026-12-03" });
    expect(entryTiming(now - 3 * 86_400_000, now, 3)).toEqual({ late: true, day: "2026-12-01" });
    expect(entryTiming(now - 4 * 86_400_000, now, 3)).toEqual({ problem: "backdated_beyond_window" });
    expect(entryTiming(now - 86_400_000, now, 0)).toEqual({ problem: "backdated_beyond_window" });
  });
});

describe("health certificates", () => {
  it("warns 30 and 7 days before, on the day, and after", () => {
    expect(certificateStatus("2027-01-03", "2026-12-04")).toBe("within_30_days");
    expect(certificateStatus("2027-01-04", "2026-12-04")).toBe("valid");
    expect(certificateStatus("2026-12-11", "2026-12-04")).toBe("within_7_days");
    expect(certificateStatus("2026-12-04", "2026-12-04")).toBe("expires_today");
    expect(certificateStatus("2026-12-03", "2026-12-04")).toBe("expired");
  });
  it("an expired certificate cannot be marked fit; fever or symptoms cannot be fit; unfit is always allowed", () => {
    const ok = { temperature: 36.5, symptoms: [], fit: true };
    expect(morningCheckProblem(ok, "valid")).toBeNull();
    expect(morningCheckProblem(ok, "expires_today")).toBeNull();
    expect(morningCheckProblem(ok, "expired")).toEqual({ status: 409, reason: "health_certificate_expired" });
    expect(morningCheckProblem({ ...ok, temperature: 37.3 }, "valid")?.reason).toBe("fit_with_symptoms");
    expect(morningCheckProblem({ ...ok, symptoms: ["diarrhea"] }, "valid")?.reason).toBe("fit_with_symptoms");
    expect(morningCheckProblem({ ...ok, fit: false }, "expired")).toBeNull();
  });
  it("desensitises a certificate number for the public page", () => {
    expect(maskCertificate("HC420702123456")).toBe("HC**********56");
    expect(maskCertificate("1234")).toBe("****");
  });
});

describe("the kinds' rules", () => {
  it("留样 is kept 48 h", () => {
    expect(sampleDiscardAfter(at("2026-12-04T04:00:00Z"))).toBe(at("2026-12-06T04:00:00Z"));
  });
  it("清洗消毒 wants its measurement and an end after its start", () => {
    const base = { startAt: "2026-12-04T10:00:00+08:00", endAt: "2026-12-04T10:30:00+08:00" };
    expect(disinfectionProblem({ ...base, method: "heat" })).toBe("temperature_required");
    expect(disinfectionProblem({ ...base, method: "heat", temperatureC: 100 })).toBeNull();
    expect(disinfectionProblem({ ...base, method: "chemical" })).toBe("concentration_required");
    expect(disinfectionProblem({ ...base, method: "uv", endAt: base.startAt })).toBe("end_before_start");
  });
  it("进货查验 refuses accepting goods past their shelf life", () => {
    expect(purchaseProblem({ productionDate: "2026-12-01", shelfLifeDays: 2, result: "accepted" }, "2026-12-04")).toBe("expired_on_arrival");
    expect(purchaseProblem({ productionDate: "2026-12-01", shelfLifeDays: 2, result: "rejected" }, "2026-12-04")).toBeNull();
    expect(purchaseProblem({ productionDate: "2026-12-05", shelfLifeDays: 2, result: "accepted" }, "2026-12-04")).toBe("produced_after_delivery");
  });
});

describe("the registry", () => {
  it("declares every kind once with a cadence, fillers, reviewers and a photo range; the API accepts each", () => {
    expect(LEDGER_KIND_NAMES.length).toBeGreaterThanOrEqual(10);
    for (const k of LEDGER_KIND_NAMES) {
      const def = LEDGER_KINDS[k];
      expect(def.fillers.length, k).toBeGreaterThan(0);
      expect(def.reviewers.length, k).toBeGreaterThan(0);
      expect(def.photos.min <= def.photos.max, k).toBe(true);
    }
    const body = { kind: "sample", canteenId: "cnt_abcdefgh", idempotencyKey: "key-12345678", eventAt: "2026-12-04T12:00:00+08:00", data: { dish: "米饭", meal: "lunch", weightGrams: 125 } };
    expect(CreateEntry.safeParse(body).success).toBe(true);
    expect(CreateEntry.safeParse({ ...body, data: { ...body.data, weightGrams: 124.9 } }).success).toBe(false);
    expect(CreateEntry.safeParse({ ...body, kind: "morning_check" }).success).toBe(false);
    expect(CreateEntry.safeParse({ ...body, data: { ...body.data, extra: 1 } }).success).toBe(false);
  });
});

describe("completeness", () => {
  const days = ["2026-12-03", "2026-12-04"];
  const cadences = cadencesOf({});
  it("counts per person per day, per meal, daily; per-event kinds are never due", () => {
    const recorded = {
      morning_check: new Set(["2026-12-03|a", "2026-12-03|b", "2026-12-04|a"]),
      sample: new Set(["2026-12-03|lunch", "2026-12-04|lunch", "2026-12-04|dinner"]),
      disinfection: new Set(["2026-12-04|"]),
      purchase_inspection: new Set(["2026-12-04|"]),
    };
    const out = Object.fromEntries(completeness({ days, cadences, staffIds: ["a", "b"], meals: ["lunch", "dinner"], recorded }).map((k) => [k.kind, k]));
    expect(out.morning_check).toMatchObject({ due: 4, done: 3, missing: ["2026-12-04|b"] });
    expect(out.sample).toMatchObject({ due: 4, done: 3, missing: ["2026-12-03|dinner"] });
    expect(out.disinfection).toMatchObject({ due: 2, done: 1, missing: ["2026-12-03|"] });
    expect(out.accompany_meal).toMatchObject({ due: 4, done: 0 });
    expect(out.purchase_inspection).toMatchObject({ due: 0, done: 0 });
  });
  it("follows a canteen's own cadence (weekly, monthly)", () => {
    const weekly = cadencesOf({ pesticide_test: "weekly", waste: "monthly" });
    const recorded = { pesticide_test: new Set([recordedKey("weekly", "2026-12-02", null)]) };
    const out = Object.fromEntries(completeness({ days: ["2026-11-30", "2026-12-01", "2026-12-06", "2026-12-07"], cadences: weekly, staffIds: [], meals: [], recorded }).map((k) => [k.kind, k]));
    expect(out.pesticide_test).toMatchObject({ due: 2, done: 1, missing: ["W2026-12-07|"] });
    expect(out.waste).toMatchObject({ due: 2, done: 0 });
  });
  it("a period with nothing due is complete", () => {
    expect(rateOf(0, 0)).toBe(1);
    expect(rateOf(3, 2)).toBe(0.667);
  });
});
