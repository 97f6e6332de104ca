import { type Annotation, type AnnotationState, MAX_LIVE_STROKE_POINTS } from "../../../server/snapshots/annotation-contracts.ts";
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
  /**
   * a stroke's points by their index in the stroke, holes where nothing has arrived yet (the lossy channel may
   * drop or reorder); the shape draws through the known ones, so a hole is a straight step, never a break
   */
  slots: ReadonlyArray<Point | undefined>;
  updatedAt: number;
}

export interface Cursor {
  authorId: string;
  at: Point;
  updatedAt: number;
}

const keyOf = (authorId: string, clientId: string) => `${authorId}/${clientId}`;

/** How many points of someone's stroke in progress are drawn here. */
export function liveStrokeLength(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string): number {
  const shape = drawings.get(keyOf(authorId, clientId))?.shape;
  return shape?.kind === "stroke" ? shape.points.length : 0;
}

/** Points of a stroke placed by index (a new map: Solid sees the change); the same map when nothing was new. */
export function withStrokePoints(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string, from: number, points: readonly Point[], now: number): ReadonlyMap<string, LiveDrawing> {
  const key = keyOf(authorId, clientId);
  const current = drawings.get(key);
  if (current && current.shape.kind !== "stroke") return drawings;
  const end = Math.min(from + points.length, MAX_LIVE_STROKE_POINTS);
  const known = current?.slots ?? [];
  let fresh = false;
  for (let i = from; i < end && !fresh; i++) fresh = known[i] === undefined;
  if (!fresh) return drawings;
  const slots = [...known];
  for (let i = from; i < end; i++) slots[i] ??= points[i - from];
  const next = new Map(drawings);
  next.set(key, { authorId, clientId, slots, updatedAt: now, shape: { kind: "stroke", points: slots.filter((p): p is Point => p !== undefined) } });
  return next;
}

export function withPreview(drawings: ReadonlyMap<string, LiveDrawing>, authorId: string, clientId: string, shape: Shape, now: number): ReadonlyMap<string, LiveDrawing> {
  const next = new Map(drawings);
  next.set(keyOf(authorId, clientId), { authorId, clientId, slots: [], updatedAt: now, shape });
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
