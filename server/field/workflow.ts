import { and, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { fieldTaskEvents, fieldTaskInspectors, fieldTaskPhotos, fieldTasks, inspections } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { forbidden } from "../http/errors.ts";
import type { Workflow } from "../lifecycle/engine.ts";
import type { Scope } from "../scope/actor.ts";
import { fieldTaskInScope } from "../scope/loaders.ts";
import type { ChecklistItem } from "../inspections/contracts.ts";
import type { FieldStatus } from "./contracts.ts";
import { ASSIGNED_ONLY, FIELD_STALE, FIELD_TRANSITIONS, type FieldAction, type FieldFlags, inspectionResultOf } from "./rules.ts";

export interface PhotoMeta {
  width: number;
  height: number;
  capturedAt: number;
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
}

/** What one step carries beyond the engine's note and photos. */
export interface FieldStep {
  actorId: string;
  action: FieldAction;
  /** one per photo, in order */
  photos?: PhotoMeta[];
  complete?: { result: "confirmed" | "not_confirmed" | "rectified"; checklist: ChecklistItem[] };
}

async function loadTask(tx: DbOrTx, scope: Scope, id: string, step: FieldStep) {
  const row = await fieldTaskInScope(tx, scope, id);
  const people = await tx.select({ userId: fieldTaskInspectors.userId }).from(fieldTaskInspectors).where(eq(fieldTaskInspectors.taskId, id));
  // only the assigned inspectors run the task on site (403: the task is visible, the action is not theirs)
  if (ASSIGNED_ONLY.includes(step.action) && !people.some((p) => p.userId === step.actorId)) throw forbidden("field_task_not_assigned");
  const [photos] = await tx.select({ n: count() }).from(fieldTaskPhotos).where(eq(fieldTaskPhotos.taskId, id));
  return { ...row, photoCount: photos?.n ?? 0 };
}
type Row = Awaited<ReturnType<typeof loadTask>>;

/** The 靶向飞行 lifecycle on the lifecycle engine; the step's own data (photo metadata, the result) rides in the closure. */
export const fieldWorkflow = (step: FieldStep): Workflow<Row, FieldStatus, FieldFlags, FieldAction> => ({
  entity: "field_task",
  transitions: FIELD_TRANSITIONS,
  load: (tx, scope, id) => loadTask(tx, scope, id, step),
  stateOf: ({ task, photoCount }) => ({ status: task.status, flags: { hasPhoto: photoCount > 0 } }),
  async move(tx, { task }, outcome, at) {
    const done = step.action === "complete" && step.complete ? { result: step.complete.result, checklist: JSON.stringify(step.complete.checklist), completedBy: step.actorId, completedAt: at } : {};
    const patch = { status: outcome.status, updatedAt: at, ...done };
    const [moved] = await tx.update(fieldTasks).set(patch).where(and(eq(fieldTasks.id, task.id), eq(fieldTasks.status, task.status))).returning({ id: fieldTasks.id });
    return moved ? patch : null;
  },
  stale: FIELD_STALE,
  async record(tx, { task }, { transition, actor, input, now, patch }) {
    const event = { id: newId("fev"), taskId: task.id, type: transition.event as (typeof fieldTaskEvents.$inferInsert)["type"], fromStatus: task.status, toStatus: patch.status as FieldStatus, actorId: actor.userId, at: now, note: input.note };
    await tx.insert(fieldTaskEvents).values(event);
    const extra: Record<string, unknown> = {};
    if (step.action === "complete" && step.complete) {
      // the on-site check becomes an inspection record (patrol records, coverage) that an order is issued from; written
      // ended, at the result, so it never holds the canteen's one active inspection (the live room's) while on site
      const [arrived] = await tx.select({ at: fieldTaskEvents.at }).from(fieldTaskEvents).where(and(eq(fieldTaskEvents.taskId, task.id), eq(fieldTaskEvents.type, "started"))).orderBy(desc(fieldTaskEvents.at)).limit(1);
      const inspection = {
        id: newId("ins"),
        kind: "on_site_check" as const,
        canteenId: task.canteenId,
        room: canteenRoom(task.canteenId),
        status: "ended" as const,
        startedBy: actor.userId,
        startedAt: arrived?.at ?? now,
        endedAt: now,
        result: inspectionResultOf(step.complete.result),
        outcome: input.note,
        checklist: JSON.stringify(step.complete.checklist),
      };
      await tx.insert(inspections).values(inspection);
      await tx.update(fieldTasks).set({ inspectionId: inspection.id }).where(eq(fieldTasks.id, task.id));
      extra.inspection = inspection;
    }
    const photos = input.photos.map((p, i) => {
      const meta = step.photos?.[i];
      return { id: newId("fph"), taskId: task.id, eventId: event.id, mediaKey: p.key, sha256: p.sha256, contentType: p.contentType as "image/jpeg" | "image/png", bytes: p.bytes, width: meta?.width ?? 0, height: meta?.height ?? 0, capturedAt: meta?.capturedAt ?? now, latitude: meta?.latitude ?? null, longitude: meta?.longitude ?? null, accuracyM: meta?.accuracy ?? null, takenBy: actor.userId, createdAt: now };
    });
    if (photos.length) await tx.insert(fieldTaskPhotos).values(photos);
    return { eventId: event.id, change: { ...event, ...extra, ...(step.complete ? { result: step.complete.result, checklist: step.complete.checklist } : {}), photos } };
  },
  announce: () => {},
});
