import { and, eq, sql, type SQL } from "drizzle-orm";
import type { ResultSet } from "@libsql/client";
import type { SelectedFields, SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, annotations, cameras, canteenRatings, canteens, complaints, dispatchNotices, dispatchRecipients, evidence, fieldTasks, inspections, ledgerDayRollups, memberships, orderItems, orders, orgs, patrolDraws, patrolNotices, patrolPlans, recordingClips, riskWarnings, sensorCycles, sensors, snapshots, spotChecks, viewingSessions } from "../../db/schema/index.ts";
import type { Scope } from "./actor.ts";
import { cameraVisibleSql, dispatchNoticeInScopeSql, orgInScopeForPagingSql, orgInScopeSql, regionInScopeSql } from "./predicate.ts";

/**
 * Scoped list queries: each starts from one kind of row, joins the path to its school's (or its own) org and
 * applies the caller's jurisdiction, so a domain's service selects its columns, adds filters, joins for names,
 * order and limit — and can neither forget the scope nor write the join. `where` is not offered on the result
 * (it would replace the scope condition): pass filters as the arguments. Ids out of scope are simply absent.
 */
type Filter = SQL | undefined;
type NoWhere<Q> = Omit<Q, "where">;

/** The type every list below returns: a dynamic select of the caller's fields (inner joins do not change it). */
// every table on the path is an inner join, hence "not-null" for any table the caller selects whole
type Scoped<F extends SelectedFields> = NoWhere<SQLiteSelect<string, "async", ResultSet, F, "partial", Record<string, "not-null">>>;

/**
 * "system": the server itself reading on nobody's behalf (sweeps, pushes to a school's own rooms, the public
 * verify page of a printed order) — said explicitly, so an unscoped read is visible where it happens.
 */
export const SYSTEM = "system" as const;

/**
 * The number of a canteen's cameras the caller may see (and that pass `filters`), as a column of `canteens(...)`
 * below: a correlated count, one seek on cameras_canteen_idx per canteen. A grouped join over the cameras made
 * SQLite walk every camera of a province even for one district (the food-safety map, issue 16 item 7).
 */
export function visibleCameraCount(scope: Scope | typeof SYSTEM, ...filters: Filter[]): SQL<number> {
  const where = and(scope === SYSTEM ? undefined : cameraVisibleSql(scope), ...filters);
  return sql<number>`(select count(*) from ${cameras} where ${cameras.canteenId} = ${canteens.id}${where ? sql` and ${where}` : sql``})`;
}

/**
 * `paged`: the caller reads a page in the order of an index of the list's table (an inbox, the orders list), so
 * the scope carries the planner hint of orgInScopeForPagingSql.
 */
