import { and, inArray, isNull, lt } from "drizzle-orm";
import { alertEvents, alerts } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import { UNDISPOSED_STATUSES } from "./rules.ts";
import { pushAlerts } from "./push.ts";
import { nextAlertStamp } from "./view.ts";

/**
 * The escalation sweep: every alert past its deadline and not yet disposed of is marked escalated once and
 * pushed again (kind alert.escalated) to the school and the regulators and bureaus above it. Each alert is
 * claimed with a conditional UPDATE (escalated_at IS NULL), so several API instances sweeping at the same
 * time escalate each alert exactly once. Returns the ids escalated by this call.
 */
export async function escalateOverdue(deps: AppDeps): Promise<string[]> {
  const now = nowOf(deps);
  const ids = await retryBusy(() => deps.db.transaction(async (tx) => {
    const claimed = await tx
      .update(alerts)
      .set({ escalatedAt: now, updatedAt: await nextAlertStamp(tx, now) })
      .where(and(inArray(alerts.status, [...UNDISPOSED_STATUSES]), lt(alerts.deadlineAt, now), isNull(alerts.escalatedAt), isNull(alerts.closedAt)))
      .returning({ id: alerts.id, deadlineAt: alerts.deadlineAt });
    for (const a of claimed) {
      await tx.insert(alertEvents).values({ id: newId("ae"), alertId: a.id, action: "escalated", actorId: null, at: now, note: null });
      await appendAudit(tx, { actorId: null, action: "alert.escalate", targetType: "alert", targetId: a.id, change: { deadlineAt: a.deadlineAt, escalatedAt: now } }, now);
    }
    return claimed.map((a) => a.id);
  }));
  pushAlerts(deps, "alert.escalated", ids);
  return ids;
}

/** Another instance's sweep holds the write lock: wait briefly and try again (its claims will be visible then). */
async function retryBusy<T>(fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (code !== "SQLITE_BUSY" || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 25 * i + Math.random() * 25));
    }
  }
}
