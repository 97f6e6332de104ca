import { fromWire, type LiveTool, type StrokeMessage } from "./messages.ts";
import type { Point, Tool } from "./geometry.ts";

/**
 * The annotation layer's state as plain data and pure transitions (unit-tested without a browser):
 * committed shapes (what the API persisted), the others' strokes in progress, and their cursors.
 */
export interface Shape {
  id: string;
  snapshotId: string;
  authorId: string;
  authorName: string;
  tool: Tool;
  points: Point[];
  text: string | null;
  createdAt: string;
}

export interface LiveStroke {
  authorId: string;
  strokeId: string;
  tool: LiveTool;
  /** sparse for freehand: a lost packet leaves a gap, which rendering skips */
  points: Array<Point | undefined>;
  updatedAt: number;
}

export interface Cursor {
  authorId: string;
  point: Point;
  updatedAt: number;
}

/** A stroke or cursor not heard from for this long belongs to someone who left or lost the connection. */
export const STALE_MS = 5000;

/** Shapes in drawing order (createdAt, then id); the same shape from the API and a broadcast counts once. */
export function upsertShape(shapes: readonly Shape[], shape: Shape): Shape[] {
  const rest = shapes.filter((s) => s.id !== shape.id);
  rest.push(shape);
  return rest.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export const removeShape = (shapes: readonly Shape[], id: string): Shape[] => shapes.filter((s) => s.id !== id);

/** The newest shape of this author: what their undo takes back. */
export function lastShapeOf(shapes: readonly Shape[], authorId: string): Shape | undefined {
  for (let i = shapes.length - 1; i >= 0; i--) if (shapes[i]!.authorId === authorId) return shapes[i];
  return undefined;
}

const strokeKey = (authorId: string, strokeId: string) => `${authorId}/${strokeId}`;

/** The strokes in progress after one received packet (a new map: Solid sees the change). */
export function applyStroke(strokes: ReadonlyMap<string, LiveStroke>, authorId: string, m: StrokeMessage, now: number): Map<string, LiveStroke> {
  const next = new Map(strokes);
  const key = strokeKey(authorId, m.i);
  if (m.e) {
    next.delete(key);
    return next;
  }
  const incoming = fromWire(m.p);
  const current = next.get(key);
  let points: Array<Point | undefined>;
  if (m.t !== "freehand") points = incoming;
  else {
    points = current && current.tool === "freehand" ? [...current.points] : [];
    incoming.forEach((p, i) => (points[m.o + i] = p));
  }
  next.set(key, { authorId, strokeId: m.i, tool: m.t, points, updatedAt: now });
  return next;
}

/** Forgets every stroke of one author (they committed, left, or the layer closed). */
export function dropStrokesOf(strokes: ReadonlyMap<string, LiveStroke>, authorId: string): Map<string, LiveStroke> {
  return new Map([...strokes].filter(([, s]) => s.authorId !== authorId));
}

export function pruneStale<T extends { updatedAt: number }>(items: ReadonlyMap<string, T>, now: number): Map<string, T> | null {
  const fresh = [...items].filter(([, v]) => now - v.updatedAt < STALE_MS);
  return fresh.length === items.size ? null : new Map(fresh);
}

/** The drawn points of a live stroke, gaps left by lost packets skipped. */
export const presentPoints = (s: LiveStroke): Point[] => s.points.filter((p): p is Point => p !== undefined);
