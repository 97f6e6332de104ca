/**
 * Frozen frames and their annotations (server/snapshots). Convention: see contract.ts. The live room's annotation
 * layer validates some of these answers with the contracts at runtime itself (annotationRoom.ts, freeze.ts).
 */
import { api, upload } from "../api.ts";
import type { AnnotationCommitted, AnnotationState, AnnotationUndone, CommitAnnotation } from "../../server/snapshots/annotation-contracts.ts";
import type { Snapshot, SnapshotPage, SnapshotsQuery, SnapshotUploadFields } from "../../server/snapshots/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listSnapshots = (query: QueryOf<typeof SnapshotsQuery>) => api.get<Answer<typeof SnapshotPage>>("/snapshots", query);

/** uploads a frame (JPEG/PNG ≤ 4 MB); the server tells the room to open it */
export function createSnapshot(file: Blob, fields: Body<typeof SnapshotUploadFields>) {
  const form = new FormData();
  form.set("file", file, "frame.jpg");
  form.set("cameraId", fields.cameraId);
  if (fields.inspectionId) form.set("inspectionId", fields.inspectionId);
  return upload<Answer<typeof Snapshot>>("/snapshots", form);
}

/** opens this frame on everyone's screen in the room */
export const showSnapshot = (id: string) => api.post<Answer<typeof Snapshot>>(`/snapshots/${seg(id)}/show`);

export const getAnnotations = (snapshotId: string) => api.get<Answer<typeof AnnotationState>>(`/snapshots/${seg(snapshotId)}/annotations`);
export const commitAnnotation = (snapshotId: string, body: Body<typeof CommitAnnotation>) =>
  api.post<Answer<typeof AnnotationCommitted>>(`/snapshots/${seg(snapshotId)}/annotations`, body);
/** takes back one of the caller's own shapes */
export const undoAnnotation = (id: string) => api.delete<Answer<typeof AnnotationUndone>>(`/annotations/${seg(id)}`);
