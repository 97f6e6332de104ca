import type { Transition } from "../lifecycle/transitions.ts";
import type { FieldStatus } from "./contracts.ts";

/**
 * The 靶向飞行 lifecycle as data (run by server/lifecycle/engine.ts):
 *   assigned → on_site (到达现场) → done (属实 / 不属实 / 当场整改: the on-site inspection is recorded), photos while on site,
 *   and cancelled from either open status by the regulator. Only the assigned inspectors start, add photos, complete.
 */
export const FIELD_ACTIONS = ["start", "photo", "complete", "cancel"] as const;
export type FieldAction = (typeof FIELD_ACTIONS)[number];
export type FieldFlags = { hasPhoto: boolean };

const STALE = "field_task_transition_invalid";

export const FIELD_TRANSITIONS = {
  start: { from: ["assigned"], to: "on_site", permission: "field.run", event: "started", conflict: "field_task_not_assigned_status" },
  photo: { from: ["on_site"], permission: "field.run", event: "photo", requires: ["photos"], set: { hasPhoto: true }, conflict: "field_task_not_on_site" },
  complete: {
    from: ["on_site"],
    to: "done",
    permission: "field.run",
    event: "completed",
    requires: ["note"],
    // 第十九条: the on-site evidence is kept — no result without at least one photo taken there
    when: { flags: { hasPhoto: true }, otherwise: "field_photo_required" },
    closes: true,
    conflict: "field_task_not_on_site",
  },
  cancel: { from: ["assigned", "on_site"], to: "cancelled", permission: "field.assign", event: "cancelled", requires: ["note"], closes: true, conflict: "field_task_closed" },
} as const satisfies Record<FieldAction, Transition<FieldStatus, FieldFlags>>;

export { STALE as FIELD_STALE };

/** Actions only an assigned inspector may take (anyone else with the permission gets 403). */
export const ASSIGNED_ONLY: readonly FieldAction[] = ["start", "photo", "complete"];

export const OPEN_STATUSES: readonly FieldStatus[] = ["assigned", "on_site"];

/** Still open after its due date. */
export const isOverdue = (t: { status: FieldStatus; dueAt: number }, now: number) => OPEN_STATUSES.includes(t.status) && now > t.dueAt;

/** The on-site inspection's verdict: a confirmed problem (or one rectified on the spot) is a problem found. */
export const inspectionResultOf = (result: "confirmed" | "not_confirmed" | "rectified"): "satisfactory" | "issues_found" => (result === "not_confirmed" ? "satisfactory" : "issues_found");

/** The board's order: on site first, then assigned, then done, then cancelled; by due date inside each. */
export const STATUS_RANK: Record<FieldStatus, number> = { on_site: 0, assigned: 1, done: 2, cancelled: 3 };

/** A photo's capture time must be a real moment of this task: not in the future (a minute's clock skew allowed) nor before the task. */
export function captureProblem(capturedAt: number, createdAt: number, now: number): string | null {
  if (capturedAt > now + 60_000) return "captured_in_future";
  if (capturedAt < createdAt - 60_000) return "captured_before_task";
  return null;
}
