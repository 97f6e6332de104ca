import { z } from "zod";
import { Id, IsoTime, text } from "../contracts/common.ts";
import { SHAPE_KINDS } from "../contracts/enums.ts";
import { Snapshot } from "./contracts.ts";

/**
 * The shared annotation layer on a frozen frame (issue 4).
 *
 * Coordinates are normalised to the image: x and y in 0..1 from the top-left corner, so every screen
 * size draws the same shape. The server rounds them to COORD_DECIMALS places before it stores and
 * broadcasts a shape, which is what keeps the largest committed message under LiveKit's 15 KiB reliable
 * packet (see MAX_RELIABLE_BYTES and the unit test that serialises the worst case).
 *
 * Flow: in-progress strokes and cursors go browser → browser on lossy data (topics `annot` and
 * `cursor`, never persisted); a finished shape is committed with `POST /api/v1/snapshots/{id}/annotations`,
 * persisted, then broadcast by the server on the reliable `annot` topic with the snapshot's new version.
 * A client that sees a version jump (missed message, reconnect, late join) reloads
 * `GET /api/v1/snapshots/{id}/annotations`.
 */

export const ShapeKind = z.enum(SHAPE_KINDS);

export { MAX_LOSSY_BYTES, MAX_RELIABLE_BYTES } from "../bus/limits.ts";
/** A freehand stroke holds at most this many points (clients simplify or split longer strokes). */
export const MAX_STROKE_POINTS = 500;
/** An in-progress stroke streams its new points in batches of at most this many. */
export const MAX_PROGRESS_POINTS = 40;
export const MAX_TEXT_LENGTH = 200;
export const COORD_DECIMALS = 4;

/** A normalised coordinate: finite (no NaN, no Infinity) and within the image. */
export const Coord = z.number().finite().min(0).max(1);
/** [x, y] */
export const Point = z.tuple([Coord, Coord]);
export type Point = z.infer<typeof Point>;

export const RectShape = z.strictObject({
  kind: z.literal("rect"),
  /** top-left corner and size; a rectangle reaching past the image is clipped to it (normaliseShape) */
  x: Coord,
  y: Coord,
  w: Coord,
  h: Coord,
});
export const ArrowShape = z.strictObject({ kind: z.literal("arrow"), from: Point, to: Point });
export const StrokeShape = z.strictObject({ kind: z.literal("stroke"), points: z.array(Point).min(2).max(MAX_STROKE_POINTS) });
export const TextShape = z.strictObject({
  kind: z.literal("text"),
  /** where the label's top-left corner sits */
  at: Point,
  text: text({ min: 1, max: MAX_TEXT_LENGTH }),
});

/** No cross-field refinement: the document could not state it, so a rectangle past the edge is clipped, not refused. */
export const Shape = z.discriminatedUnion("kind", [RectShape, ArrowShape, StrokeShape, TextShape]);
export type Shape = z.infer<typeof Shape>;

/** Author colours: one per participant, the same on every screen (derived from the identity). */
export const AUTHOR_COLOURS = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#d81b60", "#6d4c41"] as const;
export const Colour = z.string().regex(/^#[0-9a-f]{6}$/, "colour must be #rrggbb");

/** The colour of a participant (a user id or LiveKit identity): a stable hash into AUTHOR_COLOURS. */
export function authorColour(identity: string): string {
  let h = 0;
  for (let i = 0; i < identity.length; i++) h = (Math.imul(h, 31) + identity.charCodeAt(i)) >>> 0;
  return AUTHOR_COLOURS[h % AUTHOR_COLOURS.length]!;
}

/** Client-chosen id of a shape while it is drawn, echoed in the committed broadcast. */
export const ClientShapeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "invalid client id");

/** Body of `POST /api/v1/snapshots/{id}/annotations` */
export const CommitAnnotation = z.strictObject({ shape: Shape, clientId: ClientShapeId.optional() });
export type CommitAnnotation = z.infer<typeof CommitAnnotation>;

export const Annotation = z.object({
  id: Id,
  snapshotId: Id,
  author: z.object({ id: Id, displayName: z.string() }),
  colour: Colour,
  shape: Shape,
  /** the snapshot's annotation version this commit produced */
  version: z.number().int(),
  clientId: ClientShapeId.nullable(),
  createdAt: IsoTime,
});
export type Annotation = z.infer<typeof Annotation>;

