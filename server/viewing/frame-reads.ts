import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, viewingFrames } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { conflict } from "../http/errors.ts";
import { type ViewingFrame, viewingFrameImageUrl } from "./contracts.ts";

/** Reads of a session's frozen frames (a record's evaluations, an evaluation's own frame); writes are in frames.ts. */

export type FrameRow = typeof viewingFrames.$inferSelect;

export const frameView = (f: FrameRow, cameraName: string): ViewingFrame => ({
  id: f.id,
  sessionId: f.sessionId,
  cameraId: f.cameraId,
  cameraName,
  takenAt: toIso(f.takenAt),
  sha256: f.sha256,
  contentType: f.contentType,
  width: f.width,
  height: f.height,
  imageUrl: viewingFrameImageUrl(f.id),
});

/** The frames of these ids with their cameras' names (the evaluations of a record). */
export async function framesById(db: DbOrTx, ids: string[]): Promise<Map<string, ViewingFrame>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ f: viewingFrames, cameraName: cameras.name }).from(viewingFrames).innerJoin(cameras, eq(cameras.id, viewingFrames.cameraId)).where(inArray(viewingFrames.id, ids));
  return new Map(rows.map(({ f, cameraName }) => [f.id, frameView(f, cameraName)]));
}

/** The session's frames, oldest first; only this parent's when a parent asks. */
export async function framesOf(db: DbOrTx, sessionId: string, onlyUserId: string | null): Promise<ViewingFrame[]> {
  const rows = await db
    .select({ f: viewingFrames, cameraName: cameras.name })
    .from(viewingFrames)
    .innerJoin(cameras, eq(cameras.id, viewingFrames.cameraId))
    .where(and(eq(viewingFrames.sessionId, sessionId), onlyUserId ? eq(viewingFrames.userId, onlyUserId) : undefined))
    .orderBy(asc(viewingFrames.takenAt), sql`viewing_frames.rowid`); // same instant: in the order frozen
  return rows.map(({ f, cameraName }) => frameView(f, cameraName));
}

/** The evaluation's frame must be the caller's own, of this session (another session's or parent's: 409). */
export async function ownFrame(db: DbOrTx, sessionId: string, userId: string, frameId: string) {
  const [frame] = await db.select({ id: viewingFrames.id }).from(viewingFrames).where(and(eq(viewingFrames.id, frameId), eq(viewingFrames.sessionId, sessionId), eq(viewingFrames.userId, userId)));
  if (!frame) throw conflict("frame_not_in_session", [{ path: "frameId", message: "not a frame you froze in this session" }]);
  return frame.id;
}
