import { and, desc, eq, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alertEvents, alertOccurrences, alerts } from "../../db/schema/index.ts";
import { mintOpsToken } from "../../media/tokens.ts";
import { REGION_ROLES } from "../auth/permissions.ts";
import { newId } from "../auth/tokens.ts";
import { opsOrgRoom, opsRegionRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { currentLang, errorMessage } from "../http/i18n.ts";
import { scopedLists } from "../scope/lists.ts";
import { imageResponse } from "../http/images.ts";
import { keyset } from "../http/pagination.ts";
import { check, runTransition } from "../lifecycle/engine.ts";
import { decodeImage } from "../media-store/decode.ts";
import { mediaStoreOf, sniffImage } from "../media-store/store.ts";
import type { ActorMembership, Scope } from "../scope/actor.ts";
import { type AcknowledgedAlerts, type AlertDetail, type AlertPage, type AlertsQuery, type AlertSummary, MAX_DISPOSAL_PHOTO_BYTES, type OpsTokens } from "./contracts.ts";
import type { AlertAction } from "./rules.ts";
import { alertDetail, alertInScope, type AlertRow, alertViews, selectAlertPage } from "./view.ts";
import { alertWorkflow } from "./workflow.ts";

/** What people do with alerts: the inbox and its change feed, the images, the ops-room tokens, the disposal steps. */

export async function getAlert(deps: AppDeps, scope: Scope, id: string): Promise<AlertDetail> {
  return alertDetail(deps.db, await alertInScope(deps.db, scope, id), nowOf(deps));
}

/** The inbox's order (newest first) and the change feed's (oldest change first): keyset cursors like every list. */
export const newestFirst = keyset("desc", [alerts.occurredAt, alerts.id], (r: { alert: Pick<AlertRow, "occurredAt" | "id"> }) => [r.alert.occurredAt, r.alert.id]);
const changeFeed = keyset("asc", [alerts.updatedAt, alerts.id], (r: { alert: Pick<AlertRow, "updatedAt" | "id"> }) => [r.alert.updatedAt, r.alert.id]);

/** A page of the inbox with where the change feed stands, or (with `since`) what changed after a syncCursor. */
export async function listAlerts(deps: AppDeps, scope: Scope, q: AlertsQuery): Promise<AlertPage> {
  const { db } = deps;
  const now = nowOf(deps);
  const filters: Array<SQL | undefined> = [
    q.type ? eq(alerts.type, q.type) : undefined,
    q.status ? eq(alerts.status, q.status) : undefined,
    q.open === "1" ? isNull(alerts.closedAt) : undefined,
    q.canteenId ? eq(alerts.canteenId, q.canteenId) : undefined,
    q.from ? gte(alerts.occurredAt, Date.parse(q.from)) : undefined,
    q.to ? lte(alerts.occurredAt, Date.parse(q.to)) : undefined,
  ];
  if (q.since) {
    const rows = await selectAlertPage(db, scope, ...filters, changeFeed.after(q.since)).orderBy(...changeFeed.orderBy).limit(q.limit);
    const last = rows[rows.length - 1];
    return { items: await alertViews(db, rows, now), nextCursor: null, syncCursor: last ? changeFeed.cursorOf(last) : q.since };
  }
  // where the change feed stands for these filters, so a client that reconnects asks only for what changed;
  // read before the page, so a change committed in between is caught up later rather than lost
  const [head] = await selectAlertPage(db, scope, ...filters).orderBy(desc(alerts.updatedAt), desc(alerts.id)).limit(1);
  const rows = await selectAlertPage(db, scope, ...filters, newestFirst.after(q.cursor)).orderBy(...newestFirst.orderBy).limit(q.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, q.limit);
  return { items: await alertViews(db, page, now), nextCursor, syncCursor: changeFeed.cursorOf(head ?? { alert: { updatedAt: 0, id: "" } }) };
}

/** The alert's snapshot (with the gateway's boxes drawn in). */
export async function alertSnapshot(deps: AppDeps, scope: Scope, id: string) {
  const { alert } = await alertInScope(deps.db, scope, id);
  const bytes = alert.snapshotKey ? await mediaStoreOf(deps).get(alert.snapshotKey) : null;
  if (!bytes) throw notFound();
  return imageResponse(bytes, "image/jpeg", alert.snapshotSha256);
}

/** The photo a school attached to one step of the alert. */
export async function alertEventPhoto(deps: AppDeps, scope: Scope, id: string, eventId: string) {
  await alertInScope(deps.db, scope, id);
  const [event] = await deps.db.select().from(alertEvents).where(and(eq(alertEvents.id, eventId), eq(alertEvents.alertId, id)));
  const bytes = event?.photoKey ? await mediaStoreOf(deps).get(event.photoKey) : null;
  if (!bytes) throw notFound();
  return imageResponse(bytes, sniffImage(bytes) ?? "application/octet-stream", event.photoSha256);
}

/** The ops room a membership listens to: a region role its region's, anyone else their own org's. */
const opsRoomOf = (m: ActorMembership) => (REGION_ROLES.includes(m.role) ? opsRegionRoom(m.regionCode) : opsOrgRoom(m.orgId));

/** Receive-only tokens for every ops room of the caller's memberships. */
export async function opsTokens({ deps, scope, actor }: Caller): Promise<OpsTokens> {
  const livekit = deps.config.livekit;
  if (!livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  const rooms = [...new Set(scope.memberships.map(opsRoomOf))];
  // one identity per token: the same user may watch in two tabs
  const identity = `ops-${actor.userId}-${newId("t").slice(2)}`;
  const minted = await Promise.all(
    rooms.map(async (room) => {
      const m = await mintOpsToken({ apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, identity, name: actor.displayName, room });
      return { room, token: m.token, identity, expiresAt: toIso(m.expiresAt) };
    }),
  );
  return { url: livekit.publicUrl, rooms: minted };
}

/** One step of the disposal workflow on the lifecycle engine, answered with the alert's detail. */
export async function stepAlert(caller: Caller, id: string, action: AlertAction, note: string | null): Promise<AlertDetail> {
  await runTransition(caller.deps, alertWorkflow, caller, id, action, { note, photos: [] });
  return alertDetail(caller.deps.db, await alertInScope(caller.deps.db, caller.scope, id), nowOf(caller.deps));
}

/** The school's disposal with its photo: checked (size, kind, scope, step) before the photo lands in the store. */
export async function disposeAlert(caller: Caller, id: string, note: string, photoBase64: string): Promise<AlertDetail> {
  const bytes = new Uint8Array(Buffer.from(photoBase64, "base64"));
  if (bytes.byteLength > MAX_DISPOSAL_PHOTO_BYTES) throw new ApiError("payload_too_large", "photo_too_large");
  const image = decodeImage(bytes);
  if (!image) throw new ApiError("unsupported_media_type", "photo_not_image");
  const found = await alertInScope(caller.deps.db, caller.scope, id);
  check(alertWorkflow, found, "dispose");
  const stored = await mediaStoreOf(caller.deps).put(bytes, image.contentType, "evidence");
  await runTransition(caller.deps, alertWorkflow, caller, id, "dispose", { note, photos: [stored] });
  return alertDetail(caller.deps.db, await alertInScope(caller.deps.db, caller.scope, id), nowOf(caller.deps));
}

/** The snapshot of one detection folded into the alert. */
export async function occurrenceSnapshot(deps: AppDeps, scope: Scope, id: string, occurrenceId: string) {
  await alertInScope(deps.db, scope, id);
  const [occ] = await deps.db.select().from(alertOccurrences).where(and(eq(alertOccurrences.id, occurrenceId), eq(alertOccurrences.alertId, id)));
  const bytes = occ ? await mediaStoreOf(deps).get(occ.snapshotKey) : null;
  if (!bytes) throw notFound();
  return imageResponse(bytes, "image/jpeg", occ!.snapshotSha256);
}

/**
 * 签收 several alerts: each its own step on the engine (its own transaction, event and audit entry), so one
 * that someone else just acknowledged is reported, not a reason to refuse the rest.
 */
export async function acknowledgeAlerts(caller: Caller, ids: string[], note: string | null): Promise<AcknowledgedAlerts> {
  const acknowledged: string[] = [];
  const refused: AcknowledgedAlerts["refused"] = [];
  for (const id of [...new Set(ids)]) {
    try {
      await runTransition(caller.deps, alertWorkflow, caller, id, "acknowledge", { note, photos: [] });
      acknowledged.push(id);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      refused.push({ id, code: err.code, message: errorMessage(err.code, currentLang(), err.reason) });
    }
  }
  return { acknowledged, refused };
}

/** Counts of what waits in the caller's jurisdiction, for the navigation's badges. */
export async function alertSummary(deps: AppDeps, scope: Scope): Promise<AlertSummary> {
  const now = nowOf(deps);
  const countIf = (cond: SQL) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const [row] = await scopedLists(deps.db, scope).alerts(
    {
      new: countIf(sql`${alerts.status} = 'new'`),
      acknowledged: countIf(sql`${alerts.status} = 'acknowledged'`),
      disposed: countIf(sql`${alerts.status} = 'disposed'`),
      fpProposed: countIf(sql`${alerts.fpProposed} = 1 and ${alerts.closedAt} is null`),
      escalated: countIf(sql`${alerts.closedAt} is null and ${alerts.status} in ('new', 'acknowledged') and ${alerts.deadlineAt} < ${now}`),
    },
    isNull(alerts.closedAt),
  );
  return { new: Number(row?.new ?? 0), acknowledged: Number(row?.acknowledged ?? 0), disposed: Number(row?.disposed ?? 0), fpProposed: Number(row?.fpProposed ?? 0), escalated: Number(row?.escalated ?? 0) };
}
