import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex, sha256WithPrefix } from "../../server/patrol/sha256.ts";
import {
  allocate,
  candidateKey,
  canonicalDraw,
  commitmentOf,
  drawProblems,
  inclusionChance,
  runDraw,
  seedOf,
  smallestKeys,
  verifyDraw,
  type DrawCandidate,
  type DrawInput,
  type RiskGrade,
} from "../../server/patrol/sampler.ts";

const grades: RiskGrade[] = ["high", "medium", "low"];
/** 30 canteens: 5 high, 10 medium, 15 low, in districts 420702/420703/420704 */
const candidates: DrawCandidate[] = Array.from({ length: 30 }, (_, i) => ({
  id: `cnt_fixture${String(i).padStart(3, "0")}`,
  district: `42070${2 + (i % 3)}`,
  grade: grades[i < 5 ? 0 : i < 15 ? 1 : 2]!,
}));
const inspectors = ["420702", "420703", "420704", "420700"].flatMap((d, k) => [0, 1].map((j) => ({ id: `usr_insp${k}${j}xxxx`, district: d })));
const input = (over: Partial<DrawInput["rules"]> = {}): DrawInput => ({
  version: 1,
  regionCode: "420700",
  rules: { count: 6, method: "risk", weights: { high: 3, medium: 2, low: 1 }, inspectorsPerTarget: 2, avoidOwnDistrict: true, ...over },
  candidates,
  inspectors,
});

describe("sha256 (the one both the server and the browser run)", () => {
  it("agrees with node:crypto on block boundaries, multibyte text and long input", () => {
    for (const s of ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(119), "食品安全".repeat(99), "x".repeat(70_000)]) {
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s).digest("hex"));
    }
  });
  it("gives the same digests with a shared prefix compressed once", () => {
    for (const prefix of ["", "a".repeat(63) + "|", "b".repeat(64) + "|", "食".repeat(30)]) {
      const withPrefix = sha256WithPrefix(prefix);
      for (const rest of ["", "cnt_x", "c".repeat(200), "x".repeat(5000), "区".repeat(40)]) expect(withPrefix(rest)).toBe(createHash("sha256").update(prefix + rest).digest("hex"));
    }
  });
});

describe("the commitment", () => {
  it("does not depend on the order the lists come in, and changes with any rule or candidate", () => {
    const a = input();
    const shuffled = { ...a, candidates: [...a.candidates].reverse(), inspectors: [...a.inspectors].reverse() };
    expect(commitmentOf(shuffled)).toBe(commitmentOf(a));
    expect(commitmentOf(input({ count: 7 }))).not.toBe(commitmentOf(a));
    expect(commitmentOf({ ...a, candidates: a.candidates.slice(1) })).not.toBe(commitmentOf(a));
    expect(JSON.parse(canonicalDraw(a)).candidates[0].id).toBe("cnt_fixture000");
  });
});