/** `GET /api/v1/snapshots/{id}/annotations`: the current state, for late joiners and reconnects. */
export const AnnotationState = z.object({ snapshotId: Id, version: z.number().int(), items: z.array(Annotation) });
export type AnnotationState = z.infer<typeof AnnotationState>;

/** Answer of the commit (201) and of `DELETE /api/v1/annotations/{id}` (undo one's own, 200). */
export const AnnotationCommitted = z.object({ annotation: Annotation, version: z.number().int() });
export const AnnotationUndone = z.object({ snapshotId: Id, annotationId: Id, version: z.number().int() });

// ---------------------------------------------------------------------------------------------------
// Realtime data messages in the canteen room `canteen:<id>` (DESIGN §5). Every receiver validates with
// these schemas and drops (with a logged warning) whatever does not parse.

/** Topics of the annotation layer. */
export const ANNOT_TOPIC = "annot";
export const CURSOR_TOPIC = "cursor";

/** Reliable, sent by the SERVER on `annot` after a freeze: everyone opens the frozen frame. */
export const SnapshotOpened = z.object({ type: z.literal("snapshot.opened"), snapshot: Snapshot });

/** Reliable, sent by the SERVER on `annot` after a commit is persisted. */
export const AnnotationCommittedMessage = z.object({
  type: z.literal("annotation.committed"),
  snapshotId: Id,
  version: z.number().int(),
  annotation: Annotation,
});
/** Reliable, sent by the SERVER on `annot` after an undo is persisted. */
export const AnnotationUndoneMessage = z.object({ type: z.literal("annotation.undone"), snapshotId: Id, version: z.number().int(), annotationId: Id });

/** A stroke in progress is drawn by the others up to this many points (a runaway or hostile sender cannot grow it further). */
export const MAX_LIVE_STROKE_POINTS = 5000;

/**
 * Lossy, browser → browsers on `annot`: points of a stroke being drawn, placed by their index in the stroke
 * (`from` is the first one's). Each message repeats the points of the one before it, so a lost packet is made
 * good by the next, and a late one lands in its place (the channel is unordered).
 */
export const StrokeProgress = z
  .strictObject({
    type: z.literal("stroke.progress"),
    snapshotId: Id,
    clientId: ClientShapeId,
    from: z.number().int().min(0).max(MAX_LIVE_STROKE_POINTS - 1),
    points: z.array(Point).min(1).max(MAX_PROGRESS_POINTS),
    /** sender's clock (ms since epoch) when the batch left, for latency measurement */
    sentAt: z.number().finite().optional(),
  })
  .refine((m) => m.from + m.points.length <= MAX_LIVE_STROKE_POINTS, { message: `a stroke in progress has at most ${MAX_LIVE_STROKE_POINTS} points`, path: ["from"] });
/** Lossy, browser → browsers on `annot`: the whole rectangle/arrow/text being placed, resent on each move. */
export const ShapePreview = z.strictObject({
  type: z.literal("shape.preview"),
  snapshotId: Id,
  clientId: ClientShapeId,
  shape: z.discriminatedUnion("kind", [RectShape, ArrowShape, TextShape]),
  sentAt: z.number().finite().optional(),
});
/** Lossy, browser → browsers on `annot`: the drawing was abandoned. Receivers also expire a preview
 *  that has not moved for PREVIEW_EXPIRY_MS, since lossy messages may be lost. */
export const ShapeCancel = z.strictObject({ type: z.literal("shape.cancel"), snapshotId: Id, clientId: ClientShapeId });
export const PREVIEW_EXPIRY_MS = 5000;

/** Everything that may arrive on the `annot` topic. The sender's identity comes from LiveKit, never the payload. */
export const AnnotMessage = z.discriminatedUnion("type", [SnapshotOpened, AnnotationCommittedMessage, AnnotationUndoneMessage, StrokeProgress, ShapePreview, ShapeCancel]);
export type AnnotMessage = z.infer<typeof AnnotMessage>;

/** Lossy, browser → browsers on `cursor`: where a participant points on the open snapshot; `null` hides it. */
export const CursorMessage = z.strictObject({ type: z.literal("cursor"), snapshotId: Id, at: Point.nullable() });
export type CursorMessage = z.infer<typeof CursorMessage>;

/** Round a coordinate to COORD_DECIMALS places (what the server stores and broadcasts). */
export const roundCoord = (v: number) => Math.round(v * 10 ** COORD_DECIMALS) / 10 ** COORD_DECIMALS;
