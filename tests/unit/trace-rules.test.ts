import { describe, expect, it } from "vitest";
import { allocate, chainMoves, committeeSeatedOn, convertMilli, deliveryLineProblem, fifoOrder, GENESIS_HASH, hasMilliPrecision, type Lot, moveHash, offPlan, overDelivered, perStudentInRange, receiptStatus, tailBreak, verifyMoves } from "../../server/trace/rules.ts";

/** The pure rules of traceability (issue 15): the stock chain, FIFO by expiry, units, plan and delivery checks. */

const move = (i: number, over: Record<string, unknown> = {}) => ({ id: `stm_${i}xxxxxx`, canteenId: "cnt_a", kind: "received", lineId: "dln_1", product: "大米", qtyMilli: 1000 * i, dishId: null, correctsId: null, reason: null, at: 1_000 + i, day: "2026-12-05", byUser: "usr_1", ...over });

describe("the stock chain", () => {
  const rows = chainMoves(null, [move(1), move(2), move(3), move(4)]);

  it("links each move to the one before, from the genesis hash", () => {
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(rows[3]!.hash).toBe(moveHash(rows[2]!.hash, rows[3]!));
    expect(verifyMoves(rows)).toEqual([]);
  });

  it("continues after the last stored move", () => {
    const more = chainMoves(rows[3]!, [move(5)]);
    expect(more[0]!.seq).toBe(5);
    expect(verifyMoves([...rows, ...more])).toEqual([]);
  });

  it("checks the chain's end against the recorded head", () => {
    const head = { seq: 4, hash: rows[3]!.hash };
    expect(tailBreak(rows[3]!, head)).toBeNull();
    expect(tailBreak(rows[2]!, head)).toEqual({ seq: 4, reason: "deleted_at_end" });
    expect(tailBreak(null, head)).toEqual({ seq: 4, reason: "deleted_at_end" });
    expect(tailBreak(chainMoves(rows[3]!, [move(5)])[0]!, head)).toEqual({ seq: 5, reason: "added_at_end" });
    expect(tailBreak({ seq: 4, hash: "f".repeat(64) }, head)).toEqual({ seq: 4, reason: "edited" });
    // a chain from before heads were kept has nothing to compare its end with
    expect(tailBreak(rows[2]!, null)).toBeNull();
  });

  it("names an edited row", () => {
    const edited = rows.map((r) => (r.seq === 2 ? { ...r, qtyMilli: 1 } : r));
    expect(verifyMoves(edited)).toEqual([{ seq: 2, reason: "edited" }]);
  });

  it("names the row after a deleted one", () => {
    expect(verifyMoves(rows.filter((r) => r.seq !== 2))).toEqual([{ seq: 3, reason: "deleted_before" }]);
  });

  it("names a row inserted in the middle (renumbered, or linked to the wrong hash)", () => {
    const forged = { ...rows[1]!, id: "stm_forged00", seq: 3, qtyMilli: 9, prevHash: rows[1]!.hash };
    forged.hash = moveHash(forged.prevHash, forged);
    const later = rows.slice(2).map((r) => ({ ...r, seq: r.seq + 1 }));
    const broken = verifyMoves([rows[0]!, rows[1]!, forged, ...later]);
    expect(broken[0]).toEqual({ seq: 4, reason: "inserted_or_relinked" });
  });

  it("covers every field of the move in its hash", () => {
    for (const field of ["kind", "lineId", "product", "qtyMilli", "dishId", "reason", "at", "day", "byUser"] as const) {
      const changed = { ...rows[0]!, [field]: field === "qtyMilli" || field === "at" ? 77 : "x" };
      expect(moveHash(changed.prevHash, changed), field).not.toBe(rows[0]!.hash);
    }
  });
});

const lot = (lineId: string, expiresOn: string, onHandMilli: number, over: Partial<Lot> = {}): Lot => ({ lineId, product: "青菜", batchNo: lineId, unit: "kg", expiresOn, receivedAt: 0, onHandMilli, ...over });

describe("FIFO by expiry", () => {
  it("orders lots by expiry, then by arrival", () => {
    const order = fifoOrder([lot("c", "2026-12-09", 1), lot("a", "2026-12-07", 1, { receivedAt: 5 }), lot("b", "2026-12-07", 1, { receivedAt: 2 })]);
    expect(order.map((l) => l.lineId)).toEqual(["b", "a", "c"]);
  });

  it("takes from the earliest-expiring lot first and spills into the next", () => {
    const r = allocate([lot("late", "2026-12-09", 10_000), lot("early", "2026-12-06", 4_000)], { product: "青菜", needMilli: 6_000, unit: "kg" }, "2026-12-05");
    expect(r).toEqual({ takes: [{ lineId: "early", qtyMilli: 4_000, expired: false }, { lineId: "late", qtyMilli: 2_000, expired: false }] });
  });

  it("skips expired lots, and reports what could be had when short", () => {
    const lots = [lot("old", "2026-12-01", 50_000), lot("fresh", "2026-12-09", 3_000)];
    expect(allocate(lots, { product: "青菜", needMilli: 5_000, unit: "kg" }, "2026-12-05")).toEqual({ short: true, availableMilli: 3_000 });
  });

  it("uses a named lot even when expired (the warning is the caller's)", () => {
    const r = allocate([lot("old", "2026-12-01", 5_000)], { product: "青菜", needMilli: 1_000, unit: "kg", lineId: "old" }, "2026-12-05");
    expect(r).toEqual({ takes: [{ lineId: "old", qtyMilli: 1_000, expired: true }] });
  });

  it("converts units: grams asked from a lot kept in kilograms", () => {
    const r = allocate([lot("a", "2026-12-09", 2_000)], { product: "青菜", needMilli: 500_000, unit: "g" }, "2026-12-05");
    expect(r).toEqual({ takes: [{ lineId: "a", qtyMilli: 500, expired: false }] });
    expect(convertMilli(1000, "斤", "kg")).toBe(500);
    expect(convertMilli(1000, "kg", "L")).toBeNull();
  });
});

