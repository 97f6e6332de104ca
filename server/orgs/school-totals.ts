import type { Scope } from "../scope/actor.ts";

/**
 * The schools list's total (共 N 所学校), kept for a moment per jurisdiction and filter. Counting a province's 20,000
 * schools was the largest SQLite cost of its every page (≈ 0.7 ms, plus a second statement to build, prepare and
 * map: bench:load, issue 11 item 17), although the figure changes only when a school is registered or renamed.
 *
 * Keyed by what the count depends on and nothing else — the scope's region ranges and single orgs (exactly what
 * the scope's SQL reads) and the list's filters — so a total never travels to a caller of another jurisdiction,
 * and everyone of one jurisdiction (a province's regulators, say) shares it. Kept for at most SCHOOL_TOTAL_MS;
 * every write on this instance that can change a total (an org registered or renamed) empties it at once, and a
 * total counted before such a write is not kept after it. Another API instance sees a school registered elsewhere
 * within SCHOOL_TOTAL_MS (DESIGN §7): the page's rows are always read fresh, only the figure above them may lag.
 */
export const SCHOOL_TOTAL_MS = 5_000;
/** a bound on memory: at most this many totals are kept; past it the oldest goes first */
export const SCHOOL_TOTAL_MAX = 1_000;

export interface SchoolFilter {
  q?: string;
  regionCode?: string;
}

/** What a total depends on, as one string (pure; sorted, so two callers of one jurisdiction share it). */
export function schoolTotalKey(scope: Pick<Scope, "regionRanges" | "orgIds">, filter: SchoolFilter): string {
  const ranges = scope.regionRanges.map(([lo, hi]) => `${lo}-${hi}`).sort();
  const orgIds = [...scope.orgIds].sort();
  return JSON.stringify([ranges, orgIds, filter.q ?? null, filter.regionCode ?? null]);
}

interface Entry {
  total: number;
  countedAt: number;
}

/** One database's kept totals (two apps on two databases in one process, as in the tests, never share one). */
export interface SchoolTotals {
  /** taken before counting, handed back to keep */
  generation(): number;
  /** the kept total for this key, or null when none is kept or it is too old (or the clock went back) */
  kept(key: string, now: number): number | null;
  /** keeps a total just counted, unless an org was written since `readAt` (the generation taken before counting) */
  keep(key: string, total: number, now: number, readAt: number): void;
  /** an org was registered or renamed through this instance: no kept total may be used again */
  forget(): void;
}

const stores = new WeakMap<object, SchoolTotals>();

/** The kept totals of the database behind `db` (made on first use). */
export function schoolTotalsOf(db: object): SchoolTotals {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = newSchoolTotals()));
  return store;
}

function newSchoolTotals(): SchoolTotals {
  const entries = new Map<string, Entry>();
  let generation = 0;
  return {
    generation: () => generation,
    kept(key, now) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (now < entry.countedAt || now - entry.countedAt >= SCHOOL_TOTAL_MS) {
        entries.delete(key);
        return null;
      }
      return entry.total;
    },
    keep(key, total, now, readAt) {
      if (readAt !== generation) return;
      if (entries.size >= SCHOOL_TOTAL_MAX && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.set(key, { total, countedAt: now });
    },
    forget() {
      generation++;
      entries.clear();
    },
  };
}
