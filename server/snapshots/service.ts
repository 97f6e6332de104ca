import { and, eq, sql, type SQL } from "drizzle-orm";
import { annotations, cameras, inspections, snapshots, users } from "../../db/schema/index.ts";
import type { DbOrTx } from "../../db/types.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { IdParam } from "../contracts/common.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { conflict, forbidden, invalid, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { keyset } from "../http/pagination.ts";
import { imageParts } from "../http/uploads.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { cameraInScope, snapshotInScope } from "../scope/loaders.ts";
import { MAX_SNAPSHOT_BYTES, type Snapshot, snapshotImageUrl, type SnapshotsQuery, type SnapshotUploadFields } from "./contracts.ts";
import type { z } from "zod";

/** Snapshots through the caller's scope (parents: public cameras only), or SYSTEM right after the caller's own write. */
const select = (db: DbOrTx, scope: Scope | typeof SYSTEM, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope)
    .snapshots(
      {
      snapshot: snapshots,
      cameraName: cameras.name,
      takerName: users.displayName,
      annotationCount: sql<number>`(select count(*) from ${annotations} where ${annotations.snapshotId} = ${snapshots.id} and ${annotations.deletedAt} is null)`,
      },
      ...filters,
    )
    .innerJoin(users, eq(users.id, snapshots.takenBy));

type Row = Awaited<ReturnType<ReturnType<typeof select>["where"]>>[number];

const view = ({ snapshot: s, cameraName, takerName, annotationCount }: Row): Snapshot => ({
  id: s.id,
  canteenId: s.canteenId,
  cameraId: s.cameraId,
  cameraName,
  inspectionId: s.inspectionId,
  takenBy: { id: s.takenBy, displayName: takerName },
  takenAt: toIso(s.takenAt),
  sha256: s.sha256,
  contentType: s.contentType,
  bytes: s.bytes,
  width: s.width,
  height: s.height,
  imageUrl: snapshotImageUrl(s.id),
  annotationCount: Number(annotationCount),
});

const newestFirst = keyset("desc", [snapshots.takenAt, snapshots.id], (r: Row) => [r.snapshot.takenAt, r.snapshot.id]);

/** Everyone in the canteen's room opens this frame (reliable `snapshot.opened` on `annot`). */
const announceOpened = (deps: AppDeps, snapshot: Snapshot) =>
  publish(deps, announcement(canteenRoom(snapshot.canteenId), "annot", { type: "snapshot.opened", snapshot }));

const viewById = async (db: DbOrTx, id: string) => view((await select(db, SYSTEM, eq(snapshots.id, id)))[0]!);

/** Freeze a frame: the image is stored first (content-addressed), then its row and audit entry in one transaction. */
export async function create(caller: Caller, input: { form: z.infer<typeof SnapshotUploadFields> & { file: unknown } }) {
  const form = input.form;
  const [frame] = await imageParts(form.file, "file", { min: 1, max: 1, maxBytes: MAX_SNAPSHOT_BYTES });
  const { camera } = await cameraInScope(caller.deps.db, caller.scope, form.cameraId);
  await checkInspection(caller, camera, form.inspectionId);
  // content-addressed: a failed transaction below leaves at most an unreferenced file, never a dangling row
  const stored = await mediaStoreOf(caller.deps).put(frame!.bytes, frame!.contentType, "snapshot");
  return record(caller, { camera, inspectionId: form.inspectionId ?? null, stored, contentType: frame!.contentType, width: frame!.width, height: frame!.height });
}

/** The inspection a frame is filed under: through the caller's scope (another jurisdiction's answers like a missing one), of the camera's canteen. */
export async function checkInspection({ deps, scope }: Caller, camera: { canteenId: string }, inspectionId: string | undefined | null) {
  if (!inspectionId) return;
  const [inspection] = await scopedLists(deps.db, scope).inspections({ canteenId: inspections.canteenId }, eq(inspections.id, inspectionId));
  if (!inspection) throw notFound();
  if (inspection.canteenId !== camera.canteenId) throw conflict("inspection_not_in_canteen", [{ path: "inspectionId", message: "another canteen" }]);
}

/**
 * A stored image becomes a snapshot of the camera (a frozen frame, or a digital zoom kept as evidence): its row and
 * audit entry (the hash chain) in one transaction, then everyone in the room opens it. The caller checked scope.
 */
export async function record(
  { deps, actor }: Caller,
  f: { camera: { id: string; canteenId: string }; inspectionId: string | null; stored: { key: string; sha256: string; bytes: number }; contentType: "image/jpeg" | "image/png"; width: number; height: number },
) {
  const id = await writeAudited(deps, async (tx) => {
    const row = {
      id: newId("snp"),
      canteenId: f.camera.canteenId,
      cameraId: f.camera.id,
      inspectionId: f.inspectionId,
      takenBy: actor.userId,
      takenAt: nowOf(deps),
      mediaKey: f.stored.key,
      sha256: f.stored.sha256,
      contentType: f.contentType,
      bytes: f.stored.bytes,
      width: f.width,
      height: f.height,
    };
    await tx.insert(snapshots).values(row);
    return { result: row.id, audit: { actorId: actor.userId, action: "snapshot.take", targetType: "snapshot", targetId: row.id, change: row } };
  });
  const snapshot = await viewById(deps.db, id);
  announceOpened(deps, snapshot);
  return snapshot;
}

export async function show({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { snapshot: found } = await snapshotInScope(deps.db, scope, input.param.id);
  const snapshot = await viewById(deps.db, found.id);
  announceOpened(deps, snapshot);
  return snapshot;
}

export async function list({ deps, scope }: Caller, input: { query: z.infer<typeof SnapshotsQuery> }) {
  const { inspectionId, canteenId, cursor, limit } = input.query;
  const rows = await select(
    deps.db,
    scope,
    inspectionId ? eq(snapshots.inspectionId, inspectionId) : undefined,
    canteenId ? eq(snapshots.canteenId, canteenId) : undefined,
    newestFirst.after(cursor),
  )
    .orderBy(...newestFirst.orderBy)
    .limit(limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, limit);
  return { items: page.map(view), nextCursor };
}

export async function get({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { snapshot } = await snapshotInScope(deps.db, scope, input.param.id);
  return viewById(deps.db, snapshot.id);
}

export async function image({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { snapshot } = await snapshotInScope(deps.db, scope, input.param.id);
  const bytes = await mediaStoreOf(deps).get(snapshot.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, snapshot.contentType, snapshot.sha256);
}
