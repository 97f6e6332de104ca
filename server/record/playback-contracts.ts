import { z } from "zod";
import { Id, IsoTime } from "../contracts/common.ts";

/** Playback together through the room (issue 19): the speeds a playback runs at. */
export const SPEEDS = [1, 2, 4, 8] as const;
export const Speed = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]);
export const PLAYBACK_END_REASON = z.enum(["stopped", "unwatched", "ended", "failed", "refused"]);
/** the track a playback is published as in the canteen's room */
export const playbackTrack = (id: string) => `playback:${id}`;
export const PLAYBACK_TRACK_PREFIX = "playback:";

const Instant = IsoTime.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), "an ISO 8601 time (2026-11-23T08:30:00Z)");

export const PlaybackStart = z.strictObject({
  cameraId: Id,
  /** the recording's time to play from */
  at: Instant,
});

export const PlaybackControl = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("pause") }),
  z.strictObject({ action: z.literal("resume") }),
  z.strictObject({ action: z.literal("stop") }),
  z.strictObject({ action: z.literal("seek"), at: Instant }),
  z.strictObject({ action: z.literal("speed"), speed: Speed }),
]);
export type PlaybackControl = z.infer<typeof PlaybackControl>;

/** A playback as the API holds it: the recording's time was `position` at the instant `since`, running at `speed` unless paused. */
export const Playback = z.strictObject({
  id: Id,
  canteenId: Id,
  cameraId: Id,
  cameraName: z.string(),
  room: z.string(),
  track: z.string(),
  at: IsoTime,
  position: IsoTime,
  since: IsoTime,
  speed: Speed,
  paused: z.boolean(),
  startedBy: z.string(),
  endedAt: IsoTime.nullable(),
  endReason: PLAYBACK_END_REASON.nullable(),
  /** the oldest recording the gateway keeps for this camera (seek no earlier) */
  oldest: IsoTime.nullable(),
});
export const PlaybackList = z.strictObject({ items: z.array(Playback) });

/** The gateway says a playback ended (nobody watched for 60 s, the recording ran out, ffmpeg failed, over its limit). */
export const PlaybackEnded = z.strictObject({ reason: z.enum(["unwatched", "ended", "failed", "refused"]), detail: z.string().max(300).optional() });

/**
 * On the `playback` topic, from the server only (a participant's packet is refused by the shared parser): the
 * whole state after each change, so the gateway follows it and every browser in the room shows the same time.
 * Epoch ms throughout.
 */
export const PlaybackMessage = z.strictObject({
  type: z.literal("playback.state"),
  id: Id,
  cameraId: Id,
  position: z.number().int().min(0).max(8_640_000_000_000),
  since: z.number().int().min(0).max(8_640_000_000_000),
  speed: Speed,
  paused: z.boolean(),
  ended: PLAYBACK_END_REASON.nullable(),
});
export type PlaybackMessage = z.infer<typeof PlaybackMessage>;
export const PLAYBACK_TOPIC = "playback";
