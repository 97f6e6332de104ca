import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { sensorCycles } from "../../db/schema/index.ts";

/**
 * A 消毒台账 entry filled from a cabinet's cycle (its draft: the same start and end) is linked to that cycle, inside the
 * entry's own transaction; a correction links the cycle to the new version. The entry stays the person's record: the
 * sensor only pre-filled it, and the cycles list shows which runs are in the ledger and which are not yet.
 */
export async function linkDisinfectionCycle(tx: DbOrTx, e: { entryId: string; canteenId: string; kind: string; data: unknown }): Promise<void> {
  if (e.kind !== "disinfection") return;
  const { startAt, endAt } = e.data as { startAt?: string; endAt?: string };
  const start = Date.parse(startAt ?? "");
  const end = Date.parse(endAt ?? "");
  if (!Number.isFinite(start) || !Number.isFinite(end)) return;
  await tx.update(sensorCycles).set({ ledgerEntryId: e.entryId }).where(and(eq(sensorCycles.canteenId, e.canteenId), eq(sensorCycles.startAt, start), eq(sensorCycles.endAt, end)));
}
