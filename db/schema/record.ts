import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { cameras, gateways } from "./cameras.ts";
import { CLIP_TARGETS } from "../../server/record/clip-contracts.ts";

/**
 * Recordings stay at the school (DESIGN §5, issue 19): the API keeps only the heads of each camera's hash
 * chain (anchors), the gaps with their reasons, the recorded share of each day and its challenges.
 */
export const recordingAnchors = sqliteTable(
  "recording_anchors",
  {
    id: text("id").primaryKey(),
    gatewayId: text("gateway_id").notNull().references(() => gateways.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    /** the chain's head at this anchor: its link number, hash and end time (epoch ms) */
    seq: integer("seq").notNull(),
    hash: text("hash").notNull(),
    endAt: integer("end_at").notNull(),
    /** when the gateway took this head (hourly, at shutdown) and when the API got it */
    takenAt: integer("taken_at").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [uniqueIndex("recording_anchors_camera_seq_idx").on(t.cameraId, t.seq)],
);

/** Spans nothing was recorded, with the gateway's reason (restart, stream lost…): the timeline's marks. */
export const recordingGaps = sqliteTable(
  "recording_gaps",
  {
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    seq: integer("seq").notNull(),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cameraId, t.seq] }), index("recording_gaps_time_idx").on(t.cameraId, t.startAt)],
);

/** 录像完整率: recorded milliseconds per camera and (China Standard Time) day. */
export const recordingDays = sqliteTable(
  "recording_days",
  {
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    day: text("day").notNull(),
    recordedMs: integer("recorded_ms").notNull(),
    /** the first and last recorded instants of the day: with the gaps, the timeline's recorded spans */
    firstAt: integer("first_at").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cameraId, t.day] })],
);

/** What each camera sends, as its gateway last probed the recording (H.265 is recorded but Chromium cannot play it). */
export const recordingSources = sqliteTable("recording_sources", {
  cameraId: text("camera_id")
    .primaryKey()
    .references(() => cameras.id),
  codec: text("codec").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const CHALLENGE_OUTCOMES = ["pending", "passed", "tampered", "missing", "expired"] as const;

/** The API names a random segment between two anchors; the gateway must upload its bytes. */
export const recordingChallenges = sqliteTable(
  "recording_challenges",
  {
    id: text("id").primaryKey(),
    gatewayId: text("gateway_id").notNull().references(() => gateways.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    seq: integer("seq").notNull(),
    /** the anchors around it: links fromSeq..toSeq must fold from the earlier anchor's hash to the later's */
    fromSeq: integer("from_seq").notNull(),
    toSeq: integer("to_seq").notNull(),
    issuedAt: integer("issued_at").notNull(),
    answeredAt: integer("answered_at"),
    outcome: text("outcome", { enum: CHALLENGE_OUTCOMES }).notNull().default("pending"),
    detail: text("detail"),
  },
  (t) => [index("recording_challenges_gateway_idx").on(t.gatewayId, t.outcome)],
);

export const PLAYBACK_END_REASONS = ["stopped", "unwatched", "ended", "failed", "refused"] as const;

/**
 * Playback together through the room (issue 19): who asked for which camera and time; the gateway publishes it
 * as the track `playback:<id>` into the canteen's room. The state (position at `since`, speed, paused) is the
 * API's: every control changes it here and goes to the room on the `playback` topic, the gateway follows it.
 */
export const recordingPlaybacks = sqliteTable(
  "recording_playbacks",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull(),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    gatewayId: text("gateway_id").notNull().references(() => gateways.id),
    startedBy: text("started_by").notNull(),
    /** the recording's time asked for (epoch ms) */
    at: integer("at").notNull(),
    /** the recording's time at the wall-clock instant `since` (epoch ms both) */
    position: integer("position").notNull(),
    since: integer("since").notNull(),
    speed: integer("speed").notNull().default(1),
    paused: integer("paused", { mode: "boolean" }).notNull().default(false),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    endReason: text("end_reason", { enum: PLAYBACK_END_REASONS }),
  },
  (t) => [index("recording_playbacks_gateway_idx").on(t.gatewayId, t.endedAt)],
);

export const CLIP_STATUSES = ["pending", "ready", "failed"] as const;
export const CLIP_ORIGINS = ["manual", "alert"] as const;

/**
 * Evidence clips (视频抓拍, issue 19 item 5): a span of a camera's recording, cut on the gateway without re-encoding
 * and uploaded to the media store. Append-only evidence: a row is written when asked for and completed once when the
 * gateway uploads it (status pending → ready or failed); the bytes, their sha256 and the chain links they came from
 * are never changed afterwards. `links` holds the chain from the anchor before the clip to one after it, so the API
 * can re-fold it against its anchors whenever the clip is verified.
 */
export const recordingClips = sqliteTable(
  "recording_clips",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull(),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    gatewayId: text("gateway_id").notNull().references(() => gateways.id),
    origin: text("origin", { enum: CLIP_ORIGINS }).notNull(),
    /** who asked (null: the server, for an alert's clip) */
    requestedBy: text("requested_by"),
    requestedAt: integer("requested_at").notNull(),
    /** the span asked for (epoch ms) */
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    status: text("status", { enum: CLIP_STATUSES }).notNull().default("pending"),
    /** why the gateway could not cut it (failed) */
    failure: text("failure"),
    /** the span the clip really covers (it starts on the keyframe at or before the start) */
    clipStartAt: integer("clip_start_at"),
    clipEndAt: integer("clip_end_at"),
    mediaKey: text("media_key"),
    sha256: text("sha256"),
    bytes: integer("bytes"),
    /** JSON: the source segments [{seq, start, end, sha256, hash}] */
    sources: text("sources"),
    /** JSON: links fromSeq+1..toSeq of the chain, folded from anchor fromSeq to anchor toSeq */
    links: text("links"),
    fromSeq: integer("from_seq"),
    toSeq: integer("to_seq"),
    readyAt: integer("ready_at"),
  },
  (t) => [index("recording_clips_camera_idx").on(t.cameraId, t.startAt), index("recording_clips_gateway_idx").on(t.gatewayId, t.status)],
);


/** What a clip is evidence for: an inspection, an order (its problem) or an alert. Append-only. */
export const recordingClipAttachments = sqliteTable(
  "recording_clip_attachments",
  {
    clipId: text("clip_id")
      .notNull()
      .references(() => recordingClips.id),
    targetType: text("target_type", { enum: CLIP_TARGETS }).notNull(),
    targetId: text("target_id").notNull(),
    attachedBy: text("attached_by"),
    attachedAt: integer("attached_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.clipId, t.targetType, t.targetId] }), index("recording_clip_attachments_target_idx").on(t.targetType, t.targetId)],
);
