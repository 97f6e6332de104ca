import { and, eq, inArray, ne } from "drizzle-orm";
import type { z } from "zod";
import { fieldTaskEvents, fieldTaskInspectors, fieldTaskPhotos, fieldTasks } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import { writeAudited } from "../audit/service.ts";
import { nowOf } from "../clock/clock.ts";
import type { Caller } from "../http/env.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { keyset } from "../http/pagination.ts";
import type { UploadedImage } from "../http/uploads.ts";
import { check, runTransition } from "../lifecycle/engine.ts";
import { mediaStoreOf, type StoredMedia } from "../media-store/store.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import type { CompleteFieldTask, CreateFieldTask, FieldPhotoFields, FieldTask, FieldTasksQuery } from "./contracts.ts";
import { captureProblem } from "./rules.ts";
import { eligibleInspectors, sourceOf } from "./sources.ts";
import { issuingMembership } from "../orders/rules.ts";
import { selectTasks, statusRank, summariesOf, taskDetail, type TaskRow } from "./view.ts";
import { type FieldStep, fieldWorkflow } from "./workflow.ts";

/** 靶向飞行 field tasks: made from a source in scope, run on site by their inspectors on the lifecycle engine. */

/**
 * A district inspector sent across districts (回避) may run the task but cannot issue the order: it goes out in the
 * name of a regulator with jurisdiction over the school (orders/issue.ts), so the page offers it only to those.
 */
const mayIssueOrder = (scope: Caller["scope"], row: TaskRow) => issuingMembership(scope.memberships, { id: row.schoolId, regionCode: row.schoolRegion }) !== null;

async function detailById({ deps, actor, scope }: Caller, id: string): Promise<FieldTask> {
  const [row] = await selectTasks(deps.db, SYSTEM, eq(fieldTasks.id, id));
  return taskDetail(deps.db, row!, actor.userId, nowOf(deps), mayIssueOrder(scope, row!));
}

export async function getFieldTask(caller: Caller, id: string): Promise<FieldTask> {
  const [row] = await selectTasks(caller.deps.db, caller.scope, eq(fieldTasks.id, id));
  if (!row) throw notFound();
  return taskDetail(caller.deps.db, row, caller.actor.userId, nowOf(caller.deps), mayIssueOrder(caller.scope, row));
}

const board = keyset("asc", [statusRank, fieldTasks.dueAt, fieldTasks.id], (r: TaskRow) => [r.rank, r.task.dueAt, r.task.id]);

