import { createEffect, on } from "solid-js";
import { commitAnnotation } from "../../api/snapshots.ts";
import { AnnotationCommitted } from "../../../server/snapshots/annotation-contracts.ts";
import type { LiveController } from "../types.ts";
import { type AnnotMetrics, clock, lossyDropRate } from "./annotationMetrics.ts";
import { movedEnough, type Point, type Shape, shapeOf, type Tool } from "./geometry.ts";
import { ANNOT_TOPIC, CURSOR_TOPIC, encode } from "./messages.ts";
import { rafBatch } from "./rafBatch.ts";
import { progressMessages, startStroke } from "./strokeStream.ts";
import type { SharedLayer } from "./sharedLayer.ts";

let clientCounter = 0;
const newClientId = () => `c${Date.now().toString(36)}${(clientCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * What this viewer draws: the gesture is drawn locally at once and streamed to the others on the lossy topics
 * (stroke points, shape previews, the cursor), at most once per animation frame; on release the shape is
 * committed through the API, which persists and broadcasts it.
 */
export function createLocalGesture(layer: SharedLayer, live: Pick<LiveController, "sendData" | "identity">, metrics: AnnotMetrics | null) {
  const { mine, setMine, openId } = layer;
  let stroke = startStroke();
  let cursorAt: Point | null | undefined;
  const send = (topic: string, message: Parameters<typeof encode>[0]) => live.sendData(topic, encode(message), { reliable: false });

  const outgoing = rafBatch(() => {
    const id = openId();
    const gesture = mine();
    if (id && gesture) {
      if (gesture.tool === "stroke") {
        let upTo = stroke.sent;
        const next = progressMessages(gesture.points, stroke);
        stroke = next.cursor;
        for (const { from, points } of next.messages) {
          const dropped = metrics !== null && Math.random() < lossyDropRate();
          if (dropped) metrics.strokePacketsDropped++;
          const sent = dropped || send(ANNOT_TOPIC, { type: "stroke.progress", snapshotId: id, clientId: gesture.clientId, from, points, sentAt: clock() });
          // new points only (the repeated ones were counted with their first message)
          if (metrics) metrics[sent ? "strokePointsSent" : "strokePointsUnsent"] += from + points.length - upTo;
          upTo = from + points.length;
        }
      } else {
        const shape = shapeOf(gesture.tool, gesture.points);
        if (shape && shape.kind !== "stroke") send(ANNOT_TOPIC, { type: "shape.preview", snapshotId: id, clientId: gesture.clientId, shape, sentAt: clock() });
      }
    }
    if (id && cursorAt !== undefined) {
      send(CURSOR_TOPIC, { type: "cursor", snapshotId: id, at: cursorAt });
      cursorAt = undefined;
    }
  });

  // A frame opens: say "no cursor here" at once. LiveKit negotiates a viewer's outgoing data path on its first
  // packet, and lossy packets sent while it opens may be lost; this way that happens before the first stroke.
  createEffect(
    on(openId, (id) => {
      if (!id || !live.identity()) return;
      cursorAt = null;
      outgoing.schedule();
    }),
  );

  async function commit(shape: Shape, clientId: string) {
    const id = openId();
    if (!id) return;
    layer.addPending(clientId, shape);
    try {
      const answer = AnnotationCommitted.parse(await commitAnnotation(id, { shape, clientId }));
      if (openId() === id) layer.applyCommitted(answer.annotation, answer.version);
      layer.setError(undefined);
    } catch (err) {
      layer.setError(err);
      layer.dropPending(clientId);
      if (openId() === id) send(ANNOT_TOPIC, { type: "shape.cancel", snapshotId: id, clientId });
    }
  }

  return {
    begin(tool: Exclude<Tool, "text">, at: Point) {
      stroke = startStroke();
      setMine({ tool, clientId: newClientId(), points: [at] });
      outgoing.schedule();
    },
    extend(at: Point) {
      const gesture = mine();
      if (!gesture) return;
      if (gesture.tool === "stroke") {
        if (!movedEnough(gesture.points[gesture.points.length - 1], at)) return;
        setMine({ ...gesture, points: [...gesture.points, at] });
      } else setMine({ ...gesture, points: [gesture.points[0]!, at] });
      outgoing.schedule();
    },
    /** the pointer was released: commit the shape, or tell the others it came to nothing */
    end() {
      const gesture = mine();
      if (!gesture) return;
      outgoing.now();
      setMine(null);
      const shape = shapeOf(gesture.tool, gesture.points);
      const id = openId();
      if (shape) void commit(shape, gesture.clientId);
      else if (id) send(ANNOT_TOPIC, { type: "shape.cancel", snapshotId: id, clientId: gesture.clientId });
    },
    placeText(at: Point, text: string) {
      const trimmed = text.trim();
      if (trimmed) void commit({ kind: "text", at, text: trimmed }, newClientId());
    },
    pointer(at: Point | null) {
      cursorAt = at;
      outgoing.schedule();
    },
  };
}
