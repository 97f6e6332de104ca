import { pick, seededIds, seededRandom } from "../random.ts";

/** The time units the history is laid out in (ms). */
export const DAY = 86_400_000;
export const MIN = 60_000;

/** A row as inserted into a drizzle table. */
export type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];

/** The stretch of time the history covers: from `from` up to shortly before `now`. */
export interface Span {
  from: number;
  now: number;
}

/**
 * The seeded draws every part of the history takes from. There is one stream for the whole history, and each
 * part draws from it in a fixed order (accounts, camera status, inspections, orders, AI alerts): that order is
 * what keeps the seeded rows identical for the same `now`, so a part must not draw more, less or sooner.
 */
export interface Draws {
  random: () => number;
  newId: (prefix: string) => string;
  /** an integer in [a, b) (a when b ≤ a) */
  between: (a: number, b: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** one of `items`, each as likely as its weight */
  weighted: <T>(items: readonly T[], weights: readonly number[]) => T;
}

export function seededDraws(seed: number): Draws {
  const random = seededRandom(seed);
  return {
    random,
    newId: seededIds(random),
    between: (a, b) => Math.floor(a + random() * Math.max(0, b - a)),
    pick: (items) => pick(random, items),
    weighted: (items, weights) => {
      let r = random() * weights.reduce((s, w) => s + w, 0);
      for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) < 0) return items[i]!;
      return items[items.length - 1]!;
    },
  };
}
