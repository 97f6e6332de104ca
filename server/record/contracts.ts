import { z } from "zod";
import { Id, IsoTime, line } from "../contracts/common.ts";

/** The recording chain's links as the gateway sends them (media/record/chain-hash.ts). */
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in lowercase hex");
const EpochMs = z.number().int().min(0).max(8_640_000_000_000);
/** counts and byte sizes: whole numbers JavaScript holds exactly */
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const RecordingLink = z.strictObject({
  seq: Seq,
  kind: z.enum(["segment", "gap"]),
  start: EpochMs,
  end: EpochMs,
  sha256: z.union([Hex64, z.literal("")]),
  reason: line({ max: 300, trim: false }),
});

/** at most this many links per camera in one request: the gateway sends the rest in the next */
export const MAX_LINKS = 5000;

/** A gateway's chain heads: per camera, the links since the API's last head and the head points it took (hourly, at shutdown). */
export const AnchorBatch = z.strictObject({
  cameras: z
    .array(
      z.strictObject({
        cameraId: Id,
        links: z.array(RecordingLink).max(MAX_LINKS),
        /** the heads taken while the API could not be reached: each becomes an anchor (none lost) */
        heads: z.array(z.strictObject({ seq: Seq, hash: Hex64, takenAt: EpochMs })).max(1000),
        /** what the camera sends (probed from its recording): Chromium plays h264, not hevc */
        video: z.strictObject({ codec: z.string().regex(/^[a-z0-9_]{2,20}$/), width: z.number().int().min(0).max(16384), height: z.number().int().min(0).max(16384) }).optional(),
      }),
    )
    .max(500),
  storage: z.strictObject({
    bytes: Count,
    maxBytes: Count.min(1),
    retentionDays: z.number().int().min(7).max(3650),
    /** the budget cannot hold 7 days: recording_storage_low */
    low: z.boolean(),
    projected7dBytes: Count,
  }),
});
export type AnchorBatch = z.infer<typeof AnchorBatch>;

export const AnchorResult = z.strictObject({
  cameras: z.array(
    z.strictObject({
      cameraId: Id,
      /** the last link the API holds (0: none): the gateway sends from the next one */
      ackedSeq: Count,
      /** the links do not continue the anchored chain (recording_tampered raised) */
      rejected: z.boolean(),
    }),
  ),
});

export const Challenge = z.strictObject({ id: Id, cameraId: Id, seq: Seq, fromSeq: Count, toSeq: Seq });
export const ChallengeList = z.strictObject({ challenges: z.array(Challenge) });

/** 16 MiB of segment at most (a 60 s segment at the live cap is ~4 MB), sent as base64. */
export const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/** an anchor batch: up to 5,000 links of a few cameras at a time (the gateway splits) */
export const ANCHOR_BODY_LIMIT = 8 * 1024 * 1024;
export const CHALLENGE_BODY_LIMIT = Math.ceil((MAX_SEGMENT_BYTES * 4) / 3) + 2 * 1024 * 1024;

export const ChallengeAnswer = z.strictObject({
  /** links fromSeq..toSeq from the gateway's chain */
  links: z.array(RecordingLink).max(MAX_LINKS * 4),
  /** the segment's bytes; absent when the gateway no longer has the file */
  segmentBase64: z.string().max(CHALLENGE_BODY_LIMIT).optional(),
});

export const ChallengeOutcome = z.enum(["pending", "passed", "tampered", "missing", "expired"]);
export const ChallengeResult = z.strictObject({ id: Id, outcome: ChallengeOutcome, detail: z.string().nullable() });

/** A camera's day as the API knows it: the recorded share (录像完整率) and the gaps with their reasons. */
export const RecordingDay = z.strictObject({
  cameraId: Id,
  cameraName: z.string(),
  day: z.string(),
  recordedMs: z.number().int(),
  /** 0…1 of the day so far (the whole day once it is over) */
  share: z.number(),
  gaps: z.array(z.strictObject({ start: IsoTime, end: IsoTime, reason: z.string() })),
  /** what is recorded: from the day's first to its last recorded instant, less the gaps */
  recorded: z.array(z.strictObject({ start: IsoTime, end: IsoTime })),
  /** the days a gateway keeps at least (the day picker's range) */
  retentionDays: z.number().int(),
  /** the day's alerts of this camera, and the canteen's inspections and orders where the caller may read them */
  markers: z.array(z.strictObject({ kind: z.enum(["alert", "inspection", "order"]), id: Id, at: IsoTime, label: z.string() })),
  lastAnchorAt: IsoTime.nullable(),
  /** the camera's codec as recorded; playable: false when a browser cannot play it (H.265: switch the camera to H.264) */
  video: z.strictObject({ codec: z.string(), width: z.number().int(), height: z.number().int(), playable: z.boolean() }).nullable(),
});

export const RecordingDayQuery = z.strictObject({
  day: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "a day as YYYY-MM-DD").optional(),
});
