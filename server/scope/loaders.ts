import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { annotations, areas, dispatchNotices, cameras, canteens, complaints, fieldTasks, gateways, memberships, orders, orgs, patrolDraws, patrolPlans, recordingClips, sensors, snapshots, users, zooms } from "../../db/schema/index.ts";
import { notFound } from "../http/errors.ts";
import type { Scope } from "./actor.ts";
import { scopedLists } from "./lists.ts";
import { cameraVisibleSql, orgInScopeSql, regionInScopeSql } from "./predicate.ts";

/**
 * Load one record by id through the caller's scope. Out of scope answers exactly like missing (404),
 * so ids from another jurisdiction leak nothing.
 */
export async function orgInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db.select().from(orgs).where(and(eq(orgs.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

export async function canteenInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ canteen: canteens, org: orgs })
    .from(canteens)
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(canteens.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

export async function areaInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ area: areas, canteen: canteens, org: orgs })
    .from(areas)
    .innerJoin(canteens, eq(canteens.id, areas.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(areas.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

export async function cameraInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ camera: cameras, canteen: canteens, org: orgs })
    .from(cameras)
    .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(cameras.id, id), cameraVisibleSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** An IoT sensor (issue 17), through its canteen's school like a camera (no parent holds sensors.read). */
export async function sensorInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ sensor: sensors, canteen: canteens, org: orgs })
    .from(sensors)
    .innerJoin(canteens, eq(canteens.id, sensors.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(sensors.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

export async function gatewayInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ gateway: gateways, canteen: canteens, org: orgs })
    .from(gateways)
    .innerJoin(canteens, eq(canteens.id, gateways.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(gateways.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** A user is visible when at least one of their memberships is in an org in scope. */
export async function userInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ user: users })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(users.id, id), orgInScopeSql(scope)))
    .limit(1);
  if (!row) throw notFound();
  return row.user;
}

/** A snapshot, through its camera (parents' camera visibility applies) and canteen. */
export async function snapshotInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ snapshot: snapshots, camera: cameras, canteen: canteens, org: orgs })
    .from(snapshots)
    .innerJoin(cameras, eq(cameras.id, snapshots.cameraId))
    .innerJoin(canteens, eq(canteens.id, snapshots.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(snapshots.id, id), cameraVisibleSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** A digital zoom (issue 17), through its camera like a snapshot. */
export async function zoomInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ zoom: zooms, camera: cameras, canteen: canteens, org: orgs })
    .from(zooms)
    .innerJoin(cameras, eq(cameras.id, zooms.cameraId))
    .innerJoin(canteens, eq(canteens.id, zooms.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(zooms.id, id), cameraVisibleSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** An order, through its canteen's school. */
export async function orderInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ order: orders, canteen: canteens, org: orgs })
    .from(orders)
    .innerJoin(canteens, eq(canteens.id, orders.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(and(eq(orders.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** An annotation, through its snapshot's scope. */
export async function annotationInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await scopedLists(db, scope).annotations({ annotation: annotations, snapshot: snapshots }, eq(annotations.id, id));
  if (!row) throw notFound();
  return row;
}

/** A 网上抽查 draw, through its region. */
export async function drawInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db.select().from(patrolDraws).where(and(eq(patrolDraws.id, id), regionInScopeSql(scope, patrolDraws.regionCode)));
  if (!row) throw notFound();
  return row;
}

/** A complaint, through its school (the canteen's org, copied onto the row). */
export async function complaintInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ complaint: complaints, canteen: canteens, org: orgs })
    .from(complaints)
    .innerJoin(canteens, eq(canteens.id, complaints.canteenId))
    .innerJoin(orgs, eq(orgs.id, complaints.orgId))
    .where(and(eq(complaints.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** A 靶向飞行 field task, through its school (the canteen's org, copied onto the row). */
export async function fieldTaskInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ task: fieldTasks, canteen: canteens, org: orgs })
    .from(fieldTasks)
    .innerJoin(canteens, eq(canteens.id, fieldTasks.canteenId))
    .innerJoin(orgs, eq(orgs.id, fieldTasks.orgId))
    .where(and(eq(fieldTasks.id, id), orgInScopeSql(scope)));
  if (!row) throw notFound();
  return row;
}

/** A yearly patrol plan, through its region. */
export async function planInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db.select().from(patrolPlans).where(and(eq(patrolPlans.id, id), regionInScopeSql(scope, patrolPlans.regionCode)));
  if (!row) throw notFound();
  return row;
}

/** A canteen by its public page's slug, for anyone (the QR code on the canteen's door): no scope, 404 when unknown. */
export async function canteenBySlug(db: DbOrTx, slug: string) {
  const [row] = await db.select({ canteen: canteens, org: orgs }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(canteens.publicSlug, slug));
  if (!row) throw notFound("page_not_found");
  return row;
}

/** An evidence clip (issue 19), through its camera (camera visibility applies) and canteen. */
export async function clipInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await scopedLists(db, scope).clips({ clip: recordingClips, camera: cameras }, eq(recordingClips.id, id));
  if (!row) throw notFound();
  return row;
}

/** A dispatch notice (issue 16, item 8): its region's regulators, or a school it was sent to. */
export async function dispatchNoticeInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await scopedLists(db, scope).dispatchNotices({ notice: dispatchNotices }, eq(dispatchNotices.id, id));
  if (!row) throw notFound();
  return row.notice;
}
