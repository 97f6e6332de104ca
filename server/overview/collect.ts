import { and, asc, between, eq, gte, inArray, lt, lte, notInArray, sql } from "drizzle-orm";
import { alerts, cameras, cameraStatusEvents, canteenRatings, canteens, complaints, orders, orgs } from "../../db/schema/index.ts";
import { REGULATOR_INSPECTION_KINDS, SYSTEM_ALERT_TYPES } from "../contracts/enums.ts";
import type { AppDeps } from "../http/env.ts";
import { completenessOverview } from "../ledgers/completeness.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import type { Area } from "./area.ts";
import { type CameraRate, cameraRate, DEFAULT_BLIP_MS, type StatusEvent } from "./online-rate.ts";
import type { OverviewPeriod } from "./period.ts";

/**
 * The raw figures of an area for a period, per school (org) and per canteen, read through the scoped lists: the
 * school canteens, their cameras and each camera's rate from its transitions, AI alerts, orders, complaints and ratings of
 * the period, regulators' patrols of the semester, and the ledgers' completeness (issue 14's rollups). figures.ts
 * adds them up for any grouping, so the whole, its rows and the monthly report come from the same numbers.
 */

export interface CanteenRow { canteenId: string; canteenName: string; orgId: string; orgName: string; regionCode: string; platform: boolean; video: boolean; patrolled: boolean; ledgerDue: number; ledgerDone: number }
export interface CameraFig { id: string; name: string; canteenId: string; orgId: string; status: "online" | "offline" | "unknown"; rate: CameraRate }
export interface AlertAgg { total: number; open: number; onTime: number; overdue: number; falsePositive: number }
export interface OrderAgg { issued: number; open: number; overdue: number; closed: number; closedOnTime: number }
export interface ComplaintAgg { total: number; open: number; overdue: number; answered: number }
/** the public page's ratings: how many, and the sum of their stars (averages are taken after adding up) */
export interface RatingAgg { count: number; stars: number }
export interface Collected {
  canteens: CanteenRow[];
  cameras: CameraFig[];
  alerts: Map<string, AlertAgg>;
  orders: Map<string, OrderAgg>;
  complaints: Map<string, ComplaintAgg>;
  ratings: Map<string, RatingAgg>;
  /** each camera's recorded time in the period's days (issue 19: 录像完整率), ms; absent: nothing recorded */
  recorded: Map<string, number>;
  /** the period's time so far (up to now), ms: what a camera recording all along would have */
  recordableMs: number;
}

/** ids per statement: well under SQLite's bound-parameter limit, few round trips at province scale */
const CHUNK = 5000;
const REGULATOR_KINDS = sql.raw(`(${REGULATOR_INSPECTION_KINDS.map((k) => `'${k}'`).join(", ")})`);
const n = (v: unknown) => Number(v ?? 0);

/**
 * Each camera's transitions: the last one at or before the period's start (the state it starts in, one index seek
 * per camera on (camera_id, at)), then those inside the period up to the horizon.
 */
async function eventsOf(deps: AppDeps, ids: string[], start: number, horizon: number) {
  const out = new Map<string, StatusEvent[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const list = sql.join(ids.slice(i, i + CHUNK).map((id) => sql`${id}`), sql`, `);
    const first = await deps.db.all<{ camera_id: string; status: StatusEvent["status"]; at: number }>(
      sql`select camera_id, status, at from (select camera_id, status, at, row_number() over (partition by camera_id order by at desc) rn from camera_status_events where camera_id in (${list}) and at <= ${start}) where rn = 1`,
    );
    for (const r of first) out.set(r.camera_id, [{ status: r.status, at: Number(r.at) }]);
    const rows = await deps.db.all<{ camera_id: string; status: StatusEvent["status"]; at: number }>(
      sql`select camera_id, status, at from camera_status_events where camera_id in (${list}) and at > ${start} and at <= ${horizon} order by camera_id, at`,
    );
    for (const r of rows) (out.get(r.camera_id) ?? out.set(r.camera_id, []).get(r.camera_id)!).push({ status: r.status, at: Number(r.at) });
  }
  return out;
}

/** Each camera's recorded time over the period's China days (recording_days, one seek per camera on its key). */
async function recordedOf(deps: AppDeps, ids: string[], period: OverviewPeriod) {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const list = sql.join(ids.slice(i, i + CHUNK).map((id) => sql`${id}`), sql`, `);
    const rows = await deps.db.all<{ camera_id: string; ms: number }>(
      sql`select camera_id, sum(recorded_ms) ms from recording_days where camera_id in (${list}) and day >= ${period.from} and day <= ${period.to} group by camera_id`,
    );
    for (const r of rows) out.set(r.camera_id, Number(r.ms));
  }
  return out;
}