export async function listFieldTasks({ deps, scope, actor }: Caller, q: z.infer<typeof FieldTasksQuery>) {
  const mine = q.mine === "true" ? inArray(fieldTasks.id, deps.db.select({ id: fieldTaskInspectors.taskId }).from(fieldTaskInspectors).where(eq(fieldTaskInspectors.userId, actor.userId))) : undefined;
  const rows = await selectTasks(deps.db, scope, q.status ? eq(fieldTasks.status, q.status) : undefined, mine, board.after(q.cursor))
    .orderBy(...board.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = board.page(rows, q.limit);
  return { items: await summariesOf(deps.db, page, actor.userId, nowOf(deps)), nextCursor };
}

/** Who may be sent on a task made from this source (the form's picker). */
export async function inspectorsFor({ deps, scope, actor }: Caller, source: z.infer<typeof CreateFieldTask>["source"]) {
  return { items: await eligibleInspectors(deps.db, await sourceOf(deps.db, scope, actor, source)) };
}

export async function createFieldTask(caller: Caller, body: z.infer<typeof CreateFieldTask>): Promise<FieldTask> {
  const { deps, scope, actor } = caller;
  const now = nowOf(deps);
  const dueAt = Date.parse(body.dueAt);
  if (dueAt <= now) throw conflict("due_past", [{ path: "dueAt", message: "must be in the future" }]);
  const id = await writeAudited(deps, async (tx) => {
    const source = await sourceOf(tx, scope, actor, body.source);
    const wanted = [...new Set(body.inspectorIds)];
    const eligible = await eligibleInspectors(tx, source, wanted);
    wanted.forEach((uid, i) => {
      if (!eligible.some((e) => e.id === uid)) throw invalid("inspector_not_eligible", [{ path: `inspectorIds.${i}`, message: "not an inspector whose region covers this canteen" }]);
    });
    // one live task per source (a cancelled one may be made again)
    const [live] = await tx.select({ id: fieldTasks.id }).from(fieldTasks).where(and(eq(fieldTasks.sourceKind, body.source.kind), eq(fieldTasks.sourceId, body.source.id), ne(fieldTasks.status, "cancelled"))).limit(1);
    if (live) throw conflict("field_task_exists");
    const row = {
      id: newId("fld"),
      canteenId: source.canteenId,
      orgId: source.orgId,
      sourceKind: body.source.kind,
      sourceId: body.source.id,
      title: body.title ?? source.title,
      instructions: body.instructions ?? null,
      evidence: JSON.stringify(source.evidence),
      status: "assigned" as const,
      dueAt,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(fieldTasks).values(row);
    await tx.insert(fieldTaskInspectors).values(wanted.map((userId) => ({ taskId: row.id, userId })));
    await tx.insert(fieldTaskEvents).values({ id: newId("fev"), taskId: row.id, type: "created", fromStatus: null, toStatus: "assigned", actorId: actor.userId, at: now, note: body.instructions ?? null });
    return { result: row.id, audit: { actorId: actor.userId, action: "field_task.create", targetType: "field_task", targetId: row.id, change: { ...row, evidence: source.evidence, inspectorIds: wanted } } };
  });
  return detailById(caller, id);
}

async function step(caller: Caller, id: string, s: Omit<FieldStep, "actorId">, note: string | null, photos: StoredMedia[] = []): Promise<FieldTask> {
  await runTransition(caller.deps, fieldWorkflow({ ...s, actorId: caller.actor.userId }), caller, id, s.action, { note, photos });
  return detailById(caller, id);
}

export const startFieldTask = (caller: Caller, id: string, note: string | null) => step(caller, id, { action: "start" }, note);
export const cancelFieldTask = (caller: Caller, id: string, note: string) => step(caller, id, { action: "cancel" }, note);
export const completeFieldTask = (caller: Caller, id: string, body: z.infer<typeof CompleteFieldTask>) => step(caller, id, { action: "complete", complete: { result: body.result, checklist: body.checklist } }, body.note);

/** A photo taken on site: checked against the task (assigned, on site, a plausible capture time) before it is stored. */
export async function addFieldPhoto(caller: Caller, id: string, fields: z.infer<typeof FieldPhotoFields>, image: UploadedImage): Promise<FieldTask> {
  const workflow = fieldWorkflow({ action: "photo", actorId: caller.actor.userId });
  const row = await workflow.load(caller.deps.db, caller.scope, id);
  check(workflow, row, "photo");
  const capturedAt = Date.parse(fields.capturedAt);
  const problem = captureProblem(capturedAt, row.task.createdAt, nowOf(caller.deps));
  if (problem) throw invalid(problem, [{ path: "capturedAt", message: problem }]);
  if ((fields.latitude === undefined) !== (fields.longitude === undefined)) throw invalid("position_incomplete", [{ path: "longitude", message: "latitude and longitude go together" }]);
  const stored = await mediaStoreOf(caller.deps).put(image.bytes, image.contentType, "evidence");
  const meta = { width: image.width, height: image.height, capturedAt, latitude: fields.latitude ?? null, longitude: fields.longitude ?? null, accuracy: fields.accuracy ?? null };
  return step(caller, id, { action: "photo", photos: [meta] }, fields.note ?? null, [stored]);
}

export async function fieldPhotoImage({ deps, scope }: Caller, photoId: string) {
  const [photo] = await deps.db.select().from(fieldTaskPhotos).where(eq(fieldTaskPhotos.id, photoId));
  if (!photo) throw notFound();
  const [visible] = await scopedLists(deps.db, scope).fieldTasks({ id: fieldTasks.id }, eq(fieldTasks.id, photo.taskId));
  if (!visible) throw notFound();
  const bytes = await mediaStoreOf(deps).get(photo.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, photo.contentType, photo.sha256);
}