describe("the checks", () => {
  it("refuses a batch produced after delivery or past its shelf life on arrival", () => {
    expect(deliveryLineProblem({ productionDate: "2026-12-06", shelfLifeDays: 3 }, "2026-12-05")).toBe("produced_after_delivery");
    expect(deliveryLineProblem({ productionDate: "2026-11-01", shelfLifeDays: 3 }, "2026-12-05")).toBe("expired_on_arrival");
    expect(deliveryLineProblem({ productionDate: "2026-12-02", shelfLifeDays: 3 }, "2026-12-05")).toBeNull();
  });

  it("sums up a receipt", () => {
    expect(receiptStatus([true, true])).toBe("accepted");
    expect(receiptStatus([true, false])).toBe("partly");
    expect(receiptStatus([false, false])).toBe("refused");
  });

  it("bounds a portion per student and a quantity's precision", () => {
    expect(perStudentInRange(150_000, "g")).toBe(true);
    expect(perStudentInRange(1_500_000, "g")).toBe(false);
    expect(perStudentInRange(0, "kg")).toBe(false);
    expect(perStudentInRange(2_000, "个")).toBe(true);
    expect(hasMilliPrecision(1.25)).toBe(true);
    expect(hasMilliPrecision(1.2345)).toBe(false);
  });

  it("flags use off plan beyond the tolerance, and deliveries far above the week's needs", () => {
    expect(offPlan(10_000, 11_900, 20)).toBe(false);
    expect(offPlan(10_000, 12_100, 20)).toBe(true);
    expect(offPlan(10_000, 7_000, 20)).toBe(true);
    expect(overDelivered(31_000, 10_000)).toBe(true);
    expect(overDelivered(29_000, 10_000)).toBe(false);
    expect(overDelivered(29_000, 0)).toBe(false);
  });
});

describe("cost", () => {
  it("divides the month's ingredient cost by the student-meals, and lists the months of the trend", async () => {
    const { costPerMeal, monthsBack } = await import("../../server/trace/rules.ts");
    expect(costPerMeal(14_700, 100)).toBe(147);
    expect(costPerMeal(100, 0)).toBeNull();
    expect(monthsBack("2026-02", 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

describe("a day's use against its plan", () => {
  it("sums a product over the day's dishes, converting units, and judges the day as a whole", async () => {
    const { dayTotals } = await import("../../server/trace/rules.ts");
    const dishes = [
      { ingredients: [{ product: "大米", unit: "g", planned: 15000, used: 14000 }] },
      { ingredients: [{ product: "大米", unit: "kg", planned: 5, used: 9 }, { product: "青菜", unit: "g", planned: 100, used: 0 }] },
    ];
    expect(dayTotals(dishes, 20)).toEqual([
      { product: "大米", unit: "g", planned: 20000, used: 23000, offPlan: false },
      { product: "青菜", unit: "g", planned: 100, used: 0, offPlan: false },
    ]);
    expect(dayTotals(dishes, 10)[0]!.offPlan).toBe(true);
  });
});

describe("the parent committee on the day it was consulted", () => {
  // China time: 2026-12-05 00:30 +08:00 is 2026-12-04 16:30 UTC
  const at = (iso: string) => Date.parse(iso);
  const members = [
    { createdAt: at("2026-09-01T09:00:00+08:00"), endedAt: null },
    { createdAt: at("2026-12-05T00:30:00+08:00"), endedAt: null },
    { createdAt: at("2026-09-01T09:00:00+08:00"), endedAt: at("2026-12-04T23:30:00+08:00") },
    { createdAt: at("2026-09-01T09:00:00+08:00"), endedAt: at("2026-12-05T08:00:00+08:00") },
  ];

  it("counts who sat that day in China time: seated by its end, not ended before it", () => {
    expect(committeeSeatedOn(members, "2026-12-05")).toBe(3);
    expect(committeeSeatedOn(members, "2026-12-04")).toBe(3);
    expect(committeeSeatedOn(members, "2026-12-06")).toBe(2);
    expect(committeeSeatedOn(members, "2026-08-31")).toBe(0);
    expect(committeeSeatedOn([], "2026-12-05")).toBe(0);
  });
});
