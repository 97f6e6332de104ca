import { showSnapshot, undoAnnotation } from "../../api/snapshots.ts";
import { AnnotationUndone } from "../../../server/snapshots/annotation-contracts.ts";
import type { LiveController } from "../types.ts";
import { testMetrics } from "./annotationMetrics.ts";
import { createLocalGesture } from "./localGesture.ts";
import { createSharedLayer } from "./sharedLayer.ts";
import { lastOf } from "./state.ts";

export type AnnotationRoom = ReturnType<typeof createAnnotationRoom>;

/**
 * The frozen frames of one canteen room and the shared annotation layer of the one that is open: what everyone
 * sees (sharedLayer.ts), what this viewer draws (localGesture.ts), and the two calls that act on the frame as a
 * whole — show it to everyone, take back one's own newest shape.
 */
export function createAnnotationRoom(live: Pick<LiveController, "onData" | "sendData" | "state" | "identity">) {
  const metrics = testMetrics();
  const layer = createSharedLayer(live, metrics);
  const gesture = createLocalGesture(layer, live, metrics);
  const { openId, committed } = layer;

  return {
    snapshot: layer.snapshot,
    open: layer.open,
    reload: layer.reload,
    loaded: layer.loaded,
    error: layer.error,
    /** committed annotations in drawing order */
    annotations: () => committed().items,
    version: () => committed().version,
    drawings: () => [...layer.drawings().values()],
    cursors: () => [...layer.cursors().values()],
    mine: layer.mine,
    pending: () => [...layer.pending().values()],
    myId: live.identity,
    canUndo: () => !!live.identity() && !!lastOf(committed().items, live.identity()!),
    ...gesture,
    /** opens the frame this viewer has open on everyone's screen (the server announces it to the room) */
    async showToEveryone() {
      const id = openId();
      if (!id) return;
      try {
        await showSnapshot(id);
        layer.setError(undefined);
      } catch (err) {
        layer.setError(err);
      }
    },
    /** takes back this viewer's newest shape (the server refuses anyone else's) */
    async undo() {
      const me = live.identity();
      const last = me ? lastOf(committed().items, me) : undefined;
      if (!last) return;
      try {
        const answer = AnnotationUndone.parse(await undoAnnotation(last.id));
        if (answer.snapshotId === openId()) layer.applyUndone(answer.annotationId, answer.version);
        layer.setError(undefined);
      } catch (err) {
        layer.setError(err);
      }
    },
  };
}
