/**
 * Pure geometry of the annotation layer. Every coordinate is normalised to the frozen frame: [x, y] with
 * 0..1 across and 0..1 down (the contract's Point), so a shape drawn on a laptop lands on the same spot of
 * the picture on a phone.
 */
import { MAX_STROKE_POINTS, type Point, roundCoord, type Shape } from "../../../server/snapshots/annotation-contracts.ts";

export type { Point, Shape };
export const TOOLS = ["rect", "arrow", "stroke", "text"] as const satisfies ReadonlyArray<Shape["kind"]>;
export type Tool = (typeof TOOLS)[number];

export const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
const at = (x: number, y: number): Point => [roundCoord(clamp01(x)), roundCoord(clamp01(y))];

/** A pointer position inside an element's box as a normalised point, clamped to the frame. */
export function normalise(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  return at((clientX - box.left) / box.width, (clientY - box.top) / box.height);
}

/** The rectangle spanned by two corners, whichever way it was dragged (stays inside the frame). */
export function rectOf(a: Point, b: Point): Extract<Shape, { kind: "rect" }> {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return { kind: "rect", x, y, w: roundCoord(Math.min(Math.abs(a[0] - b[0]), 1 - x)), h: roundCoord(Math.min(Math.abs(a[1] - b[1]), 1 - y)) };
}

/**
 * The two barbs of an arrow head at `to`, computed in pixel space (width × height) so the head is not
 * squashed on a wide frame, returned normalised again.
 */
export function arrowHead(from: Point, to: Point, width: number, height: number, lengthPx = 14): [Point, Point] {
  const angle = Math.atan2((to[1] - from[1]) * height, (to[0] - from[0]) * width);
  const barb = (side: number): Point => [
    to[0] - (lengthPx * Math.cos(angle + side * (Math.PI / 7))) / Math.max(width, 1),
    to[1] - (lengthPx * Math.sin(angle + side * (Math.PI / 7))) / Math.max(height, 1),
  ];
  return [barb(1), barb(-1)];
}

/** An SVG path through the points, in the layer's 0..1 coordinate space. */
export function pathData(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p[0]} ${p[1]}`).join(" ");
}

/** Whether p is far enough from the last point to add (a still pointer adds nothing). */
export const movedEnough = (last: Point | undefined, p: Point, minStep = 0.002) => !last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= minStep;

/**
 * Thins a stroke to at most `max` points, keeping the first and the last (evenly spaced picks: a long
 * scribble keeps its shape, and the committed shape stays within the contract's bound).
 */
export function limitPoints(points: readonly Point[], max = MAX_STROKE_POINTS): Point[] {
  if (points.length <= max) return [...points];
  const out: Point[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

const far = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]) >= 0.005;

/** The shape a finished gesture makes, or null when it is too small to mean anything (a click, a tremor). */
export function shapeOf(tool: Exclude<Tool, "text">, points: readonly Point[]): Shape | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || points.length < 2) return null;
  if (tool === "stroke") return points.some((p) => far(p, first)) ? { kind: "stroke", points: limitPoints(points) } : null;
  if (!far(first, last)) return null;
  return tool === "rect" ? rectOf(first, last) : { kind: "arrow", from: first, to: last };
}