export async function collect(deps: AppDeps, scope: Scope, area: Area, period: OverviewPeriod, semester: { start: number; end: number }, now: number): Promise<Collected> {
  const lists = scopedLists(deps.db, scope);
  const where = [
    between(orgs.regionCode, area.range[0], area.range[1]),
    eq(orgs.kind, "school"),
    area.school ? eq(orgs.id, area.school.id) : undefined,
    area.orgIds ? inArray(orgs.id, [...area.orgIds]) : undefined,
  ];
  const inPeriod = <C extends typeof alerts.occurredAt | typeof orders.issuedAt | typeof complaints.createdAt | typeof canteenRatings.createdAt>(col: C) => and(gte(col, period.start), lt(col, period.end));

  const canteenQ = lists.canteens(
    {
      canteenId: canteens.id, canteenName: canteens.name, orgId: orgs.id, orgName: orgs.name, regionCode: orgs.regionCode,
      platform: sql<number>`exists (select 1 from gateways g where g.canteen_id = ${canteens.id} and g.revoked_at is null)`,
      video: sql<number>`exists (select 1 from cameras c where c.canteen_id = ${canteens.id})`,
      // the same test as patrol coverage (server/patrol/coverage.ts): a regulator's ended inspection in the semester
      patrolled: sql<number>`exists (select 1 from inspections i where i.canteen_id = ${canteens.id} and i.status = 'ended' and i.ended_at >= ${semester.start} and i.ended_at < ${semester.end} and i.kind in ${REGULATOR_KINDS})`,
    },
    ...where,
  );
  const cameraQ = lists.cameras({ id: cameras.id, name: cameras.name, canteenId: cameras.canteenId, orgId: orgs.id, status: cameras.status }, ...where);
  const disposedAt = sql`(select min(ae.at) from alert_events ae where ae.alert_id = ${alerts.id} and ae.action = 'disposed')`;
  const alertQ = lists
    .alerts(
      {
        orgId: alerts.orgId,
        total: sql<number>`count(*)`,
        open: sql<number>`sum(${alerts.status} in ('new', 'acknowledged'))`,
        onTime: sql<number>`sum(${alerts.status} <> 'false_positive' and ${disposedAt} is not null and ${disposedAt} <= ${alerts.deadlineAt})`,
        overdue: sql<number>`sum(${alerts.status} <> 'false_positive' and ((${disposedAt} is not null and ${disposedAt} > ${alerts.deadlineAt}) or (${disposedAt} is null and ${alerts.status} in ('new', 'acknowledged') and ${alerts.deadlineAt} < ${now})))`,
        falsePositive: sql<number>`sum(${alerts.status} = 'false_positive')`,
      },
      ...where, inPeriod(alerts.occurredAt), notInArray(alerts.type, [...SYSTEM_ALERT_TYPES]),
    )
    .groupBy(alerts.orgId);
  const orderQ = lists
    .orders(
      {
        orgId: orgs.id,
        issued: sql<number>`count(*)`,
        open: sql<number>`sum(${orders.status} not in ('accepted', 'closed'))`,
        overdue: sql<number>`sum(${orders.overdue})`,
        closed: sql<number>`sum(${orders.status} in ('accepted', 'closed'))`,
        closedOnTime: sql<number>`sum(${orders.status} in ('accepted', 'closed') and ${orders.overdue} = 0)`,
      },
      ...where, inPeriod(orders.issuedAt),
    )
    .groupBy(orgs.id);
  const complaintQ = lists
    .complaints(
      {
        orgId: orgs.id,
        total: sql<number>`count(*)`,
        open: sql<number>`sum(${complaints.status} = 'open')`,
        overdue: sql<number>`sum(${complaints.status} = 'open' and ${complaints.deadlineAt} < ${now})`,
        answered: sql<number>`sum(${complaints.status} in ('answered', 'closed'))`,
      },
      ...where, inPeriod(complaints.createdAt),
    )
    .groupBy(orgs.id);
  // counted like complaints: the period's, per school
  const ratingQ = lists
    .ratings({ orgId: orgs.id, count: sql<number>`count(*)`, stars: sql<number>`sum(${canteenRatings.stars})` }, ...where, inPeriod(canteenRatings.createdAt))
    .groupBy(orgs.id);
  const [canteenRows, cameraRows, alertRows, orderRows, complaintRows, ratingRows, ledgers] = await Promise.all([
    canteenQ, cameraQ, alertQ, orderQ, complaintQ, ratingQ,
    completenessOverview(deps, scope, { regionCode: area.regionCode, from: period.from, to: period.to }),
  ]);

  // an outage running past the period's end is judged by its whole length: read on past the end by one blip
  const horizon = Math.min(now, period.end + DEFAULT_BLIP_MS);
  const cameraIds = cameraRows.map((c) => c.id);
  const [events, recorded] = await Promise.all([eventsOf(deps, cameraIds, period.start, horizon), recordedOf(deps, cameraIds, period)]);
  const ledgerBy = new Map(ledgers.canteens.map((c) => [c.canteenId, c]));
  return {
    canteens: canteenRows.map((c) => ({ ...c, platform: !!c.platform, video: !!c.video, patrolled: !!c.patrolled, ledgerDue: ledgerBy.get(c.canteenId)?.due ?? 0, ledgerDone: ledgerBy.get(c.canteenId)?.done ?? 0 })),
    cameras: cameraRows.map((c) => ({ ...c, rate: cameraRate(events.get(c.id) ?? [], period, { horizon }) })),
    alerts: new Map(alertRows.map((r) => [r.orgId, { total: n(r.total), open: n(r.open), onTime: n(r.onTime), overdue: n(r.overdue), falsePositive: n(r.falsePositive) }])),
    orders: new Map(orderRows.map((r) => [r.orgId, { issued: n(r.issued), open: n(r.open), overdue: n(r.overdue), closed: n(r.closed), closedOnTime: n(r.closedOnTime) }])),
    complaints: new Map(complaintRows.map((r) => [r.orgId, { total: n(r.total), open: n(r.open), overdue: n(r.overdue), answered: n(r.answered) }])),
    ratings: new Map(ratingRows.map((r) => [r.orgId, { count: n(r.count), stars: n(r.stars) }])),
    recorded,
    recordableMs: Math.max(0, Math.min(now, period.end) - period.start),
  };
}
