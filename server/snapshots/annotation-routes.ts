import { nowOf } from "../clock/clock.ts";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import type { DbOrTx } from "../../db/client.ts";
import { annotations, cameras, canteens, orgs, snapshots, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { snapshotInScope } from "../scope/loaders.ts";
import { type Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { ANNOT_TOPIC, Annotation, AnnotationCommitted, type AnnotationCommittedMessage, AnnotationState, AnnotationUndone, type AnnotationUndoneMessage, authorColour, CommitAnnotation, type Shape } from "./annotation-contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { normaliseShape } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { announcement, publish } from "../bus/publish.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import type { z } from "zod";

const select = (db: DbOrTx) =>
  db.select({ annotation: annotations, authorName: users.displayName }).from(annotations).innerJoin(users, eq(users.id, annotations.authorId));

const view = ({ annotation: a, authorName }: { annotation: typeof annotations.$inferSelect; authorName: string }): Annotation => ({
  id: a.id,
  snapshotId: a.snapshotId,
  author: { id: a.authorId, displayName: authorName },
  colour: a.colour,
  shape: JSON.parse(a.shape) as Shape,
  version: a.version,
  clientId: a.clientId,
  createdAt: toIso(a.createdAt),
});

/** The next annotation version of a snapshot, taken inside the write's transaction (atomic across instances). */
async function bumpVersion(tx: DbOrTx, snapshotId: string): Promise<number> {
  const [row] = await tx
    .update(snapshots)
    .set({ annotVersion: sql`${snapshots.annotVersion} + 1` })
    .where(eq(snapshots.id, snapshotId))
    .returning({ version: snapshots.annotVersion });
  if (!row) throw notFound();
  return row.version;
}

/** An annotation, through its snapshot's scope. */
async function annotationInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await scopedLists(db, scope).annotations({ annotation: annotations, snapshot: snapshots }, eq(annotations.id, id));
  if (!row) throw notFound();
  return row;
}

const state = apiRoute("snapshots.annotate", {
  method: "get",
  path: "/api/v1/snapshots/{id}/annotations",
  tags: ["snapshots"],
  summary: "The snapshot's current annotations and version (late joiners and reconnects load this)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AnnotationState) },
});
const commit = apiRoute("snapshots.annotate", {
  method: "post",
  path: "/api/v1/snapshots/{id}/annotations",
  tags: ["snapshots"],
  summary: "Commit a finished shape: validated, persisted, then broadcast on the reliable `annot` topic with the new version",
  request: { params: IdParam, body: jsonBody(CommitAnnotation) },
  responses: { 201: jsonOk(AnnotationCommitted, "committed") },
});
const undo = apiRoute("snapshots.annotate", {
  method: "delete",
  path: "/api/v1/annotations/{id}",
  tags: ["snapshots"],
  summary: "Undo one's own shape (another participant's answers 403)",
  request: { params: IdParam },
  responses: { 200: jsonOk(AnnotationUndone) },
});

export function annotationRoutes(app: App) {
  app.openapi(state, async (c) => {
    const { db } = c.var.deps;
    const { snapshot } = await snapshotInScope(db, c.var.scope, c.req.valid("param").id);
    const rows = await select(db)
      .where(and(eq(annotations.snapshotId, snapshot.id), isNull(annotations.deletedAt)))
      .orderBy(asc(annotations.version));
    return c.json({ snapshotId: snapshot.id, version: snapshot.annotVersion, items: rows.map(view) }, 200);
  });

  app.openapi(commit, async (c) => {
    const deps = c.var.deps;
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const actor = c.var.actor;
    const shape = normaliseShape(body.shape);
    const { annotationId, canteenId } = await writeAudited(deps, async (tx) => {
      const { snapshot } = await snapshotInScope(tx, c.var.scope, id);
      const version = await bumpVersion(tx, snapshot.id);
      const row = {
        id: newId("ann"),
        snapshotId: snapshot.id,
        authorId: actor.userId,
        kind: shape.kind,
        shape: JSON.stringify(shape),
        colour: authorColour(actor.userId),
        clientId: body.clientId ?? null,
        version,
        createdAt: nowOf(c.var.deps),
      };
      await tx.insert(annotations).values(row);
      return {
        result: { annotationId: row.id, canteenId: snapshot.canteenId },
        audit: { actorId: actor.userId, action: "annotation.commit", targetType: "annotation", targetId: row.id, change: { ...row, shape } },
      };
    });
    const [row] = await select(deps.db).where(eq(annotations.id, annotationId));
    const annotation = view(row!);
    const message: z.infer<typeof AnnotationCommittedMessage> = { type: "annotation.committed", snapshotId: id, version: annotation.version, annotation };
    publish(deps, announcement(canteenRoom(canteenId), "annot", message));
    return c.json({ annotation, version: annotation.version }, 201);
  });

  app.openapi(undo, async (c) => {
    const deps = c.var.deps;
    const { id } = c.req.valid("param");
    const actor = c.var.actor;
    const { snapshotId, canteenId, version } = await writeAudited(deps, async (tx) => {
      const { annotation, snapshot } = await annotationInScope(tx, c.var.scope, id);
      if (annotation.authorId !== actor.userId) throw forbidden("not_own_annotation");
      const now = nowOf(c.var.deps);
      // conditional: of two concurrent undos only one wins; the other answers 409
      const [undone] = await tx
        .update(annotations)
        .set({ deletedAt: now })
        .where(and(eq(annotations.id, id), isNull(annotations.deletedAt)))
        .returning({ id: annotations.id });
      if (!undone) throw conflict("annotation_undone");
      const version = await bumpVersion(tx, snapshot.id);
      return {
        result: { snapshotId: snapshot.id, canteenId: snapshot.canteenId, version },
        audit: { actorId: actor.userId, action: "annotation.undo", targetType: "annotation", targetId: id, change: { deletedAt: now, version } },
      };
    });
    const message: z.infer<typeof AnnotationUndoneMessage> = { type: "annotation.undone", snapshotId, version, annotationId: id };
    publish(deps, announcement(canteenRoom(canteenId), "annot", message));
    return c.json({ snapshotId, annotationId: id, version }, 200);
  });
}

