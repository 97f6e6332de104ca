import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alerts, canteens, ledgerEntries } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nextAlertStamp } from "./view.ts";

/** The ledger kinds whose flagged entry is an alert, and the alert it raises (issue 14: 农残快检阳性). */
const ALERTING_KINDS = { pesticide_test: "pesticide_positive" } as const;

export interface LedgerVersion {
  entryId: string;
  entryKey: string;
  canteenId: string;
  kind: string;
  flagged: boolean;
  /** what the alert's first event says (the sample and result) */
  note: string;
}

/**
 * A positive pesticide test goes to the school's and its regulators' alert inbox like a camera's alert, with the
 * same deadline and escalation — raised inside the entry's own transaction (both land or neither does). One alert
 * per entry: a correction that is still positive does not raise a second one while the first is open.
 * Returns the new alert's id, or null.
 */
export async function raiseLedgerAlert(tx: DbOrTx, v: LedgerVersion, now: number, deadlineMinutes: (type: "pesticide_positive") => number): Promise<string | null> {
  const type = ALERTING_KINDS[v.kind as keyof typeof ALERTING_KINDS];
  if (!type || !v.flagged) return null;
  const [open] = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, alerts.ledgerEntryId))
    .where(and(eq(ledgerEntries.entryKey, v.entryKey), eq(alerts.type, type), isNull(alerts.closedAt)))
    .limit(1);
  if (open) return null;
  const [canteen] = await tx.select({ orgId: canteens.orgId }).from(canteens).where(eq(canteens.id, v.canteenId));
  const id = newId("alr");
  await tx.insert(alerts).values({
    id,
    gatewayId: null,
    cameraId: null,
    ledgerEntryId: v.entryId,
    canteenId: v.canteenId,
    orgId: canteen!.orgId,
    type,
    confidence: 1,
    boxes: "[]",
    occurredAt: now,
    receivedAt: now,
    deadlineAt: now + deadlineMinutes(type) * 60_000,
    idempotencyKey: `${type}-${v.entryKey}-${id}`,
    updatedAt: await nextAlertStamp(tx, now),
  });
  await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: now, note: v.note.slice(0, 500) });
  await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { type, ledgerEntryId: v.entryId, canteenId: v.canteenId } }, now);
  return id;
}
