/**
 * Red warnings (issue 16 item 6; seed 004 "各级管理端第一时间处理风险预警，对履职不到位的管理端进行靶向监管"): the pure
 * step of one open warning. No I/O and no clock: the sweep passes the canteen's grade now, the first thing its
 * regulators did since the warning opened, and "now".
 */
import type { RiskGrade } from "../patrol/sampler.ts";

export const WARNING_ACTIONS = ["inspection", "order", "spot_check", "field_task"] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

export interface OpenWarning {
  openedAt: number;
  dueAt: number;
  flaggedAt: number | null;
}

export type WarningStep =
  | { kind: "acted"; by: WarningAction; at: number }
  | { kind: "cleared" }
  | { kind: "flag" }
  | { kind: "wait" };

/**
 * What becomes of an open warning: acted on once the regulators did anything on the canteen since it opened (even
 * late: the flag stays in the record); cleared when the grade fell below high before anyone acted; flagged to the
 * level above once the deadline passed with nothing done; otherwise it waits.
 */
export function stepWarning(w: OpenWarning, grade: RiskGrade | null, firstAction: { by: WarningAction; at: number } | null, now: number): WarningStep {
  if (firstAction && firstAction.at >= w.openedAt) return { kind: "acted", by: firstAction.by, at: firstAction.at };
  if (grade !== "high") return { kind: "cleared" };
  if (now >= w.dueAt && w.flaggedAt === null) return { kind: "flag" };
  return { kind: "wait" };
}

/** The earliest of the regulators' actions found for a warning (each kind's first since it opened, or null). */
export function firstActionOf(found: Partial<Record<WarningAction, number | null>>): { by: WarningAction; at: number } | null {
  let best: { by: WarningAction; at: number } | null = null;
  for (const by of WARNING_ACTIONS) {
    const at = found[by];
    if (at != null && (!best || at < best.at)) best = { by, at };
  }
  return best;
}

/** The days of a trend, oldest first, with each day's score or null where none was kept (China days `YYYY-MM-DD`). */
export function trendOf(rows: Array<{ day: string; score: number }>, days: string[]): Array<number | null> {
  const byDay = new Map(rows.map((r) => [r.day, r.score]));
  return days.map((d) => byDay.get(d) ?? null);
}
