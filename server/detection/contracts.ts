import { z } from "zod";
import { line } from "../contracts/common.ts";
import { GatewayAlertType } from "../alerts/ingest-contracts.ts";

/**
 * How a gateway turns a camera's detections into violations (issue 5). The API sends the effective
 * settings of each camera in the gateway config: the defaults, overridden by the camera's area and then
 * by the camera itself, with min scores raised where the false-positive rate is high.
 */
const unit = z.number().finite().min(0).max(1);
const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");
/** a daily time window in China Standard Time; end before start spans midnight */
export const TimeWindow = z.strictObject({ start: HourMinute, end: HourMinute });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** a polygon in normalised image coordinates; an object is inside when its box's bottom-centre is */
export const Zone = z.strictObject({
  name: line({ max: 40, trim: false }).optional(),
  points: z.array(z.tuple([unit, unit])).min(3).max(32),
});
export type Zone = z.infer<typeof Zone>;

export const RuleThresholds = z.strictObject({
  /** a detection below this score is ignored */
  minScore: unit,
  /** the median of the best score over the last 3 sampled frames must reach this */
  medianScore: unit,
  /** box area as a fraction of the frame */
  minBoxArea: unit,
});
export type RuleThresholds = z.infer<typeof RuleThresholds>;

/** A label of a custom model, as a key of labelMap; the document states it (the generator leaves record keys out). */
const ModelLabel = line({ max: 40, trim: false });
const documented = (schema: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return json;
};

/** What 视频诊断 can find wrong with a picture (issue 17). */
export const VIDEO_PROBLEMS = ["black", "covered", "blurred", "frozen", "angle_shift"] as const;
export const VideoProblem = z.enum(VIDEO_PROBLEMS);
export type VideoProblem = z.infer<typeof VideoProblem>;

/**
 * 视频诊断 thresholds (media/detect/diagnosis*.ts). The metrics are computed on the luma plane reduced to
 * 160×90, so the figures mean the same at any resolution: mean/std of luma 0–255, sharpness = variance of
 * the Laplacian (sharp photos 500–3000, a strongly blurred lens < 120), frame difference 0–255.
 */
export const VideoQualitySettings = z.strictObject({
  enabled: z.boolean(),
  /** seconds between two diagnosed frames */
  sampleSeconds: z.number().min(0.5).max(60),
  /** a problem must hold this long before it is raised */
  persistSeconds: z.number().int().min(0).max(3600),
  /** the picture must be good this long before the alert closes */
  clearSeconds: z.number().int().min(0).max(3600),
  /** black: mean luma at most this (and flat) */
  blackMaxMean: z.number().min(0).max(255),
  /** covered (a hand, a cloth, paint, fog): std of luma at most this */
  flatMaxStd: z.number().min(0).max(128),
  /** blurred: sharpness at most this */
  blurMaxSharpness: z.number().min(0).max(100_000),
  /** frozen: consecutive samples differing by at most this (mean absolute luma difference)… */
  frozenMaxDiff: z.number().min(0).max(255),
  /** …for this long */
  frozenSeconds: z.number().int().min(5).max(86_400),
  /** angle shift: correlation with the approved reference below this */
  angleMinCorrelation: z.number().min(-1).max(1),
});
export type VideoQualitySettings = z.infer<typeof VideoQualitySettings>;

export const DEFAULT_VIDEO_QUALITY: VideoQualitySettings = {
  enabled: true,
  sampleSeconds: 2,
  persistSeconds: 10,
  clearSeconds: 10,
  blackMaxMean: 24,
  flatMaxStd: 6,
  blurMaxSharpness: 120,
  frozenMaxDiff: 0.05,
  frozenSeconds: 60,
  angleMinCorrelation: 0.5,
};

export const DetectionSettings = z.strictObject({
  enabled: z.boolean(),
  /** sampled frames per second given to the detector */
  sampleFps: z.number().min(0.05).max(10),
  /** violation types this camera raises */
  types: z.array(GatewayAlertType).max(20),
  thresholds: RuleThresholds,
  /** per-type overrides (e.g. raised after false positives) */
  // the generator lists the types but leaves other keys open; the server refuses them, so the document says so
  typeThresholds: z.partialRecord(GatewayAlertType, RuleThresholds.partial()).meta({ additionalProperties: false }).default({}),
  /** empty: the whole frame */
  zones: z.array(Zone).max(8),
  /** seconds before the same type is raised again on this camera */
  cooldownSeconds: z.number().int().min(0).max(86_400),
  /** people present outside these windows are an intrusion (非工作时间人员闯入) */
  workingHours: z.array(TimeWindow).max(6),
  /** during these windows the cooking area must not be empty for longer than absenceMinutes (离岗) */
  serviceHours: z.array(TimeWindow).max(6),
  absenceMinutes: z.number().int().min(1).max(240),
  /** custom model label → violation type (a vendor's kitchen model) */
  labelMap: z.record(ModelLabel, GatewayAlertType).meta({ propertyNames: documented(ModelLabel) }).default({}),
  /** 视频诊断 (issue 17); absent from older APIs and stored overrides: the defaults */
  videoQuality: VideoQualitySettings.default(DEFAULT_VIDEO_QUALITY),
});
export type DetectionSettings = z.infer<typeof DetectionSettings>;

/** A partial override stored on an area or a camera. */
export const DetectionOverride = DetectionSettings.partial().extend({ videoQuality: VideoQualitySettings.partial().optional() });
export type DetectionOverride = z.infer<typeof DetectionOverride>;

/**
 * The platform's defaults. Hours are a typical school canteen's day in China Standard Time: staff from
 * 05:30 (breakfast preparation) to 20:00 (evening self-study meal cleared); the cooking area staffed during
 * the three services.
 */
export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  enabled: true,
  sampleFps: 1,
  types: ["after_hours_intrusion", "phone_use", "animal_intrusion", "post_absence"],
  thresholds: { minScore: 0.35, medianScore: 0.5, minBoxArea: 0.002 },
  typeThresholds: {},
  zones: [],
  cooldownSeconds: 300,
  workingHours: [{ start: "05:30", end: "20:00" }],
  serviceHours: [
    { start: "06:30", end: "08:00" },
    { start: "10:30", end: "12:30" },
    { start: "16:30", end: "18:30" },
  ],
  absenceMinutes: 10,
  labelMap: {},
  videoQuality: DEFAULT_VIDEO_QUALITY,
};
