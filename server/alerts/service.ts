import { and, count, type SQL, eq, gt, inArray, isNull, lt, max, sql, sum } from "drizzle-orm";
import { opsOrgRoom, opsRegionRoom } from "../bus/rooms.ts";
import type { DbOrTx } from "../../db/client.ts";
import { alertEvents, alerts, cameras, canteens, orgs, users } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { type Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import type { AlertType } from "./ingest-contracts.ts";
import { type Alert, ALERT_TOPIC, type AlertDetail, type AlertMessage } from "./contracts.ts";
import { FP_WINDOW_DAYS, fpRateOf, UNDISPOSED_STATUSES } from "./rules.ts";
import { announcement, publishLater } from "../bus/publish.ts";
import { regionLadder } from "../orgs/region-ladder.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { notFound } from "../http/errors.ts";
import { type AppDeps, nowOf } from "../http/env.ts";

/**
 * Alert records shared by the gateway's ingest, the heartbeat (camera_offline), the people's API and the
 * escalation sweep: views with their false-positive rates, scoped loads, and the push to ops rooms.
 */
export type AlertRow = typeof alerts.$inferSelect;
type Joined = { alert: AlertRow; cameraName: string; canteenName: string; orgName: string; regionCode: string };

/** Alerts with the names their cards show, through the caller's scope (SYSTEM: the server's own reads). */
export const selectAlerts = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope)
    .alerts({ alert: alerts, cameraName: cameras.name, canteenName: canteens.name, orgName: orgs.name, regionCode: orgs.regionCode }, ...filters)
    .innerJoin(cameras, eq(cameras.id, alerts.cameraId))
    .innerJoin(canteens, eq(canteens.id, alerts.canteenId));

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
  const counts = await fpCounts(db, rows.map((r) => r.alert.cameraId), now);
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
  };
}

/** Loads alerts by id for a push (no scope: the push goes to the rooms of the alert's own school). */
export async function alertsById(db: DbOrTx, ids: string[]) {
  return ids.length ? selectAlerts(db, SYSTEM, inArray(alerts.id, ids)) : [];
}

/**
 * Sends alerts to the ops rooms of their school and of every region above it, at once and in parallel. The
 * alert is already persisted: a LiveKit hiccup is logged, and clients catch up by cursor on reconnect.
 */
export function pushAlerts(deps: AppDeps, kind: AlertMessage["kind"], ids: string[]): void {
  const bus = deps.livekit;
  if (!bus || !ids.length) return;
  publishLater(deps, async () => {
    const rows = await alertsById(deps.db, ids);
    const views = await alertViews(deps.db, rows, nowOf(deps));
    const sends = rows.flatMap((row, i) =>
      [opsOrgRoom(row.alert.orgId), ...regionLadder(row.regionCode).map(opsRegionRoom)].map((room) => announcement(room, "alert", { kind, alert: views[i]! })),
    );
    // only rooms someone is in: a send to an empty room holds a request open until LiveKit's timeout, and nobody would hear it
    let live: Set<string> | null = null;
    try {
      live = bus.activeRooms ? new Set(await bus.activeRooms([...new Set(sends.map((s) => s.room))])) : null;
    } catch (err) {
      console.warn(`[api] could not list ops rooms: ${(err as Error).message}`);
    }
    return sends.filter((s) => !live || live.has(s.room));
  });
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

/**
 * camera_offline alerts from the heartbeat's transitions (inside its transaction): an offline camera raises
 * one unless one is still open; a camera back online closes its open one. Returns the ids to push.
 */
export async function cameraOfflineAlerts(
  tx: DbOrTx,
  gatewayId: string,
  changes: ReadonlyArray<{ cameraId: string; to: "online" | "offline"; reason: string | null }>,
  now: number,
  deadlineMinutes: number,
): Promise<{ raised: string[]; closed: string[] }> {
  const raised: string[] = [];
  const closed: string[] = [];
  for (const ch of changes) {
    const open = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.cameraId, ch.cameraId), eq(alerts.type, "camera_offline"), isNull(alerts.closedAt)));
    if (ch.to === "offline" && !open.length) {
      const [cam] = await tx.select({ canteenId: cameras.canteenId, orgId: canteens.orgId }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(cameras.id, ch.cameraId));
      const id = newId("alr");
      await tx.insert(alerts).values({
        id,
        gatewayId,
        cameraId: ch.cameraId,
        canteenId: cam!.canteenId,
        orgId: cam!.orgId,
        type: "camera_offline",
        confidence: 1,
        boxes: "[]",
        occurredAt: now,
        receivedAt: now,
        deadlineAt: now + deadlineMinutes * 60_000,
        idempotencyKey: `offline-${id}`,
        updatedAt: await nextAlertStamp(tx, now),
      });
      await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: now, note: ch.reason });
      await appendAudit(tx, { actorId: null, action: "alert.raise", targetType: "alert", targetId: id, change: { type: "camera_offline", cameraId: ch.cameraId, reason: ch.reason } }, now);
      raised.push(id);
    }
    if (ch.to === "online") {
      for (const { id } of open) {
        // the camera is back: the alert closes itself (verified by the system, no one to dispose of it)
        await tx.update(alerts).set({ status: "verified", closedAt: now, updatedAt: await nextAlertStamp(tx, now) }).where(eq(alerts.id, id));
        await tx.insert(alertEvents).values({ id: newId("ae"), alertId: id, action: "auto_closed", actorId: null, at: now, note: null });
        await appendAudit(tx, { actorId: null, action: "alert.auto_close", targetType: "alert", targetId: id, change: { cameraId: ch.cameraId } }, now);
        closed.push(id);
      }
    }
  }
  return { raised, closed };
}

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
