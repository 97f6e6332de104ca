import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, viewingFrames, viewingSessionCameras } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { type Caller, nowOf } from "../http/env.ts";
import { conflict, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { imageParts } from "../http/uploads.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import { MAX_SNAPSHOT_BYTES } from "../snapshots/contracts.ts";
import type { ViewingFrame } from "./contracts.ts";
import { type FrameRow, frameView } from "./frame-reads.ts";
import { requireOpen } from "./live.ts";
import { sessionInScope } from "./view.ts";

/**
 * Frames an invited parent freezes during a session (issue 13: an evaluation "optionally with a frame they froze").
 * The same capture and upload as the live room's snapshots (client/live/annotations/freeze.ts, imageParts), but
 * stored with the session: only the session's cameras, only inside its window, and never announced into the
 * canteen's room (the parent watches; the frame is evidence for their evaluation).
 */

/** An invited parent freezes a frame of one of the session's cameras, inside the window. */
export async function freezeViewingFrame({ deps, scope, actor }: Caller, id: string, form: { cameraId: string; file: unknown }): Promise<ViewingFrame> {
  const { session } = await sessionInScope(deps.db, scope, actor, id);
  const now = nowOf(deps);
  requireOpen(session, now);
  // the session's cameras only: a public camera of the canteen outside the session is not this session's evidence
  const [camera] = await deps.db
    .select({ id: cameras.id, name: cameras.name })
    .from(viewingSessionCameras)
    .innerJoin(cameras, eq(cameras.id, viewingSessionCameras.cameraId))
    .where(and(eq(viewingSessionCameras.sessionId, id), eq(viewingSessionCameras.cameraId, form.cameraId)));
  if (!camera) throw conflict("camera_not_in_session", [{ path: "cameraId", message: "not one of the session's cameras" }]);
  const [frame] = await imageParts(form.file, "file", { min: 1, max: 1, maxBytes: MAX_SNAPSHOT_BYTES });
  // content-addressed: a failed transaction below leaves at most an unreferenced file, never a dangling row
  const stored = await mediaStoreOf(deps).put(frame!.bytes, frame!.contentType, "snapshot");
  const row: FrameRow = { id: newId("vfr"), sessionId: id, userId: actor.userId, cameraId: camera.id, takenAt: now, mediaKey: stored.key, sha256: stored.sha256, contentType: frame!.contentType, bytes: stored.bytes, width: frame!.width, height: frame!.height };
  await writeAudited(deps, async (tx) => {
    await tx.insert(viewingFrames).values(row);
    return { result: row.id, audit: { actorId: actor.userId, action: "viewing.frame", targetType: "viewing_session", targetId: id, change: row } };
  });
  return frameView(row, camera.name);
}

/** The frame's bytes: through the session's scope (a parent: invited), and a parent sees only their own frames. */
export async function viewingFrameImage({ deps, scope, actor }: Caller, frameId: string) {
  const [frame] = await deps.db.select().from(viewingFrames).where(eq(viewingFrames.id, frameId));
  if (!frame) throw notFound();
  await sessionInScope(deps.db, scope, actor, frame.sessionId);
  if (scope.publicCamerasOnly && frame.userId !== actor.userId) throw notFound();
  const bytes = await mediaStoreOf(deps).get(frame.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, frame.contentType, frame.sha256);
}

