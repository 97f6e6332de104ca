import { nowOf } from "../clock/clock.ts";
import { z } from "@hono/zod-openapi";
import { canteenRoom } from "../bus/rooms.ts";
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { annotations, cameras, canteens, inspections, orgs, snapshots, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { cameraInScope, snapshotInScope } from "../scope/loaders.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { ANNOT_TOPIC, type SnapshotOpened } from "./annotation-contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { MAX_SNAPSHOT_BYTES, Snapshot, snapshotImageUrl, SnapshotPage, SnapshotsQuery, SnapshotUploadFields } from "./contracts.ts";
import { toIso } from "../clock/time.ts";
import { announcement, publish } from "../bus/publish.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import { apiRoute, jsonOk } from "../http/route.ts";
import { imageResponse } from "../http/images.ts";
import { imageParts } from "../http/uploads.ts";

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

/** The multipart form: the text fields of the contract plus the file part (checked by imageParts). */
const UploadForm = SnapshotUploadFields.extend({ file: z.any().openapi({ type: "string", format: "binary" }) });

const IMAGE_RESPONSE = {
  description: "the image bytes",
  content: { "image/jpeg": { schema: { type: "string" as const, format: "binary" } }, "image/png": { schema: { type: "string" as const, format: "binary" } } },
};

const create = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots",
  tags: ["snapshots"],
  summary: "Freeze a frame: upload the current frame of a camera (JPEG/PNG); everyone in the canteen's room opens it",
  request: { body: { content: { "multipart/form-data": { schema: UploadForm } }, required: true } },
  responses: { 201: jsonOk(Snapshot, "stored") },
});
const list = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots",
  tags: ["snapshots"],
  request: { query: SnapshotsQuery },
  responses: { 200: jsonOk(SnapshotPage) },
});
const get = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}",
  tags: ["snapshots"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Snapshot) },
});
const image = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}/image",
  tags: ["snapshots"],
  request: { params: IdParam },
  responses: { 200: IMAGE_RESPONSE },
});

const show = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots/{id}/show",
  tags: ["snapshots"],
  summary: "Show an earlier frozen frame to everyone in the canteen's room: they all open it again",
  request: { params: IdParam },
  responses: { 200: jsonOk(Snapshot, "announced") },
});

/** Everyone in the canteen's room opens this frame (reliable `snapshot.opened` on `annot`). */
const announceOpened = (deps: Parameters<typeof publish>[0], snapshot: Snapshot) =>
  publish(deps, announcement(canteenRoom(snapshot.canteenId), "annot", { type: "snapshot.opened", snapshot }));

export function snapshotRoutes(app: App) {
  app.openapi(create, async (c) => {
    const deps = c.var.deps;
    const form = c.req.valid("form");
    const [frame] = await imageParts(form.file, "file", { min: 1, max: 1, maxBytes: MAX_SNAPSHOT_BYTES });
    const { camera } = await cameraInScope(deps.db, c.var.scope, form.cameraId);
    if (form.inspectionId) {
      const [inspection] = await deps.db.select({ canteenId: inspections.canteenId }).from(inspections).where(eq(inspections.id, form.inspectionId));
      if (!inspection) throw notFound();
      if (inspection.canteenId !== camera.canteenId) throw invalid("inspection_not_in_canteen", [{ path: "inspectionId", message: "another canteen" }]);
    }
    // content-addressed: a failed transaction below leaves at most an unreferenced file, never a dangling row
    const stored = await mediaStoreOf(deps).put(frame!.bytes, frame!.contentType, "snapshot");
    const id = await writeAudited(deps, async (tx) => {
      const row = {
        id: newId("snp"),
        canteenId: camera.canteenId,
        cameraId: camera.id,
        inspectionId: form.inspectionId ?? null,
        takenBy: c.var.actor.userId,
        takenAt: nowOf(c.var.deps),
        mediaKey: stored.key,
        sha256: stored.sha256,
        contentType: frame!.contentType,
        bytes: stored.bytes,
        width: frame!.width,
        height: frame!.height,
      };
      await tx.insert(snapshots).values(row);
      return { result: row.id, audit: { actorId: c.var.actor.userId, action: "snapshot.take", targetType: "snapshot", targetId: row.id, change: row } };
    });
    const [row] = await select(deps.db, SYSTEM, eq(snapshots.id, id));
    const snapshot = view(row!);
    announceOpened(deps, snapshot);
    return c.json(snapshot, 201);
  });

  app.openapi(show, async (c) => {
    const deps = c.var.deps;
    const { snapshot: found } = await snapshotInScope(deps.db, c.var.scope, c.req.valid("param").id);
    const [row] = await select(deps.db, SYSTEM, eq(snapshots.id, found.id));
    const snapshot = view(row!);
    announceOpened(deps, snapshot);
    return c.json(snapshot, 200);
  });

  app.openapi(list, async (c) => {
    const { db } = c.var.deps;
    const { inspectionId, canteenId, cursor, limit } = c.req.valid("query");
    const after = cursor ? cursor.split(".") : null;
    const rows = await select(
      db,
      c.var.scope,
      inspectionId ? eq(snapshots.inspectionId, inspectionId) : undefined,
      canteenId ? eq(snapshots.canteenId, canteenId) : undefined,
      after ? or(lt(snapshots.takenAt, Number(after[0])), and(eq(snapshots.takenAt, Number(after[0])), lt(snapshots.id, after[1] ?? ""))) : undefined,
    )
      .orderBy(desc(snapshots.takenAt), desc(snapshots.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({ items: page.map(view), nextCursor: rows.length > limit && last ? `${last.snapshot.takenAt}.${last.snapshot.id}` : null }, 200);
  });

  app.openapi(get, async (c) => {
    const { db } = c.var.deps;
    const { snapshot } = await snapshotInScope(db, c.var.scope, c.req.valid("param").id);
    const [row] = await select(db, SYSTEM, eq(snapshots.id, snapshot.id));
    return c.json(view(row!), 200);
  });

  app.openapi(image, async (c) => {
    const deps = c.var.deps;
    const { snapshot } = await snapshotInScope(deps.db, c.var.scope, c.req.valid("param").id);
    const bytes = await mediaStoreOf(deps).get(snapshot.mediaKey);
    if (!bytes) throw notFound();
    return imageResponse(bytes, snapshot.contentType, snapshot.sha256);
  });
}
