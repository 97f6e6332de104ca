import { z } from "zod";
import { Id, IsoTime, line } from "../contracts/common.ts";

/**
 * 数字变焦 (issue 17): the viewer marks a region of a camera's picture; the camera's gateway crops it from the source
 * at full resolution (not the ≤ 1280x720 live track) and uploads the JPEG; the requester sees it and may keep it as
 * evidence (a snapshot). Regions are fractions of the picture (0…1 from the top left), as the browser draws them
 * on the enlarged video; crops are in source pixels.
 */
export const ZOOM_TOPIC = "zoom";
/** a request the gateway has not answered by then is failed (the viewer waits no longer; a late upload is refused) */
export const ZOOM_TIMEOUT_MS = 20_000;
/** the smallest crop, in source pixels per side: below that there is nothing to read */
export const MIN_CROP_PX = 16;
/** the largest JPEG a gateway may upload (a whole 4K picture at high quality stays well under) */
export const MAX_ZOOM_BYTES = 8 * 1024 * 1024;

const Fraction = z.number().min(0).max(1);
/** a tolerance for the browser's floating point: x + w may exceed 1 by rounding only */
const EDGE = 1e-6;

export const ZoomRequest = z
  .strictObject({
    x: Fraction,
    y: Fraction,
    w: Fraction.gt(0),
    h: Fraction.gt(0),
    inspectionId: Id.optional(),
  })
  .refine((r) => r.x + r.w <= 1 + EDGE && r.y + r.h <= 1 + EDGE, { message: "the region lies outside the picture", params: { reason: "zoom_region_outside" } });
export type ZoomRequest = z.infer<typeof ZoomRequest>;

const Px = z.number().int().min(0).max(16384);
export const Crop = z.strictObject({ x: Px, y: Px, width: Px.min(1), height: Px.min(1) });
export type Crop = z.infer<typeof Crop>;
export const SourceSize = z.strictObject({ width: Px.min(1), height: Px.min(1) });
export type SourceSize = z.infer<typeof SourceSize>;

export const ZOOM_STATUS = z.enum(["pending", "ready", "failed"]);

export const Zoom = z.strictObject({
  id: Id,
  canteenId: Id,
  cameraId: Id,
  requestedBy: Id,
  requestedAt: IsoTime,
  status: ZOOM_STATUS,
  /** the source's full size the crop was computed for, and the crop in its pixels (the JPEG's own size when ready) */
  source: SourceSize,
  crop: Crop,
  error: z.string().nullable(),
  doneAt: IsoTime.nullable(),
  /** the JPEG, scoped like the record (null until ready) */
  imageUrl: z.string().nullable(),
  sha256: z.string().nullable(),
  bytes: z.number().int().nullable(),
});
export type Zoom = z.infer<typeof Zoom>;

/** The gateway could not crop (camera unreachable, ffmpeg failed, the source changed size). */
export const ZoomFailure = z.strictObject({ error: line({ min: 1, max: 300, trim: false }) });

/**
 * On the `zoom` topic, from the server only: a crop to take (addressed to the camera's gateway), and its outcome
 * (addressed to the requester).
 */
export const ZoomMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("zoom.request"), id: Id, cameraId: Id, source: SourceSize, crop: Crop }),
  z.strictObject({ type: z.literal("zoom.done"), zoom: Zoom }),
]);
export type ZoomMessage = z.infer<typeof ZoomMessage>;

export const zoomImageUrl = (id: string) => `/api/v1/zooms/${id}/image`;