export function scopedLists(db: DbOrTx, scope: Scope | typeof SYSTEM, options: { paged?: boolean } = {}) {
  // drizzle cannot carry a generic field list through joins in its types; the result type is restated as Scoped<F>
  const select = (fields: SelectedFields) => db.select(fields);
  const scopeSql = (s: Scope) => (options.paged ? orgInScopeForPagingSql(s) : orgInScopeSql(s));
  const inScope = (...filters: Filter[]) => and(scope === SYSTEM ? undefined : scopeSql(scope), ...filters);
  const visible = (...filters: Filter[]) => and(scope === SYSTEM ? undefined : cameraVisibleSql(scope), ...filters);
  return {
    orgs: <F extends SelectedFields>(fields: F, ...filters: Filter[]) => select(fields).from(orgs).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    canteens: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** parents see public-visible cameras only */
    cameras: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(visible(...filters)).$dynamic() as unknown as Scoped<F>,
    /** IoT sensors (issue 17) through their canteen's school */
    sensors: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(sensors).innerJoin(canteens, eq(canteens.id, sensors.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** runs of UV lamps and disinfection cabinets, through their sensor's school */
    sensorCycles: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(sensorCycles)
        .innerJoin(sensors, eq(sensors.id, sensorCycles.sensorId))
        .innerJoin(canteens, eq(canteens.id, sensors.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(inScope(...filters))
        .$dynamic() as unknown as Scoped<F>,
    /** through the snapshot's camera, so parents' camera visibility applies */
    snapshots: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(snapshots)
        .innerJoin(cameras, eq(cameras.id, snapshots.cameraId))
        .innerJoin(canteens, eq(canteens.id, snapshots.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(visible(...filters))
        .$dynamic() as unknown as Scoped<F>,
    /** evidence clips (issue 19) through their camera, so camera visibility applies as for snapshots */
    clips: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(recordingClips)
        .innerJoin(cameras, eq(cameras.id, recordingClips.cameraId))
        .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(visible(...filters))
        .$dynamic() as unknown as Scoped<F>,
    annotations: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(annotations)
        .innerJoin(snapshots, eq(snapshots.id, annotations.snapshotId))
        .innerJoin(cameras, eq(cameras.id, snapshots.cameraId))
        .innerJoin(canteens, eq(canteens.id, snapshots.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(visible(...filters))
        .$dynamic() as unknown as Scoped<F>,
    inspections: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(inspections).innerJoin(canteens, eq(canteens.id, inspections.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    orders: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(orders).innerJoin(canteens, eq(canteens.id, orders.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** an order's problems (order_items) through their order's school */
    orderItems: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .innerJoin(canteens, eq(canteens.id, orders.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(inScope(...filters))
        .$dynamic() as unknown as Scoped<F>,
    evidence: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields)
        .from(evidence)
        .innerJoin(orders, eq(orders.id, evidence.orderId))
        .innerJoin(canteens, eq(canteens.id, orders.canteenId))
        .innerJoin(orgs, eq(orgs.id, canteens.orgId))
        .where(inScope(...filters))
        .$dynamic() as unknown as Scoped<F>,
    /** alerts carry their school's org id */
    alerts: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(alerts).innerJoin(orgs, eq(orgs.id, alerts.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** 自律台账 completeness per canteen-day (issue 14), through the canteen's school */
    ledgerRollups: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(ledgerDayRollups).innerJoin(canteens, eq(canteens.id, ledgerDayRollups.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** 网上抽查 draws of a region inside the caller's jurisdiction */
    draws: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(patrolDraws).where(and(scope === SYSTEM ? undefined : regionInScopeSql(scope, patrolDraws.regionCode), ...filters)).$dynamic() as unknown as Scoped<F>,
    /** 年度巡查计划 of a region inside the caller's jurisdiction */
    plans: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(patrolPlans).where(and(scope === SYSTEM ? undefined : regionInScopeSql(scope, patrolPlans.regionCode), ...filters)).$dynamic() as unknown as Scoped<F>,
    /** a district behind its patrol plan, through the district */
    notices: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(patrolNotices).where(and(scope === SYSTEM ? undefined : regionInScopeSql(scope, patrolNotices.district), ...filters)).$dynamic() as unknown as Scoped<F>,
    /** spot checks through their canteen's school */
    spotChecks: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(spotChecks).innerJoin(canteens, eq(canteens.id, spotChecks.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** 靶向飞行 field tasks carry their school's org id */
    fieldTasks: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(fieldTasks).innerJoin(canteens, eq(canteens.id, fieldTasks.canteenId)).innerJoin(orgs, eq(orgs.id, fieldTasks.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** red warnings (issue 16 item 6) through their canteen's school */
    riskWarnings: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(riskWarnings).innerJoin(canteens, eq(canteens.id, riskWarnings.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** complaints carry their school's org id */
    complaints: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(complaints).innerJoin(canteens, eq(canteens.id, complaints.canteenId)).innerJoin(orgs, eq(orgs.id, complaints.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** the public page's 1–5 ratings, through their canteen's school (they carry no org of their own) */
    ratings: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(canteenRatings).innerJoin(canteens, eq(canteens.id, canteenRatings.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** supervised viewing sessions carry their school's org id (a parent's invitation is checked by the viewing service) */
    viewingSessions: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(viewingSessions).innerJoin(canteens, eq(canteens.id, viewingSessions.canteenId)).innerJoin(orgs, eq(orgs.id, viewingSessions.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** 调度通知 (issue 16, item 8): a region's notices for its regulators, those sent to a school for the school */
    dispatchNotices: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(dispatchNotices).where(and(scope === SYSTEM ? undefined : dispatchNoticeInScopeSql(scope), ...filters)).$dynamic() as unknown as Scoped<F>,
    /** the schools a notice was sent to, through the school's org (a school sees its own receipt only) */
    dispatchRecipients: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(dispatchRecipients).innerJoin(orgs, eq(orgs.id, dispatchRecipients.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
    /** memberships in orgs in scope (a user is visible through any of them) */
    memberships: <F extends SelectedFields>(fields: F, ...filters: Filter[]) =>
      select(fields).from(memberships).innerJoin(orgs, eq(orgs.id, memberships.orgId)).where(inScope(...filters)).$dynamic() as unknown as Scoped<F>,
  };
}

// the common type of the queries above: a dynamic select of the caller's fields (joins do not change it)
const orgsQ = <F extends SelectedFields>(db: DbOrTx, fields: F) => db.select(fields).from(orgs).$dynamic();
