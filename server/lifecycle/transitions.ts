import type { Permission } from "../auth/permissions.ts";

/** A workflow's transitions as data, and the pure decision of what one does to a state (engine.ts runs them). */
export type Flags = Record<string, boolean>;

export interface Transition<S extends string, F extends Flags = Flags> {
  /** the statuses the action starts from */
  from: readonly S[];
  /** omitted: the status stays and only flags change */
  to?: S;
  /** the permission its route requires */
  permission: Permission;
  /** the event type written to the workflow's timeline */
  event: string;
  /** flags the row must have, with the conflict reason when it has not (checked after the status) */
  when?: { flags: Partial<F>; otherwise: string };
  set?: Partial<F>;
  /** input the action cannot go without */
  requires?: ReadonlyArray<"note" | "photos">;
  /** the item is done (closedAt) */
  closes?: boolean;
  /** the conflict reason when the row is in none of the `from` statuses */
  conflict: string;
}

export type Outcome<S extends string, F extends Flags> = { ok: true; status: S; flags: F; closes: boolean } | { ok: false; reason: string };

/** Pure: what a transition does to a state, or why it cannot. */
export function decide<S extends string, F extends Flags>(t: Transition<S, F>, state: { status: S; flags: F }): Outcome<S, F> {
  if (!t.from.includes(state.status)) return { ok: false, reason: t.conflict };
  if (t.when && Object.entries(t.when.flags).some(([k, v]) => state.flags[k] !== v)) return { ok: false, reason: t.when.otherwise };
  return { ok: true, status: t.to ?? state.status, flags: { ...state.flags, ...t.set } as F, closes: t.closes ?? false };
}