describe("the sampler", () => {
  it("selects the same canteens and inspectors for a fixed seed (known selections)", () => {
    const a = input();
    const seed = seedOf(commitmentOf(a), "secret-0001", " 3361.45 ");
    expect(seed).toBe(seedOf(commitmentOf(a), "secret-0001", "3361.45"));
    const result = runDraw(a, seed);
    expect(result.targets.map((t) => t.canteenId)).toEqual(KNOWN.targets);
    expect(result.allocation).toEqual(KNOWN.allocation);
    expect(result.targets.map((t) => t.inspectorIds)).toEqual(KNOWN.inspectors);
    // a uniform draw of the same list with another seed
    expect(runDraw(input({ method: "uniform", count: 3 }), sha256Hex("seed-b")).targets.map((t) => t.canteenId)).toEqual(KNOWN.uniform);
  });

  it("draws at least two inspectors per target, none from the target's district (回避), spread evenly", () => {
    for (let s = 0; s < 50; s++) {
      const { targets } = runDraw(input(), sha256Hex(`avoid-${s}`));
      const load = new Map<string, number>();
      for (const t of targets) {
        expect(new Set(t.inspectorIds).size).toBe(2);
        const district = candidates.find((c) => c.id === t.canteenId)!.district;
        for (const id of t.inspectorIds) {
          expect(inspectors.find((i) => i.id === id)!.district).not.toBe(district);
          load.set(id, (load.get(id) ?? 0) + 1);
        }
      }
      expect(Math.max(...load.values()) - Math.min(...load.values())).toBeLessThanOrEqual(2);
    }
  });

  it("allocates exactly count seats, never more than a stratum holds, and takes a stratum whole when its chance reaches 1", () => {
    for (let s = 0; s < 200; s++) {
      const seats = allocate(input().rules, { high: 5, medium: 10, low: 15 }, sha256Hex(`alloc-${s}`));
      expect(seats.high + seats.medium + seats.low).toBe(6);
      expect([1, 2]).toContain(seats.high); // 6·15/50 = 1.8
      expect([2, 3]).toContain(seats.medium); // 2.4
      expect([1, 2]).toContain(seats.low); // 1.8
    }
    const heavy = { ...input().rules, count: 10, weights: { high: 20, medium: 2, low: 1 } };
    expect(allocate(heavy, { high: 5, medium: 10, low: 15 }, sha256Hex("x")).high).toBe(5);
    expect(inclusionChance({ ...input(), rules: heavy }, "high")).toEqual([1n, 1n]);
  });

  it("refuses impossible draws with a named problem", () => {
    expect(drawProblems(input({ count: 31 }))).toContain("count_exceeds_candidates");
    expect(drawProblems({ ...input(), inspectors: [] })).toContain("empty_pool");
    expect(drawProblems(input({ inspectorsPerTarget: 7 }))).toContain("pool_too_small");
    expect(drawProblems({ ...input(), candidates: [] })).toContain("no_candidates");
    expect(drawProblems(input())).toEqual([]);
    expect(() => runDraw(input({ count: 31 }), "00")).toThrow(/count_exceeds_candidates/);
  });

  it("selects each canteen as often as its weight says over 10,000 seeded draws (chi-square, p = 0.001)", () => {
    const a = input();
    const counts = new Map(candidates.map((c) => [c.id, 0]));
    const N = 10_000;
    for (let s = 0; s < N; s++) for (const t of runDraw(a, sha256Hex(`chi-${s}`)).targets) counts.set(t.canteenId, counts.get(t.canteenId)! + 1);
    const chance = (g: RiskGrade) => {
      const [num, den] = inclusionChance(a, g);
      return Number(num) / Number(den);
    };
    expect(grades.map(chance)).toEqual([0.36, 0.24, 0.12]);
    // binomial form: each term (O − E)² / (N p (1 − p)); 29 degrees of freedom (the sample size is fixed)
    const statistic = (p: (c: DrawCandidate) => number) => candidates.reduce((s, c) => s + (counts.get(c.id)! - N * p(c)) ** 2 / (N * p(c) * (1 - p(c))), 0);
    const CRITICAL_29_DF_P001 = 58.3;
    expect(statistic((c) => chance(c.grade))).toBeLessThan(CRITICAL_29_DF_P001);
    // and the test can fail: against uniform chances (6 / 30 each) the same counts are far off
    expect(statistic(() => 0.2)).toBeGreaterThan(10 * CRITICAL_29_DF_P001);
  }, 60_000);

  it("verifies a published draw, and catches a changed list, secret, public value or selection", () => {
    const a = input();
    const commitment = commitmentOf(a);
    const secret = "f".repeat(64);
    const seed = seedOf(commitment, secret, "3361.45");
    const published = { input: a, commitment, secretHash: sha256Hex(secret), secret, publicValue: "3361.45", seed, targets: runDraw(a, seed).targets };
    expect(verifyDraw(published).matches).toBe(true);
    expect(verifyDraw({ ...published, input: { ...a, candidates: a.candidates.slice(1) } }).commitmentOk).toBe(false);
    expect(verifyDraw({ ...published, secret: "e".repeat(64) }).secretOk).toBe(false);
    expect(verifyDraw({ ...published, publicValue: "3361.46" }).seedOk).toBe(false);
    expect(verifyDraw({ ...published, targets: published.targets.slice(1) }).selectionOk).toBe(false);
  });

  it("seats over 20,000 candidates exactly those a full sort by key would (the shortlist is only faster)", () => {
    const many: DrawCandidate[] = Array.from({ length: 20_000 }, (_, i) => ({ id: `cnt_bench${String(i).padStart(6, "0")}`, district: `4207${String(i % 20).padStart(2, "0")}`, grade: grades[i % 3]! }));
    const big: DrawInput = { ...input({ count: 50 }), candidates: many };
    const seed = seedOf(commitmentOf(big), "s", "v");
    const result = runDraw(big, seed);
    // the reference: every stratum sorted by key, its seats taken from the front, the whole sorted by key
    const keyed = many.map((c) => ({ ...c, key: candidateKey(seed, c.id) }));
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
    const reference = grades.flatMap((g) => keyed.filter((c) => c.grade === g).sort(byKey).slice(0, result.allocation[g])).sort(byKey);
    expect(result.targets.map((t) => t.canteenId)).toEqual(reference.map((c) => c.id));
    expect(result.targets).toHaveLength(50);
  });

  it("keeps the k smallest keys in order, for any k, as sorting would", () => {
    const items = Array.from({ length: 3_000 }, (_, i) => ({ key: sha256Hex(`item-${i}`) }));
    const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const k of [0, 1, 2, 7, 50, 374, 375, 1_000, 3_000, 5_000]) expect(smallestKeys(items, k)).toEqual(sorted.slice(0, k));
  });
});

/** pinned: a change here means every published draw would verify differently */
const KNOWN = {
  targets: ["cnt_fixture021", "cnt_fixture009", "cnt_fixture006", "cnt_fixture004", "cnt_fixture003", "cnt_fixture011"],
  allocation: { high: 2, medium: 3, low: 1 },
  inspectors: [
    ["usr_insp20xxxx", "usr_insp30xxxx"],
    ["usr_insp21xxxx", "usr_insp31xxxx"],
    ["usr_insp10xxxx", "usr_insp11xxxx"],
    ["usr_insp01xxxx", "usr_insp00xxxx"],
    ["usr_insp10xxxx", "usr_insp20xxxx"],
    ["usr_insp31xxxx", "usr_insp30xxxx"],
  ],
  uniform: ["cnt_fixture003", "cnt_fixture023", "cnt_fixture014"],
};
