import type { Annotation, AnnotationState } from "../../../server/snapshots/annotation-contracts.ts";
import type { Point, Shape } from "./geometry.ts";

/**
 * The annotation layer's state as plain data and pure transitions (unit-tested without a browser):
 * the committed annotations with the snapshot's version (what the API persisted), the others' drawings in
 * progress, and their cursors.
 */
export interface Committed {
  version: number;
  items: Annotation[];
}

/** How a committed change relates to what we hold: apply it, already have it, or we missed one (reload). */
export type Fit = "apply" | "stale" | "gap";
export const fitOf = (current: Committed, version: number): Fit => (version === current.version + 1 ? "apply" : version <= current.version ? "stale" : "gap");

export const fromState = (s: AnnotationState): Committed => ({ version: s.version, items: [...s.items].sort(byOrder) });

const byOrder = (a: Annotation, b: Annotation) => a.version - b.version || a.id.localeCompare(b.id);

export function withCommitted(current: Committed, annotation: Annotation, version: number): Committed {
  return { version, items: [...current.items.filter((a) => a.id !== annotation.id), annotation].sort(byOrder) };
}

export const withUndone = (current: Committed, annotationId: string, version: number): Committed => ({ version, items: current.items.filter((a) => a.id !== annotationId) });

/** The newest annotation of this author: what their undo takes back. */
export function lastOf(items: readonly Annotation[], authorId: string): Annotation | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.author.id === authorId) return items[i];
  return undefined;
}

/** Someone else's drawing in progress: a stroke's points so far, or the previewed rectangle/arrow/label. */
export interface LiveDrawing {
  authorId: string;
  clientId: string;
  shape: Shape;
  /** a stroke's batches by seq: the lossy channel is unordered, so a late batch still lands in its place */
  batches: ReadonlyMap<number, readonly Point[]>;
  updatedAt: number;
}

export interface Cursor {
  authorId: string;
  at: Point;
  updatedAt: number;
}

/** A stroke in progress keeps at most this many batches (a runaway or hostile sender cannot grow it further). */
export const MAX_LIVE_BATCHES = 1000;

const keyOf = (authorId: string, clientId: string) => `${authorId}/${clientId}`;

/** A batch of new stroke points, placed by its seq (a new map: Solid sees the change); duplicates are ignored. */
export function withStrokePoints(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string, seq: number, points: readonly Point[], now: number): ReadonlyMap<string, LiveDrawing> {
  const key = keyOf(authorId, clientId);
  const current = drawings.get(key);
  if (current && (current.shape.kind !== "stroke" || current.batches.has(seq) || current.batches.size >= MAX_LIVE_BATCHES)) return drawings;
  const batches = new Map(current?.batches ?? []).set(seq, points);
  const ordered = [...batches.keys()].sort((a, b) => a - b).flatMap((k) => batches.get(k)!);
  const next = new Map(drawings);
  next.set(key, { authorId, clientId, batches, updatedAt: now, shape: { kind: "stroke", points: ordered } });
  return next;
}

export function withPreview(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string, shape: Shape, now: number): ReadonlyMap<string, LiveDrawing> {
  const next = new Map(drawings);
  next.set(keyOf(authorId, clientId), { authorId, clientId, batches: new Map(), updatedAt: now, shape });
  return next;
}

export function withoutDrawing(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string | null): ReadonlyMap<string, LiveDrawing> {
  if (clientId === null || !drawings.has(keyOf(authorId, clientId))) return drawings;
  const next = new Map(drawings);
  next.delete(keyOf(authorId, clientId));
  return next;
}

/** Entries not heard from for `maxAgeMs` (their author left, or the end of the gesture was lost); same map if none. */
export function withoutStale<T extends { updatedAt: number }>(items: ReadonlyMap<string, T>, now: number, maxAgeMs: number): ReadonlyMap<string, T> {
  const fresh = [...items].filter(([, v]) => now - v.updatedAt < maxAgeMs);
  return fresh.length === items.size ? items : new Map(fresh);
}
