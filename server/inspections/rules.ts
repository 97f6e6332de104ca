import { REQUIRED_PATROL_AREAS } from "../contracts/enums.ts";
import type { ChecklistItem } from "./contracts.ts";

/** The checklist covers each of the five required areas exactly once. */
export const checklistComplete = (items: ChecklistItem[]) =>
  items.length === REQUIRED_PATROL_AREAS.length && REQUIRED_PATROL_AREAS.every((k) => items.filter((i) => i.areaKind === k).length === 1);

/** Any area with a problem makes the result "issues_found". */
export const resultOf = (items: ChecklistItem[]) => (items.some((i) => i.status === "issue") ? ("issues_found" as const) : ("satisfactory" as const));

/**
 * When a participant counts as having joined an inspection: LiveKit's join time (whole seconds in
 * `joined_at`, milliseconds in `joined_at_ms` on newer servers) can lie before the inspection started —
 * rounding, or someone already in the room when it started — and then they take part from the start.
 */
export function participantJoinedAt(p: { joinedAt?: bigint | number; joinedAtMs?: bigint | number }, inspectionStartedAt: number, fallback: number): number {
  const ms = Number(p.joinedAtMs ?? 0) || Number(p.joinedAt ?? 0) * 1000 || fallback;
  return Math.max(ms, inspectionStartedAt);
}

/** A leave is never recorded before the join it closes (LiveKit's event times are whole seconds). */
export const participantLeftAt = (eventAt: number, joinedAt: number) => Math.max(eventAt, joinedAt);
