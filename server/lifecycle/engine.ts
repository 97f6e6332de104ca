import type { DbOrTx } from "../../db/client.ts";
import { appendAudit } from "../audit/service.ts";
import { nowOf } from "../clock/clock.ts";
import type { AppDeps } from "../http/env.ts";
import { conflict, invalid } from "../http/errors.ts";
import type { Actor, Scope } from "../scope/actor.ts";
import { decide, type Flags, type Outcome, type Transition } from "./transitions.ts";

/**
 * The lifecycle engine (DESIGN §2): a workflow's transitions are data, and one executor runs any of them — the
 * row read through the caller's scope, the transition checked, a conditional update, the event row and the
 * audit entry in one transaction, the announcement after commit. Orders and alerts run on it; so will field
 * tasks, complaints and ledger corrections.
 */
export interface StepInput {
  note: string | null;
  /** already in the media store (content-addressed, so a rolled-back step leaves no dangling row) */
  photos: ReadonlyArray<{ key: string; sha256: string; contentType: string; bytes: number }>;
}

export interface Workflow<Row, S extends string, F extends Flags, A extends string> {
  /** the audit target type and action prefix, e.g. "order" → order.accept */
  entity: string;
  transitions: Record<A, Transition<S, F>>;
  load(tx: DbOrTx, scope: Scope, id: string): Promise<Row>;
  stateOf(row: Row): { status: S; flags: F };
  /** the conditional update from the state read; null when a concurrent step moved the row first */
  move(tx: DbOrTx, row: Row, outcome: Extract<Outcome<S, F>, { ok: true }>, now: number): Promise<Record<string, unknown> | null>;
  /** the conflict reason for a lost race */
  stale: string;
  /** the timeline event (and its evidence) in the same transaction; returns its id and what the audit entry records */
  record(tx: DbOrTx, row: Row, step: { action: A; transition: Transition<S, F>; actor: Actor; input: StepInput; now: number; patch: Record<string, unknown> }): Promise<{ eventId: string; change: unknown }>;
  /** after commit, never awaited by the caller (the bus's publish) */
  announce(deps: AppDeps, id: string, eventId: string): void;
}

/** Refused before anything is stored, e.g. a submission's photos: a wrong status answers 409 without a write. */
export function check<Row, S extends string, F extends Flags, A extends string>(w: Workflow<Row, S, F, A>, row: Row, action: A) {
  const outcome = decide(w.transitions[action], w.stateOf(row));
  if (!outcome.ok) throw conflict(outcome.reason);
}

export async function runTransition<Row, S extends string, F extends Flags, A extends string>(
  deps: AppDeps,
  w: Workflow<Row, S, F, A>,
  caller: { scope: Scope; actor: Actor },
  id: string,
  action: A,
  input: StepInput,
): Promise<string> {
  const transition = w.transitions[action];
  for (const need of transition.requires ?? []) {
    if (need === "note" && !input.note) throw invalid("validation_failed", [{ path: "note", message: "required" }]);
    if (need === "photos" && !input.photos.length) throw invalid("file_required", [{ path: "photos", message: "required" }]);
  }
  const now = nowOf(deps);
  const eventId = await deps.db.transaction(async (tx) => {
    const row = await w.load(tx, caller.scope, id);
    const outcome = decide(transition, w.stateOf(row));
    if (!outcome.ok) throw conflict(outcome.reason);
    const patch = await w.move(tx, row, outcome, now);
    if (!patch) throw conflict(w.stale);
    const { eventId, change } = await w.record(tx, row, { action, transition, actor: caller.actor, input, now, patch });
    await appendAudit(tx, { actorId: caller.actor.userId, action: `${w.entity}.${action}`, targetType: w.entity, targetId: id, change }, now);
    return eventId;
  });
  w.announce(deps, id, eventId);
  return eventId;
}
