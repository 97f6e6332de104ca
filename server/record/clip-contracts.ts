import { z } from "zod";
import { Id, IsoTime } from "../contracts/common.ts";
import { RecordingLink } from "./contracts.ts";

/**
 * Evidence clips (视频抓拍, issue 19 item 5). `POST /api/v1/clips` asks the camera's gateway to cut a span (≤ 5
 * minutes) of its recording without re-encoding; the gateway uploads the MP4 with its sha256 and the chain links it
 * came from; the clip plays with byte ranges (`videoUrl`), downloads with its manifest (`manifestUrl`) and its
 * verify endpoint recomputes the hash and re-folds the chain against the API's anchors.
 */
const Instant = IsoTime.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), "an ISO 8601 time (2026-11-23T08:30:00Z)");
/** what a clip can be evidence for: an inspection, a whole order, one problem of an order (its order_items row), an alert */
export const CLIP_TARGETS = ["inspection", "order", "order_item", "alert"] as const;
export const ClipTarget = z.enum(CLIP_TARGETS);
export type ClipTarget = z.infer<typeof ClipTarget>;
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in lowercase hex");

export const ClipAttach = z.strictObject({ targetType: ClipTarget, targetId: Id });

/**
 * An attachment as listed: one to an order's problem also says which problem (its order, its 1-based position and its
 * words), so an order's evidence list can say 第1项 … — only where the caller may read that order (orders.read).
 */
export const ClipAttachment = z.strictObject({
  targetType: ClipTarget,
  targetId: Id,
  problem: z.strictObject({ orderId: Id, seq: z.number().int(), text: z.string() }).optional(),
});
export type ClipAttachment = z.infer<typeof ClipAttachment>;

export const ClipCreate = z.strictObject({
  cameraId: Id,
  start: Instant,
  end: Instant,
  /** attach it at once to an inspection, an order, an order's problem or an alert of the same canteen */
  attach: ClipAttach.optional(),
});

export const ClipStatus = z.enum(["pending", "ready", "failed", "expired"]);

export const ClipSource = z.strictObject({ seq: z.number().int(), start: IsoTime, end: IsoTime, sha256: Hex64, hash: Hex64 });

export const Clip = z.strictObject({
  id: Id,
  canteenId: Id,
  cameraId: Id,
  cameraName: z.string(),
  origin: z.enum(["manual", "alert"]),
  requestedBy: z.string().nullable(),
  requestedAt: IsoTime,
  start: IsoTime,
  end: IsoTime,
  /** pending until the gateway uploads it; expired when it has not after 10 minutes */
  status: ClipStatus,
  failure: z.string().nullable(),
  /** what the clip really covers (from the keyframe at or before the start) */
  clipStart: IsoTime.nullable(),
  clipEnd: IsoTime.nullable(),
  sha256: Hex64.nullable(),
  bytes: z.number().int().nullable(),
  attachments: z.array(ClipAttachment),
  /** the MP4 with byte ranges (206), scoped like the clip; `?download=1` to save it */
  videoUrl: z.string().nullable(),
  manifestUrl: z.string().nullable(),
  verifyUrl: z.string().nullable(),
});
export type Clip = z.infer<typeof Clip>;
export const ClipList = z.strictObject({ items: z.array(Clip) });

export const ClipsQuery = z
  .strictObject({ cameraId: Id.optional(), canteenId: Id.optional(), targetType: ClipTarget.optional(), targetId: Id.optional() })
  .refine((q) => (q.targetType === undefined) === (q.targetId === undefined), { message: "targetType and targetId go together", path: ["targetId"] })
  .refine((q) => q.cameraId || q.canteenId || q.targetId, { message: "name a camera, a canteen or a target", path: ["cameraId"] });

/** What the clip file is evidence of: its hash, its span, its source segments and the anchors they fold between. */
export const ClipManifest = z.strictObject({
  clipId: Id,
  cameraId: Id,
  cameraName: z.string(),
  canteenId: Id,
  start: IsoTime,
  end: IsoTime,
  sha256: Hex64,
  bytes: z.number().int(),
  contentType: z.literal("video/mp4"),
  requestedBy: z.string().nullable(),
  requestedAt: IsoTime,
  readyAt: IsoTime,
  sources: z.array(ClipSource),
  anchors: z.strictObject({ fromSeq: z.number().int(), fromHash: Hex64, toSeq: z.number().int(), toHash: Hex64 }),
  attachments: z.array(ClipAttach),
});

export const ClipVerification = z.strictObject({
  clipId: Id,
  /** unchanged: the stored bytes hash to the recorded sha256 and the sources fold between the anchors */
  verdict: z.enum(["unchanged", "changed", "missing"]),
  sha256: z.strictObject({ recorded: Hex64, computed: Hex64.nullable(), matches: z.boolean() }),
  chain: z.strictObject({ fromSeq: z.number().int(), toSeq: z.number().int(), matches: z.boolean(), detail: z.string().nullable() }),
  sources: z.array(ClipSource),
  checkedAt: IsoTime,
});

/** The gateway's side: the clips it is asked for; links run from after the anchor `fromSeq` to the anchor `toSeq`. */
export const GatewayClipRequest = z.strictObject({
  id: Id,
  cameraId: Id,
  start: z.number().int(),
  end: z.number().int(),
  fromSeq: z.number().int().min(0),
  /** the API's first anchor at or after the span's end (links go up to it); null: none yet, anchor the head first */
  toSeq: z.number().int().min(1).nullable(),
});
export const GatewayClipList = z.strictObject({ clips: z.array(GatewayClipRequest) });

/** A 5-minute clip at the live cap is ~20 MB; sent as base64 with its links. */
export const MAX_CLIP_BYTES = 48 * 1024 * 1024;
export const CLIP_BODY_LIMIT = Math.ceil((MAX_CLIP_BYTES * 4) / 3) + 4 * 1024 * 1024;

export const GatewayClipUpload = z.union([
  z.strictObject({
    clipBase64: z.string().min(1).max(CLIP_BODY_LIMIT),
    sha256: Hex64,
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    sources: z.array(z.strictObject({ seq: z.number().int().min(1), sha256: Hex64 })).min(1).max(400),
    /** links fromSeq+1..(an anchored head at or after the last source) */
    links: z.array(RecordingLink).min(1).max(20_000),
  }),
  z.strictObject({ failure: z.string().min(1).max(300) }),
]);
export type GatewayClipUpload = z.infer<typeof GatewayClipUpload>;

/** On the `clip` topic, to the canteen's gateways only: a clip was asked for, fetch the list now (not only at the next poll). */
export const ClipRequested = z.strictObject({ type: z.literal("clip.requested"), id: Id, cameraId: Id });

export const clipUrls = (id: string) => ({ videoUrl: `/api/v1/clips/${id}/video`, manifestUrl: `/api/v1/clips/${id}/manifest`, verifyUrl: `/api/v1/clips/${id}/verify` });
