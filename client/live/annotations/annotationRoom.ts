import { batch, createEffect, createSignal, on, onCleanup } from "solid-js";
import { commitAnnotation, getAnnotations, showSnapshot, undoAnnotation } from "../../api/snapshots.ts";
import { type Annotation, AnnotationCommitted, AnnotationState, AnnotationUndone, MAX_PROGRESS_POINTS, PREVIEW_EXPIRY_MS, type AnnotMessage } from "../../../server/snapshots/annotation-contracts.ts";
import type { Snapshot } from "../../../server/snapshots/contracts.ts";
import type { LiveController } from "../types.ts";
import { movedEnough, type Point, type Shape, shapeOf, type Tool } from "./geometry.ts";
import { ANNOT_TOPIC, CURSOR_TOPIC, encode, parseAnnot, parseCursor } from "./messages.ts";
import { rafBatch } from "./rafBatch.ts";
import { type Committed, type Cursor, fitOf, fromState, lastOf, type LiveDrawing, withCommitted, withoutDrawing, withoutStale, withPreview, withStrokePoints, withUndone } from "./state.ts";

export type AnnotationRoom = ReturnType<typeof createAnnotationRoom>;

/** Milliseconds since the epoch with sub-millisecond resolution (both browsers of a benchmark share the clock). */
const clock = () => performance.timeOrigin + performance.now();

/** Bench/e2e measurements, kept only when the page runs under the test flag (testHook.ts). */
interface AnnotMetrics {
  /** receiver: for every stroke point drawn, its render time minus the time its batch left the sender */
  strokeLatencies: number[];
  /** sender: stroke points handed to LiveKit, and those it refused (not connected) */
  strokePointsSent: number;
  strokePointsUnsent: number;
}
function testMetrics(): AnnotMetrics | null {
  const w = globalThis as { __MCLL_TEST__?: boolean; __annot?: AnnotMetrics };
  if (!w.__MCLL_TEST__) return null;
  return (w.__annot ??= { strokeLatencies: [], strokePointsSent: 0, strokePointsUnsent: 0 });
}

let clientCounter = 0;
const newClientId = () => `c${Date.now().toString(36)}${(clientCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The frozen frames of one canteen room and the shared annotation layer of the one that is open.
 * Everyone opens a snapshot when the server says it was frozen (reliable `snapshot.opened`). Committed
 * shapes come from the API and the server's reliable broadcasts, applied in version order; a version gap
 * (a missed packet, a reconnect, a late join) reloads the state from the API, so every client converges on
 * what was persisted. Others' drawings in progress and cursors come on the lossy topics, are drawn as they
 * arrive, and expire when not heard from.
 */
export function createAnnotationRoom(live: Pick<LiveController, "onData" | "sendData" | "state" | "identity">) {
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
  const metrics = testMetrics();
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
        setDrawings((d) => withStrokePoints(d, from!, message.clientId, message.seq, message.points, now));
        if (metrics && message.sentAt !== undefined) {
          const sentAt = message.sentAt;
          const count = message.points.length;
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
  createEffect(
    on(
      () => live.state() === "connected",
      (connected, was) => {
        if (connected && was === false) void reload();
      },
      { defer: true },
    ),
  );
  // someone who left mid-gesture (or whose "cancel" was lost) does not leave a drawing behind
  const sweep = setInterval(() => {
    const now = Date.now();
    setDrawings((d) => withoutStale(d, now, PREVIEW_EXPIRY_MS));
    setCursors((c) => withoutStale(c, now, PREVIEW_EXPIRY_MS));
  }, 1000);
  onCleanup(() => clearInterval(sweep));

  // ---- what this viewer sends
  let unsent: Point[] = [];
  let seq = 0;
  let cursorAt: Point | null | undefined;
  const send = (topic: string, message: Parameters<typeof encode>[0]) => live.sendData(topic, encode(message), { reliable: false });

  const outgoing = rafBatch(() => {
    const id = openId();
    const gesture = mine();
    if (id && gesture) {
      if (gesture.tool === "stroke") {
        while (unsent.length) {
          const points = unsent.splice(0, MAX_PROGRESS_POINTS);
          const sent = send(ANNOT_TOPIC, { type: "stroke.progress", snapshotId: id, clientId: gesture.clientId, seq: seq++, points, sentAt: clock() });
          if (metrics) metrics[sent ? "strokePointsSent" : "strokePointsUnsent"] += points.length;
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
    setPending((p) => new Map(p).set(clientId, shape));
    try {
      const answer = AnnotationCommitted.parse(await commitAnnotation(id, { shape, clientId }));
      if (openId() === id) applyCommitted(answer.annotation, answer.version);
      setError(undefined);
    } catch (err) {
      setError(err);
      setPending((p) => dropKey(p, clientId));
      if (openId() === id) send(ANNOT_TOPIC, { type: "shape.cancel", snapshotId: id, clientId });
    }
  }

  return {
    snapshot,
    open,
    reload,
    loaded,
    error,
    /** committed annotations in drawing order */
    annotations: () => committed().items,
    version: () => committed().version,
    drawings: () => [...drawings().values()],
    cursors: () => [...cursors().values()],
    mine,
    pending: () => [...pending().values()],
    myId: live.identity,
    canUndo: () => !!live.identity() && !!lastOf(committed().items, live.identity()!),

    begin(tool: Exclude<Tool, "text">, at: Point) {
      unsent = tool === "stroke" ? [at] : [];
      seq = 0;
      setMine({ tool, clientId: newClientId(), points: [at] });
      outgoing.schedule();
    },
    extend(at: Point) {
      const gesture = mine();
      if (!gesture) return;
      if (gesture.tool === "stroke") {
        if (!movedEnough(gesture.points[gesture.points.length - 1], at)) return;
        unsent.push(at);
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
      unsent = [];
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
    /** opens the frame this viewer has open on everyone's screen (the server announces it to the room) */
    async showToEveryone() {
      const id = openId();
      if (!id) return;
      try {
        await showSnapshot(id);
        setError(undefined);
      } catch (err) {
        setError(err);
      }
    },
    /** takes back this viewer's newest shape (the server refuses anyone else's) */
    async undo() {
      const me = live.identity();
      const last = me ? lastOf(committed().items, me) : undefined;
      if (!last) return;
      try {
        const answer = AnnotationUndone.parse(await undoAnnotation(last.id));
        if (answer.snapshotId === openId()) applyUndone(answer.annotationId, answer.version);
        setError(undefined);
      } catch (err) {
        setError(err);
      }
    },
  };
}

function dropKey<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
