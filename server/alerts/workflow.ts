import { and, eq } from "drizzle-orm";
import { alertEvents, alerts } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import type { Workflow } from "../lifecycle/engine.ts";
import type { AlertStatus } from "./contracts.ts";
import { ALERT_TRANSITIONS, type AlertAction } from "./rules.ts";
import { pushAlerts } from "./push.ts";
import { alertInScope, nextAlertStamp } from "./view.ts";

type Row = Awaited<ReturnType<typeof alertInScope>>;

/** The disposal workflow on the lifecycle engine (rules.ts holds the transitions). */
export const alertWorkflow: Workflow<Row, AlertStatus, { fpProposed: boolean }, AlertAction> = {
  entity: "alert",
  transitions: ALERT_TRANSITIONS,
  load: alertInScope,
  stateOf: ({ alert }) => ({ status: alert.status, flags: { fpProposed: alert.fpProposed } }),
  async move(tx, { alert }, outcome, now) {
    // stamped after every committed change, so clients catching up by cursor miss nothing (nextAlertStamp)
    const patch = { status: outcome.status, fpProposed: outcome.flags.fpProposed, updatedAt: await nextAlertStamp(tx, now), ...(outcome.closes ? { closedAt: now } : {}) };
    const done = await tx
      .update(alerts)
      .set(patch)
      .where(and(eq(alerts.id, alert.id), eq(alerts.status, alert.status), eq(alerts.fpProposed, alert.fpProposed)))
      .returning({ id: alerts.id });
    return done.length ? patch : null;
  },
  stale: "alert_changed",
  async record(tx, { alert }, { transition, actor, input, now, patch }) {
    const photo = input.photos[0];
    const event = { id: newId("ae"), alertId: alert.id, action: transition.event as (typeof alertEvents.$inferInsert)["action"], actorId: actor.userId, at: now, note: input.note, photoKey: photo?.key ?? null, photoSha256: photo?.sha256 ?? null };
    await tx.insert(alertEvents).values(event);
    return { eventId: event.id, change: { ...patch, note: input.note, photoSha256: event.photoSha256 } };
  },
  announce: (deps, id) => pushAlerts(deps, "alert.updated", [id]),
};
