import { z } from "zod";
import { Id, IsoTime, pageOf, pageQuery } from "../contracts/common.ts";

/**
 * A frozen frame (issue 4): the current frame of one camera, uploaded by a participant of the canteen's
 * live room, kept in the media store with its sha256 and linked to the inspection session.
 *
 * Upload: `POST /api/v1/snapshots`, multipart/form-data with fields
 *   - `file`: the frame, JPEG or PNG (the bytes are checked, not the declared type), ≤ MAX_SNAPSHOT_BYTES
 *   - `cameraId`: the camera it was taken from
 *   - `inspectionId` (optional): the inspection session it belongs to (same canteen)
 * → 201 Snapshot; 413 when too large; 415 when the bytes are not a JPEG/PNG image.
 */
export const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

/** The text fields of the upload (the `file` part is checked separately: size and sniffed bytes). */
export const SnapshotUploadFields = z.strictObject({
  cameraId: Id,
  inspectionId: Id.optional(),
});

export const Snapshot = z.object({
  id: Id,
  canteenId: Id,
  cameraId: Id,
  cameraName: z.string(),
  inspectionId: Id.nullable(),
  takenBy: z.object({ id: Id, displayName: z.string() }),
  takenAt: IsoTime,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.enum(["image/jpeg", "image/png"]),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** the image itself, scoped like the record: GET this path with the session cookie or bearer token */
  imageUrl: z.string(),
  /** how many annotations are currently on it (undone ones excluded) */
  annotationCount: z.number().int(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotsQuery = z.strictObject({
  inspectionId: Id.optional(),
  canteenId: Id.optional(),
  ...pageQuery("number", "text"),
});
export const SnapshotPage = pageOf(Snapshot);

export const snapshotImageUrl = (id: string) => `/api/v1/snapshots/${id}/image`;
