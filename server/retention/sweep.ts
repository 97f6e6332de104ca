import { sql } from "drizzle-orm";
import { type AppDeps, nowOf } from "../http/env.ts";
import { RETENTION_BATCH, retentionCutoffs } from "./rules.ts";

/**
 * The retention sweep (rules.ts says what goes). Idempotent and safe on every instance at once: each round deletes
 * only rows past their cut, in short batches, and a row two instances both pick is simply gone for the second.
 * Returns how many rows of each kind this call deleted.
 */
export async function sweepRetention(deps: AppDeps) {
  const { cameraEventsBefore, sessionsEndedBefore } = retentionCutoffs(nowOf(deps), deps.config.retention);
  // every event before the cut but each camera's latest one before it (the state the camera was in at the cut)
  const cameraEvents = await inBatches(deps, sql`delete from camera_status_events where rowid in (
      select e.rowid from camera_status_events e
      where e.at < ${cameraEventsBefore}
        and exists (select 1 from camera_status_events later
                    where later.camera_id = e.camera_id and later.at < ${cameraEventsBefore}
                      and (later.at > e.at or (later.at = e.at and later.id > e.id)))
      limit ${RETENTION_BATCH})`);
  const sessions = await inBatches(deps, sql`delete from auth_sessions where rowid in (
      select rowid from auth_sessions where coalesce(min(expires_at, revoked_at), expires_at) < ${sessionsEndedBefore} limit ${RETENTION_BATCH})`);
  return { cameraEvents, sessions };
}

async function inBatches(deps: AppDeps, statement: ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    // a short batch: other writers take their turns between batches (on an embedded file, db/write-turns.ts)
    const result = await deps.db.run(statement);
    total += result.rowsAffected;
    if (result.rowsAffected < RETENTION_BATCH) return total;
  }
}
