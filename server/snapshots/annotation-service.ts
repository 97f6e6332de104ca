import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { annotations, snapshots, users } from "../../db/schema/index.ts";
import type { DbOrTx } from "../../db/types.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { IdParam } from "../contracts/common.ts";
import type { Caller } from "../http/env.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import { annotationInScope, snapshotInScope } from "../scope/loaders.ts";
import { type Annotation, type AnnotationCommittedMessage, type AnnotationUndoneMessage, authorColour, type CommitAnnotation, type Shape } from "./annotation-contracts.ts";
import { normaliseShape } from "./rules.ts";
import type { z } from "zod";

/** Shapes drawn on a frozen frame: each write bumps the snapshot's version and is announced on `annot` after commit. */
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

export async function state({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { db } = deps;
  const { snapshot } = await snapshotInScope(db, scope, input.param.id);
  const rows = await select(db)
    .where(and(eq(annotations.snapshotId, snapshot.id), isNull(annotations.deletedAt)))
    .orderBy(asc(annotations.version));
  return { snapshotId: snapshot.id, version: snapshot.annotVersion, items: rows.map(view) };
}

export async function commit({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>; json: z.infer<typeof CommitAnnotation> }) {
  const { id } = input.param;
  const body = input.json;
  const shape = normaliseShape(body.shape);
  const { annotationId, canteenId } = await writeAudited(deps, async (tx) => {
    const { snapshot } = await snapshotInScope(tx, scope, id);
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
      createdAt: nowOf(deps),
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
  return { annotation, version: annotation.version };
}

export async function undo({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { id } = input.param;
  const { snapshotId, canteenId, version } = await writeAudited(deps, async (tx) => {
    const { annotation, snapshot } = await annotationInScope(tx, scope, id);
    if (annotation.authorId !== actor.userId) throw forbidden("not_own_annotation");
    const now = nowOf(deps);
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
  return { snapshotId, annotationId: id, version };
}
