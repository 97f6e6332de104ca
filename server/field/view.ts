import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, fieldTaskEvents, fieldTaskInspectors, fieldTaskPhotos, fieldTasks, orders, orgs, users } from "../../db/schema/index.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, type SYSTEM } from "../scope/lists.ts";
import type { ChecklistItem } from "../inspections/contracts.ts";
import type { EvidenceItem, FieldTask } from "./contracts.ts";
import { isOverdue } from "./rules.ts";

/** The board's order (rules.ts STATUS_RANK, in SQL): on site, assigned, done, cancelled. */
export const statusRank = sql<number>`(case ${fieldTasks.status} when 'on_site' then 0 when 'assigned' then 1 when 'done' then 2 else 3 end)`;

export const selectTasks = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope).fieldTasks({ task: fieldTasks, canteenName: canteens.name, schoolName: orgs.name, schoolId: orgs.id, schoolRegion: orgs.regionCode, rank: statusRank }, ...filters);
export type TaskRow = Awaited<ReturnType<typeof selectTasks>>[number];

async function inspectorsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ taskId: fieldTaskInspectors.taskId, id: users.id, displayName: users.displayName })
    .from(fieldTaskInspectors)
    .innerJoin(users, eq(users.id, fieldTaskInspectors.userId))
    .where(inArray(fieldTaskInspectors.taskId, ids))
    .orderBy(users.displayName);
}

export async function summariesOf(db: DbOrTx, rows: TaskRow[], userId: string, now: number) {
  const people = await inspectorsOf(db, rows.map((r) => r.task.id));
  return rows.map(({ task: t, canteenName, schoolName }) => {
    const inspectors = people.filter((p) => p.taskId === t.id).map(({ id, displayName }) => ({ id, displayName }));
    return {
      id: t.id,
      canteenId: t.canteenId,
      canteenName,
      schoolName,
      source: { kind: t.sourceKind, id: t.sourceId },
      title: t.title,
      status: t.status,
      result: t.result,
      dueAt: toIso(t.dueAt),
      overdue: isOverdue(t, now),
      inspectors,
      mine: inspectors.some((p) => p.id === userId),
      createdAt: toIso(t.createdAt),
      completedAt: toIsoOrNull(t.completedAt),
    };
  });
}

/** `mayIssueOrder`: whether the caller's regulator has jurisdiction over the school (an order is issued in its name) */
export async function taskDetail(db: DbOrTx, row: TaskRow, userId: string, now: number, mayIssueOrder: boolean): Promise<FieldTask> {
  const [summary] = await summariesOf(db, [row], userId, now);
  const t = row.task;
  const photos = await db
    .select({ photo: fieldTaskPhotos, takenBy: users.displayName })
    .from(fieldTaskPhotos)
    .innerJoin(users, eq(users.id, fieldTaskPhotos.takenBy))
    .where(eq(fieldTaskPhotos.taskId, t.id))
    .orderBy(asc(fieldTaskPhotos.capturedAt), asc(fieldTaskPhotos.id));
  const issued = t.inspectionId ? await db.select({ id: orders.id, number: orders.number, status: orders.status }).from(orders).where(eq(orders.inspectionId, t.inspectionId)).orderBy(asc(orders.issuedAt)) : [];
  const events = await db
    .select({ event: fieldTaskEvents, actorName: users.displayName })
    .from(fieldTaskEvents)
    .leftJoin(users, eq(users.id, fieldTaskEvents.actorId))
    .where(eq(fieldTaskEvents.taskId, t.id))
    .orderBy(asc(fieldTaskEvents.at), asc(fieldTaskEvents.id));
  return {
    ...summary!,
    instructions: t.instructions,
    evidence: JSON.parse(t.evidence) as EvidenceItem[],
    checklist: t.checklist ? (JSON.parse(t.checklist) as ChecklistItem[]) : null,
    inspectionId: t.inspectionId,
    photos: photos.map(({ photo: p, takenBy }) => ({ id: p.id, sha256: p.sha256, capturedAt: toIso(p.capturedAt), latitude: p.latitude, longitude: p.longitude, accuracy: p.accuracyM, takenBy })),
    orders: issued,
    mayIssueOrder,
    timeline: events.map(({ event: e, actorName }) => ({ id: e.id, type: e.type, toStatus: e.toStatus, actorName, at: toIso(e.at), note: e.note })),
  };
}
