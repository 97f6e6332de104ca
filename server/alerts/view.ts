import { and, count, desc, type SQL, eq, gt, inArray, max, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alertOccurrences, alerts, cameras, canteens, orgs, users } from "../../db/schema/index.ts";
import { type Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import type { AlertType } from "./ingest-contracts.ts";
import { type Alert, type AlertDetail, alertOccurrenceSnapshotUrl, RECENT_OCCURRENCES } from "./contracts.ts";
import { FP_WINDOW_DAYS, fpRateOf } from "./rules.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { notFound } from "../http/errors.ts";

/**
 * Alert records shared by the gateway's ingest, the heartbeat (camera_offline), the people's API and the
 * escalation sweep: views with their false-positive rates, scoped loads, and the change-feed stamp.
 */
export type AlertRow = typeof alerts.$inferSelect;
type Joined = { alert: AlertRow; cameraName: string | null; canteenName: string; orgName: string; regionCode: string };

/** Alerts with the names their cards show, through the caller's scope (SYSTEM: the server's own reads). */
const alertsOf = (lists: ReturnType<typeof scopedLists>, filters: Array<SQL | undefined>) =>
  lists
    .alerts({ alert: alerts, cameraName: cameras.name, canteenName: canteens.name, orgName: orgs.name, regionCode: orgs.regionCode }, ...filters)
    // a ledger's alert (a positive 农残快检) has no camera
    .leftJoin(cameras, eq(cameras.id, alerts.cameraId))
    .innerJoin(canteens, eq(canteens.id, alerts.canteenId));
export const selectAlerts = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) => alertsOf(scopedLists(db, scope), filters);
/** The same, for a page of the inbox or the change feed (in the order of alerts_time_idx or alerts_updated_idx). */
export const selectAlertPage = (db: DbOrTx, scope: Scope, ...filters: Array<SQL | undefined>) => alertsOf(scopedLists(db, scope, { paged: true }), filters);

/** False positives among judged alerts per camera × type over the rule's window (FP_WINDOW_DAYS). */
export async function fpCounts(db: DbOrTx, cameraIds: string[], now: number) {
  if (!cameraIds.length) return [];
  const rows = await db
    .select({
      cameraId: alerts.cameraId,
      type: alerts.type,
      falsePositives: sum(sql`case when ${alerts.status} = 'false_positive' then 1 else 0 end`),
      judged: count(),
    })
    .from(alerts)
    .where(and(inArray(alerts.cameraId, [...new Set(cameraIds)]), inArray(alerts.status, ["verified", "false_positive"]), gt(alerts.occurredAt, now - FP_WINDOW_DAYS * 86_400_000)))
    .groupBy(alerts.cameraId, alerts.type);
  return rows.map((r) => ({ cameraId: r.cameraId, type: r.type as AlertType, falsePositives: Number(r.falsePositives ?? 0), judged: Number(r.judged) }));
}

export async function alertViews(db: DbOrTx, rows: Joined[], now: number): Promise<Alert[]> {
  const counts = await fpCounts(db, rows.flatMap((r) => (r.alert.cameraId ? [r.alert.cameraId] : [])), now);
  return rows.map(({ alert: a, cameraName, canteenName, orgName }) => {
    const c = counts.find((x) => x.cameraId === a.cameraId && x.type === a.type);
    return {
      id: a.id,
      type: a.type,
      status: a.status,
      fpProposed: a.fpProposed,
      confidence: a.confidence,
      boxes: JSON.parse(a.boxes),
      cameraId: a.cameraId,
      cameraName,
      ledgerEntryId: a.ledgerEntryId,
      canteenId: a.canteenId,
      canteenName,
      orgId: a.orgId,
      orgName,
      hasSnapshot: a.snapshotKey !== null,
      occurredAt: toIso(a.occurredAt),
      receivedAt: toIso(a.receivedAt),
      deadlineAt: toIso(a.deadlineAt),
      escalatedAt: toIsoOrNull(a.escalatedAt),
      closedAt: toIsoOrNull(a.closedAt),
      updatedAt: toIso(a.updatedAt),
      occurrences: a.occurrences,
      lastOccurredAt: toIso(a.lastOccurredAt ?? a.occurredAt),
      fpRate: { type: a.type, ...fpRateOf(c?.falsePositives ?? 0, c?.judged ?? 0) },
    };
  });
}

/** One alert through the caller's scope; out of scope answers like missing (404). */
export async function alertInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await selectAlerts(db, scope, eq(alerts.id, id));
  if (!row) throw notFound();
  return row;
}

export async function alertDetail(db: DbOrTx, row: Joined, now: number): Promise<AlertDetail> {
  const [view] = await alertViews(db, [row], now);
  const events = await db
    .select({ event: alertEvents, actorName: users.displayName })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.actorId))
    .where(eq(alertEvents.alertId, row.alert.id))
    .orderBy(alertEvents.at, sql`${alertEvents}.rowid`);
  const recent = await db
    .select()
    .from(alertOccurrences)
    .where(eq(alertOccurrences.alertId, row.alert.id))
    .orderBy(desc(alertOccurrences.occurredAt), desc(alertOccurrences.id))
    .limit(RECENT_OCCURRENCES);
  return {
    ...view!,
    events: events.map(({ event: e, actorName }) => ({
      id: e.id,
      action: e.action,
      actor: e.actorId ? { id: e.actorId, displayName: actorName ?? "" } : null,
      at: toIso(e.at),
      note: e.note,
      hasPhoto: e.photoKey !== null,
    })),
    recentOccurrences: recent.map((o) => ({ id: o.id, occurredAt: toIso(o.occurredAt), confidence: o.confidence, boxes: JSON.parse(o.boxes), snapshotUrl: alertOccurrenceSnapshotUrl(row.alert.id, o.id) })),
  };
}

/** Loads alerts by id for a push (no scope: the push goes to the rooms of the alert's own school). */
export async function alertsById(db: DbOrTx, ids: string[]) {
  return ids.length ? selectAlerts(db, SYSTEM, inArray(alerts.id, ids)) : [];
}

/**
 * The updated_at of an alert written now: the clock, but always later than every change already committed.
 * Clients catch up by an (updated_at, id) cursor; with stamps that grow in commit order, no change can commit
 * behind a cursor a client already holds (two writes in one millisecond, or a slow transaction with an early
 * clock reading, would otherwise slip past it). Call inside the write transaction, which holds SQLite's lock.
 */
export async function nextAlertStamp(tx: DbOrTx, now: number): Promise<number> {
  const [row] = await tx.select({ last: max(alerts.updatedAt) }).from(alerts);
  return Math.max(now, (row?.last ?? 0) + 1);
}

