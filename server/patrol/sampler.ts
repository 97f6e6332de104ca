/**
 * 网上抽查 — the draw anyone can check (issue 12). Pure and synchronous: the server runs it at reveal, the public
 * verify page runs the very same module in the browser.
 *
 * Commit–reveal, after RFC 3797: before the draw the regulator publishes the commitment, the sha256 of the
 * canonical candidate list and rules (`canonicalDraw`), together with the sha256 of a server secret and the name
 * of a future public value (a stock index's close, a lottery result). After that value is known it is entered,
 * the secret revealed, and the seed is sha256(commitment, secret, public value): nobody could know it while the
 * list could still change.
 *
 * Selection: strata are the risk grades (one stratum under a uniform draw), each candidate weighing its grade's
 * integer weight. Seats are allocated to strata by systematic sampling over integer masses (w × size), with a
 * start drawn from the seed, so that each candidate's chance of selection is exactly count × w / Σw (a stratum
 * whose chance would reach 1 is taken whole first); inside a stratum the seats go to the candidates whose
 * SHA-256 keys, sha256(seed | id), are smallest. Every comparison is on integers or hex strings, never floats.
 * Inspectors are drawn the same way (双随机): per target, the eligible ones (回避: none from the target's own
 * district when the rules say so), least loaded first, then by key.
 */
import { sha256Hex, sha256WithPrefix } from "./sha256.ts";

