import { batch, createSignal, on, onCleanup } from "solid-js";
import { getAnnotations } from "../../api/snapshots.ts";
import { type Annotation, AnnotationState, PREVIEW_EXPIRY_MS, type AnnotMessage } from "../../../server/snapshots/annotation-contracts.ts";
import type { Snapshot } from "../../../server/snapshots/contracts.ts";
import type { LiveController } from "../types.ts";
import { type AnnotMetrics, clock } from "./annotationMetrics.ts";
import type { Point, Shape, Tool } from "./geometry.ts";
import { ANNOT_TOPIC, CURSOR_TOPIC, parseAnnot, parseCursor } from "./messages.ts";
import { type Committed, type Cursor, fitOf, fromState, type LiveDrawing, withCommitted, withoutDrawing, liveStrokeLength, withoutStale, withPreview, withStrokePoints, withUndone } from "./state.ts";
import { onReconnected } from "../reconnected.ts";

export type SharedLayer = ReturnType<typeof createSharedLayer>;

/**
 * The open frame as everyone in the room sees it: the committed shapes, others' drawings in progress and their
 * cursors, and this viewer's own gesture and shapes awaiting the server. Everyone opens a snapshot when the server
 * says it was frozen (reliable `snapshot.opened`). Committed shapes come from the API and the server's reliable broadcasts, applied in version order; a
 * version gap (a missed packet, a reconnect, a late join) reloads the state from the API, so every client
 * converges on what was persisted. Drawings and cursors come on the lossy topics and expire when not heard from.
 */
export function createSharedLayer(live: Pick<LiveController, "onData" | "state">, metrics: AnnotMetrics | null) {
  const [snapshot, setSnapshot] = createSignal<Snapshot | null>(null);
  const [committed, setCommitted] = createSignal<Committed>({ version: 0, items: [] });
  const [loaded, setLoaded] = createSignal(false);
  const [drawings, setDrawings] = createSignal<ReadonlyMap<string, LiveDrawing>>(new Map());
  const [cursors, setCursors] = createSignal<ReadonlyMap<string, Cursor>>(new Map());
  const [error, setError] = createSignal<unknown>();
  /** my own gesture in progress (drawn locally at once; the others get it on the lossy topic) */
  const [mine, setMine] = createSignal<{ tool: Exclude<Tool, "text">; clientId: string; points: Point[] } | null>(null);
  /** my shapes sent for commit and not yet confirmed: drawn meanwhile so nothing flickers */
  const [pending, setPending] = createSignal<ReadonlyMap<string, Shape>>(new Map());
  let loadGeneration = 0;
  /** author/clientId of drawings already committed or cancelled: a lossy packet arriving after that is stale */
  const finished = new Set<string>();
  const finish = (authorId: string, clientId: string | null) => clientId && finished.add(`${authorId}/${clientId}`);
  const isFinished = (authorId: string, clientId: string) => finished.has(`${authorId}/${clientId}`);

  const openId = () => snapshot()?.id ?? null;

  async function reload() {
    const id = openId();
    if (!id) return;
    const mineGen = ++loadGeneration;
    try {
      const state = AnnotationState.parse(await getAnnotations(id));
      if (mineGen !== loadGeneration || openId() !== id) return;
      // a broadcast may have moved us past what this GET saw: keep the newer one
      if (state.version >= committed().version || !loaded()) setCommitted(fromState(state));
      setLoaded(true);
      setError(undefined);
    } catch (err) {
      if (mineGen === loadGeneration) setError(err);
    }
  }

  /** Opens a snapshot (a broadcast, or the viewer's choice) and loads its annotations. */
  function open(next: Snapshot | null) {
    if (next?.id === openId()) return;
    batch(() => {
      setSnapshot(next);
      setCommitted({ version: 0, items: [] });
      setLoaded(false);
      setDrawings(new Map());
      setCursors(new Map());
      setMine(null);
      setPending(new Map());
    });
    finished.clear();
    void reload();
  }

  function applyCommitted(annotation: Annotation, version: number) {
    const fit = fitOf(committed(), version);
    finish(annotation.author.id, annotation.clientId);
    batch(() => {
      if (fit === "apply") setCommitted(withCommitted(committed(), annotation, version));
      setDrawings((d) => withoutDrawing(d, annotation.author.id, annotation.clientId));
      if (annotation.clientId) setPending((p) => dropKey(p, annotation.clientId!));
    });
    if (fit === "gap") void reload();
  }

  function applyUndone(annotationId: string, version: number) {
    const fit = fitOf(committed(), version);
    if (fit === "gap") return void reload();
    if (fit === "apply") setCommitted(withUndone(committed(), annotationId, version));
  }

  function receive(message: AnnotMessage, from: string | undefined) {
    if (message.type === "snapshot.opened") return open(message.snapshot);
    if (message.snapshotId !== openId()) return;
    const now = Date.now();
    switch (message.type) {
      case "annotation.committed":
        return applyCommitted(message.annotation, message.version);
      case "annotation.undone":
        return applyUndone(message.annotationId, message.version);
      case "stroke.progress":
        if (isFinished(from!, message.clientId)) return;
        const before = liveStrokeLength(drawings(), from!, message.clientId);
        setDrawings((d) => withStrokePoints(d, from!, message.clientId, message.from, message.points, now));
        if (metrics && message.sentAt !== undefined) {
          const sentAt = message.sentAt;
          // points repeated from the message before (see StrokeProgress) are not drawn twice, nor counted
          const count = liveStrokeLength(drawings(), from!, message.clientId) - before;
          // rendered: Solid has updated the SVG synchronously; the next frame is when it reaches the screen
          requestAnimationFrame(() => {
            const lag = clock() - sentAt;
            for (let i = 0; i < count; i++) metrics.strokeLatencies.push(lag);
          });
        }
        return;
      case "shape.preview":
        if (isFinished(from!, message.clientId)) return;
        return void setDrawings((d) => withPreview(d, from!, message.clientId, message.shape, now));
      case "shape.cancel":
        finish(from!, message.clientId);
        return void setDrawings((d) => withoutDrawing(d, from!, message.clientId));
    }
  }

  onCleanup(
    live.onData(ANNOT_TOPIC, (payload, from) => {
      const message = parseAnnot(payload, from);
      if (message) receive(message, from);
    }),
  );
  onCleanup(
    live.onData(CURSOR_TOPIC, (payload, from) => {
      const message = parseCursor(payload, from);
      if (!message || message.snapshotId !== openId() || !from) return;
      setCursors((all) => {
        const next = new Map(all);
        if (message.at) next.set(from, { authorId: from, at: message.at, updatedAt: Date.now() });
        else next.delete(from);
        return next;
      });
    }),
  );
  // a reconnection may have missed broadcasts: the API has the truth
  onReconnected(live, () => void reload());
  // someone who left mid-gesture (or whose "cancel" was lost) does not leave a drawing behind
  const sweep = setInterval(() => {
    const now = Date.now();
    setDrawings((d) => withoutStale(d, now, PREVIEW_EXPIRY_MS));
    setCursors((c) => withoutStale(c, now, PREVIEW_EXPIRY_MS));
  }, 1000);
  onCleanup(() => clearInterval(sweep));

  return {
    snapshot,
    openId,
    open,
    reload,
    loaded,
    error,
    setError,
    committed,
    drawings,
    cursors,
    pending,
    mine,
    setMine,
    addPending: (clientId: string, shape: Shape) => setPending((p) => new Map(p).set(clientId, shape)),
    dropPending: (clientId: string) => setPending((p) => dropKey(p, clientId)),
    applyCommitted,
    applyUndone,
  };
}

function dropKey<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
