import { z } from "zod";
import { ALERT_TYPES, SYSTEM_ALERT_TYPES } from "../contracts/enums.ts";
import { Id, line } from "../contracts/common.ts";

/**
 * What a gateway sends to `POST /api/v1/gateway/alerts` (device token). Shared by the gateway
 * (media/detect, media/gateway) and the API, so both sides validate the same shape.
 */
export const AlertType = z.enum(ALERT_TYPES);
export type AlertType = z.infer<typeof AlertType>;

/** Types a gateway may report; camera_offline is the server's own. */
export const GatewayAlertType = AlertType.exclude(SYSTEM_ALERT_TYPES);

const unit = z.number().finite().min(0).max(1);

/** A detection box in normalised image coordinates (0..1, origin top-left); one reaching past the edge is clipped (clipBox). */
export const AlertBox = z.strictObject({ x: unit, y: unit, w: unit, h: unit, label: line({ min: 1, max: 40, trim: false }), score: unit });

/** The box inside the image: a detector's box may overhang the frame's edge. */
export const clipBox = (b: AlertBox): AlertBox => ({ ...b, w: Math.min(b.w, 1 - b.x), h: Math.min(b.h, 1 - b.y) });
export type AlertBox = z.infer<typeof AlertBox>;

/** The JPEG snapshot with the boxes drawn, base64; 1 MiB decoded at most. */
export const MAX_ALERT_SNAPSHOT_BYTES = 1024 * 1024;

export const AlertIngest = z.strictObject({
  /** unique per alert on this gateway; a replay with the same key returns the first result */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/),
  cameraId: Id,
  type: GatewayAlertType,
  confidence: unit,
  boxes: z.array(AlertBox).max(50),
  /** when the violating frame was captured, ISO 8601 with offset */
  occurredAt: z.iso.datetime({ offset: true }),
  snapshotJpegBase64: z.string().max(Math.ceil((MAX_ALERT_SNAPSHOT_BYTES * 4) / 3) + 4),
});
export type AlertIngest = z.infer<typeof AlertIngest>;

export const AlertIngestResult = z.object({
  alertId: Id,
  /** a replay: nothing was written */
  duplicate: z.boolean(),
  /** folded into the open alert of the same camera and type (an occurrence), not a new alert; older APIs leave it out */
  recurred: z.boolean().optional(),
});
export type AlertIngestResult = z.infer<typeof AlertIngestResult>;

/** The body of an alert carries a 1 MiB JPEG as base64 (4/3 larger) plus boxes: its own body limit. */
export const ALERT_BODY_LIMIT = Math.ceil((MAX_ALERT_SNAPSHOT_BYTES * 4) / 3) + 64 * 1024;

/**
 * How old an alert may be when it arrives: a gateway keeps undelivered alerts on disk while the API is
 * unreachable, as long as it keeps its recordings (7 days); older is a wrong clock, refused for good.
 */
export const MAX_ALERT_AGE_DAYS = 7;
/** a gateway clock this far ahead of the API's is wrong, not early */
export const MAX_ALERT_CLOCK_SKEW_MS = 10 * 60_000;
