import { z } from "zod";
import type { Point, Tool } from "./geometry.ts";

/**
 * The peer-to-peer messages of the annotation layer, on LiveKit's lossy topics (DESIGN §5): tiny JSON
 * packets, at most one per animation frame per sender. Coordinates travel as integers 0..10000 (1e-4 of
 * the frame), which keeps a packet of a whole frame's new points far below one MTU. Anything that fails
 * these schemas is dropped with a console warning; other participants are unaffected.
 */
export const ANNOT_TOPIC = "annot";
export const CURSOR_TOPIC = "cursor";

const SCALE = 10000;
const coord = z.number().int().min(0).max(SCALE);
const id = z.string().min(1).max(64);

/** Points of one frame at most; a freehand stroke's later packets carry `o`, the index of their first point. */
export const MAX_POINTS_PER_PACKET = 64;

/**
 * An in-progress stroke. rect/arrow: `p` is [start, current] and replaces what was there; freehand: `p`
 * holds points o, o+1, … of the stroke. `e` says the gesture ended (committed or abandoned): forget it.
 */
export const StrokeMessage = z.strictObject({
  s: id,
  i: z.string().min(1).max(24),
  t: z.enum(["rect", "arrow", "freehand"]),
  o: z.number().int().min(0).max(100_000),
  p: z
    .array(coord)
    .max(MAX_POINTS_PER_PACKET * 2)
    .refine((p) => p.length % 2 === 0, "coordinates come in pairs"),
  e: z.literal(1).optional(),
});
export type StrokeMessage = z.infer<typeof StrokeMessage>;

/** Where a participant's pointer is over a snapshot; `h` hides it (the pointer left the frame). */
export const CursorMessage = z.strictObject({ s: id, x: coord, y: coord, h: z.literal(1).optional() });
export type CursorMessage = z.infer<typeof CursorMessage>;

export const toWire = (points: readonly Point[]): number[] => points.flatMap((p) => [Math.round(p.x * SCALE), Math.round(p.y * SCALE)]);
export function fromWire(p: readonly number[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push({ x: p[i]! / SCALE, y: p[i + 1]! / SCALE });
  return out;
}
export const cursorWire = (s: string, p: Point | null): CursorMessage => (p ? { s, x: Math.round(p.x * SCALE), y: Math.round(p.y * SCALE) } : { s, x: 0, y: 0, h: 1 });

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const encode = (message: unknown) => encoder.encode(JSON.stringify(message));

/** Parses a received packet against `schema`; null (with a warning naming the topic) when it does not fit. */
export function parseMessage<T>(schema: z.ZodType<T>, topic: string, payload: Uint8Array): T | null {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(payload));
  } catch {
    console.warn(`[live] ignored a "${topic}" message that is not JSON`);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.warn(`[live] ignored an invalid "${topic}" message:`, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return null;
  }
  return parsed.data;
}

export type LiveTool = Exclude<Tool, "text">;