export const RISK_GRADES = ["high", "medium", "low"] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export interface DrawCandidate {
  id: string;
  /** region code of the canteen's school (GB/T 2260), for 回避 */
  district: string;
  grade: RiskGrade;
}
export interface DrawInspector {
  id: string;
  /** region code of the inspector's regulator */
  district: string;
}
export interface DrawRules {
  count: number;
  method: "uniform" | "risk";
  /** positive integers per grade (used when method is "risk") */
  weights: Record<RiskGrade, number>;
  inspectorsPerTarget: number;
  /** 回避: no inspector from the target's own district */
  avoidOwnDistrict: boolean;
}
export interface DrawInput {
  version: 1;
  regionCode: string;
  rules: DrawRules;
  candidates: DrawCandidate[];
  inspectors: DrawInspector[];
}
export interface DrawTarget {
  canteenId: string;
  grade: RiskGrade;
  key: string;
  inspectorIds: string[];
}
export interface DrawResult {
  seed: string;
  /** seats per grade */
  allocation: Record<RiskGrade, number>;
  targets: DrawTarget[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The k items with the smallest keys, in key order — what sorting the stratum and taking k gives. A draw seats a few
 * dozen of thousands, so one pass keeps a sorted shortlist; a stratum taken whole (or nearly) is simply sorted.
 */
export function smallestKeys<T extends { key: string }>(items: T[], k: number): T[] {
  if (k <= 0) return [];
  if (k * 8 >= items.length) return [...items].sort(byKey).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && item.key >= best[k - 1]!.key) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (best[mid]!.key < item.key) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

/** The one text whose sha256 is the commitment: fixed key order, candidates and inspectors sorted by id. */
export function canonicalDraw(input: DrawInput): string {
  const r = input.rules;
  return JSON.stringify({
    version: 1,
    regionCode: input.regionCode,
    rules: {
      count: r.count,
      method: r.method,
      weights: { high: r.weights.high, medium: r.weights.medium, low: r.weights.low },
      inspectorsPerTarget: r.inspectorsPerTarget,
      avoidOwnDistrict: r.avoidOwnDistrict,
    },
    candidates: [...input.candidates].sort(byId).map((c) => ({ id: c.id, district: c.district, grade: c.grade })),
    inspectors: [...input.inspectors].sort(byId).map((i) => ({ id: i.id, district: i.district })),
  });
}

export const commitmentOf = (input: DrawInput) => sha256Hex(canonicalDraw(input));
export const secretHashOf = (secret: string) => sha256Hex(secret);
/** The seed: the public value is trimmed, nothing else is changed. */
export const seedOf = (commitment: string, secret: string, publicValue: string) => sha256Hex(`${commitment}\n${secret}\n${publicValue.trim()}`);

const eligible = (rules: DrawRules, target: DrawCandidate, pool: DrawInspector[]) => (rules.avoidOwnDistrict ? pool.filter((i) => i.district !== target.district) : pool);

/** What makes a draw impossible (empty: it can be committed); every candidate must have enough eligible inspectors. */
export function drawProblems(input: DrawInput): string[] {
  const { rules, candidates, inspectors } = input;
  const problems: string[] = [];
  if (!Number.isInteger(rules.count) || rules.count < 1) problems.push("count_invalid");
  if (candidates.length === 0) problems.push("no_candidates");
  else if (rules.count > candidates.length) problems.push("count_exceeds_candidates");
  if (inspectors.length === 0) problems.push("empty_pool");
  else {
    // eligible inspectors of a candidate: the whole pool, less those of its own district under 回避
    const perDistrict = new Map<string, number>();
    for (const i of inspectors) perDistrict.set(i.district, (perDistrict.get(i.district) ?? 0) + 1);
    const eligibleCount = (c: DrawCandidate) => inspectors.length - (rules.avoidOwnDistrict ? (perDistrict.get(c.district) ?? 0) : 0);
    if (candidates.some((c) => eligibleCount(c) < rules.inspectorsPerTarget)) problems.push("pool_too_small");
  }
  if (RISK_GRADES.some((g) => !Number.isInteger(rules.weights[g]) || rules.weights[g] < 1)) problems.push("weights_invalid");
  if (new Set(candidates.map((c) => c.id)).size !== candidates.length) problems.push("duplicate_candidate");
  return problems;
}

const weightOf = (rules: DrawRules, g: RiskGrade) => BigInt(rules.method === "risk" ? rules.weights[g] : 1);

/** Seats per grade: strata whose chance would reach 1 taken whole, the rest by systematic sampling over integer masses. */
export function allocate(rules: DrawRules, sizes: Record<RiskGrade, number>, seed: string): Record<RiskGrade, number> {
  const seats: Record<RiskGrade, number> = { high: 0, medium: 0, low: 0 };
  let open = RISK_GRADES.filter((g) => sizes[g] > 0);
  let n = BigInt(rules.count);
  for (;;) {
    const mass = open.reduce((s, g) => s + weightOf(rules, g) * BigInt(sizes[g]), 0n);
    // a stratum with n·w ≥ Σ mass: every member's chance is 1
    const whole = open.filter((g) => n * weightOf(rules, g) >= mass);
    if (!whole.length || n === 0n) break;
    for (const g of whole) {
      seats[g] = sizes[g];
      n -= BigInt(sizes[g]);
    }
    open = open.filter((g) => !whole.includes(g));
  }
  if (n === 0n || !open.length) return seats;
  const total = open.reduce((s, g) => s + weightOf(rules, g) * BigInt(sizes[g]), 0n);
  const start = BigInt(`0x${sha256Hex(`${seed}|allocation`)}`) % total;
  let cumulative = 0n;
  let before = start / total;
  for (const g of open) {
    cumulative += weightOf(rules, g) * BigInt(sizes[g]);
    const upTo = (cumulative * n + start) / total;
    seats[g] = Number(upTo - before);
    before = upTo;
  }
  return seats;
}

export const candidateKey = (seed: string, id: string) => sha256Hex(`${seed}|${id}`);

/** The draw itself: a deterministic function of the committed input and the seed. */
export function runDraw(input: DrawInput, seed: string): DrawResult {
  const problems = drawProblems(input);
  if (problems.length) throw new Error(`draw not possible: ${problems.join(", ")}`);
  const { rules } = input;
  // keys are digests of distinct ids, so no two are equal and the input's order cannot change the outcome
  const strata: Record<RiskGrade, Array<DrawCandidate & { key: string }>> = { high: [], medium: [], low: [] };
  const keyOf = sha256WithPrefix(`${seed}|`);
  for (const c of input.candidates) strata[c.grade].push({ id: c.id, district: c.district, grade: c.grade, key: keyOf(c.id) });
  const allocation = allocate(rules, { high: strata.high.length, medium: strata.medium.length, low: strata.low.length }, seed);
  const chosen = RISK_GRADES.flatMap((g) => smallestKeys(strata[g], allocation[g]));
  chosen.sort(byKey);
  const pool = [...input.inspectors].sort(byId);
  const load = new Map(pool.map((i) => [i.id, 0]));
  const targets = chosen.map((c) => {
    const ranked = eligible(rules, c, pool)
      .map((i) => ({ id: i.id, key: sha256Hex(`${seed}|${c.id}|${i.id}`) }))
      .sort((a, b) => load.get(a.id)! - load.get(b.id)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const inspectorIds = ranked.slice(0, rules.inspectorsPerTarget).map((i) => i.id);
    for (const id of inspectorIds) load.set(id, load.get(id)! + 1);
    return { canteenId: c.id, grade: c.grade, key: c.key, inspectorIds };
  });
  return { seed, allocation, targets };
}

/** Each candidate's exact chance of selection, as a fraction (numerator, denominator) — for tests and the verify page. */
export function inclusionChance(input: DrawInput, grade: RiskGrade): [bigint, bigint] {
  const sizes = { high: 0, medium: 0, low: 0 };
  for (const c of input.candidates) sizes[c.grade]++;
  // strata taken whole first, as in allocate
  let open = RISK_GRADES.filter((g) => sizes[g] > 0);
  let n = BigInt(input.rules.count);
  for (;;) {
    const mass = open.reduce((s, g) => s + weightOf(input.rules, g) * BigInt(sizes[g]), 0n);
    const whole = open.filter((g) => n * weightOf(input.rules, g) >= mass);
    if (whole.includes(grade)) return [1n, 1n];
    if (!whole.length || n === 0n) return [n * weightOf(input.rules, grade), mass];
    for (const g of whole) n -= BigInt(sizes[g]);
    open = open.filter((g) => !whole.includes(g));
  }
}

/** The verify page's question: does this revealed draw follow from its published parts? */
export function verifyDraw(published: { input: DrawInput; commitment: string; secretHash: string; secret: string; publicValue: string; seed: string; targets: DrawTarget[] }) {
  const commitmentOk = commitmentOf(published.input) === published.commitment;
  const secretOk = secretHashOf(published.secret) === published.secretHash;
  const seed = seedOf(published.commitment, published.secret, published.publicValue);
  const seedOk = seed === published.seed;
  const result = runDraw(published.input, seed);
  const selectionOk = JSON.stringify(result.targets) === JSON.stringify(published.targets);
  return { commitmentOk, secretOk, seedOk, selectionOk, matches: commitmentOk && secretOk && seedOk && selectionOk, result };
}
