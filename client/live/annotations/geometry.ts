/**
 * Pure geometry of the annotation layer. Every coordinate is normalised to the frozen frame: 0..1 across
 * and 0..1 down, so a shape drawn on a laptop lands on the same spot of the picture on a phone.
 */
export interface Point {
  x: number;
  y: number;
}

export const TOOLS = ["rect", "arrow", "freehand", "text"] as const;
export type Tool = (typeof TOOLS)[number];

/** A freehand stroke keeps at most this many points (the server refuses more; see MAX_STROKE_POINTS). */
export const MAX_STROKE_POINTS = 500;

export const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** A pointer position inside an element's box as a normalised point, clamped to the frame. */
export function normalise(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  if (box.width <= 0 || box.height <= 0) return { x: 0, y: 0 };
  return { x: clamp01((clientX - box.left) / box.width), y: clamp01((clientY - box.top) / box.height) };
}

/** The rectangle spanned by two corners, whichever way it was dragged. */
export function rectOf(a: Point, b: Point) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/**
 * The two barbs of an arrow head at `to`, in pixel space (width × height) so the head is not squashed on a
 * wide frame; returned normalised again.
 */
export function arrowHead(from: Point, to: Point, width: number, height: number, lengthPx = 14): [Point, Point] {
  const dx = (to.x - from.x) * width;
  const dy = (to.y - from.y) * height;
  const angle = Math.atan2(dy, dx);
  const barb = (side: number): Point => ({
    x: to.x - (lengthPx * Math.cos(angle + side * (Math.PI / 7))) / Math.max(width, 1),
    y: to.y - (lengthPx * Math.sin(angle + side * (Math.PI / 7))) / Math.max(height, 1),
  });
  return [barb(1), barb(-1)];
}

/** An SVG path through the points, in the layer's own 0..1 viewBox. */
export function pathData(points: readonly Point[]): string {
  if (points.length === 0) return "";
  const f = (v: number) => Math.round(v * 10000) / 10000;
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${f(p.x)} ${f(p.y)}`).join(" ");
}

/** Appends a point to a stroke unless it is within `minStep` of the last one (a still pointer adds nothing). */
export function appendPoint(points: readonly Point[], p: Point, minStep = 0.002): Point[] {
  const last = points[points.length - 1];
  if (last && Math.hypot(p.x - last.x, p.y - last.y) < minStep) return points as Point[];
  return [...points, p];
}

/**
 * Thins a stroke to at most `max` points, keeping the first and the last (evenly spaced picks: a long
 * scribble keeps its shape; the limit keeps the committed shape under the server's bound).
 */
export function limitPoints(points: readonly Point[], max = MAX_STROKE_POINTS): Point[] {
  if (points.length <= max) return [...points];
  const out: Point[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

/** Whether a finished gesture is worth committing: a click without a drag draws nothing. */
export function isMeaningful(tool: Tool, points: readonly Point[]): boolean {
  if (tool === "text") return points.length >= 1;
  if (points.length < 2) return false;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (tool === "freehand") return points.some((p) => Math.hypot(p.x - first.x, p.y - first.y) >= 0.005);
  return Math.hypot(last.x - first.x, last.y - first.y) >= 0.005;
}

/** Eight colours that stay legible over a kitchen picture; each author gets one from their id. */
export const PALETTE = ["#e5312b", "#1f6feb", "#16a34a", "#f59e0b", "#a21caf", "#0891b2", "#ea580c", "#4f46e5"] as const;

export function colourOf(authorId: string): string {
  let h = 2166136261;
  for (let i = 0; i < authorId.length; i++) h = Math.imul(h ^ authorId.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}
