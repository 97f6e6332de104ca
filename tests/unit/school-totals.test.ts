/** The schools list's kept total (issue 11 item 17): what it is keyed by, how long it is kept, and when not. */
import { describe, expect, it } from "vitest";
import { SCHOOL_TOTAL_MAX, SCHOOL_TOTAL_MS, schoolTotalKey, schoolTotalsOf } from "../../server/orgs/school-totals.ts";
import type { Scope } from "../../server/scope/actor.ts";

const T0 = 1_800_000_000_000;
type Jurisdiction = Pick<Scope, "regionRanges" | "orgIds">;
const province: Jurisdiction = { regionRanges: [["420000", "429999"]], orgIds: [] };
const district: Jurisdiction = { regionRanges: [["420702", "420702"]], orgIds: [] };
const school: Jurisdiction = { regionRanges: [], orgIds: ["org_a"] };

describe("schoolTotalKey", () => {
  it("tells apart jurisdictions and filters, so a total never travels to another scope or search", () => {
    const keys = [
      schoolTotalKey(province, {}),
      schoolTotalKey(district, {}),
      schoolTotalKey(school, {}),
      schoolTotalKey({ regionRanges: [], orgIds: ["org_b"] }, {}),
      schoolTotalKey(province, { q: "一中" }),
      schoolTotalKey(province, { q: "二中" }),
      schoolTotalKey(province, { regionCode: "420700" }),
      schoolTotalKey(province, { q: "420700" }), // a search for the text is not the region filter
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("is the same for two callers of one jurisdiction, whatever the order of their grants", () => {
    const a: Jurisdiction = { regionRanges: [["420702", "420702"], ["420703", "420703"]], orgIds: ["org_b", "org_a"] };
    const b: Jurisdiction = { regionRanges: [["420703", "420703"], ["420702", "420702"]], orgIds: ["org_a", "org_b"] };
    expect(schoolTotalKey(a, { q: "中学" })).toBe(schoolTotalKey(b, { q: "中学" }));
  });
});

describe("kept school totals", () => {
  it("keeps a total for less than SCHOOL_TOTAL_MS, then counts afresh (nor when the clock went back)", () => {
    const totals = schoolTotalsOf({});
    totals.keep("k", 20_000, T0, totals.generation());
    expect(totals.kept("k", T0)).toBe(20_000);
    expect(totals.kept("k", T0 + SCHOOL_TOTAL_MS - 1)).toBe(20_000);
    expect(totals.kept("k", T0 + SCHOOL_TOTAL_MS)).toBeNull();
    totals.keep("k", 20_000, T0, totals.generation());
    expect(totals.kept("k", T0 - 1)).toBeNull();
    expect(totals.kept("other", T0)).toBeNull();
  });

  it("forget empties it, and a total counted before that is not put back", () => {
    const totals = schoolTotalsOf({});
    totals.keep("a", 25, T0, totals.generation());
    const readAt = totals.generation(); // a request starts counting …
    totals.forget(); // … a school is registered meanwhile …
    totals.keep("b", 25, T0, readAt); // … and the count arrives late
    expect(totals.kept("a", T0)).toBeNull();
    expect(totals.kept("b", T0)).toBeNull();
    totals.keep("b", 26, T0, totals.generation());
    expect(totals.kept("b", T0)).toBe(26);
  });

  it("is one store per database: two apps in one process never share a total", () => {
    const dbA = {};
    const dbB = {};
    schoolTotalsOf(dbA).keep("k", 25, T0, schoolTotalsOf(dbA).generation());
    expect(schoolTotalsOf(dbA).kept("k", T0)).toBe(25);
    expect(schoolTotalsOf(dbB).kept("k", T0)).toBeNull();
    schoolTotalsOf(dbB).forget();
    expect(schoolTotalsOf(dbA).kept("k", T0)).toBe(25);
  });

  it("holds at most SCHOOL_TOTAL_MAX totals, the oldest going first", () => {
    const totals = schoolTotalsOf({});
    for (let i = 0; i <= SCHOOL_TOTAL_MAX; i++) totals.keep(`k${i}`, i, T0, totals.generation());
    expect(totals.kept("k0", T0)).toBeNull();
    expect(totals.kept("k1", T0)).toBe(1);
    expect(totals.kept(`k${SCHOOL_TOTAL_MAX}`, T0)).toBe(SCHOOL_TOTAL_MAX);
  });
});
