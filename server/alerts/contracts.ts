import { z } from "zod";
import { ALERT_EVENT_ACTIONS, ALERT_STATUSES } from "../contracts/enums.ts";
import { AlertBox, AlertType } from "./ingest-contracts.ts";
import { cursorOf, Id, IsoTime, Limit, text } from "../contracts/common.ts";
import { DetectionOverride, DetectionSettings } from "../detection/contracts.ts";

/**
 * The people's side of AI抓拍 alerts (issue 5): inbox lists, detail with its events, the disposal
 * workflow, the live message pushed to ops rooms, and a camera's detection settings.
 */
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** False positives of one camera and type among the alerts a regulator has judged (verified or false positive). */
export const FalsePositiveRate = z.object({
  type: AlertType,
  falsePositives: z.number().int(),
  judged: z.number().int(),
  /** falsePositives / judged; 0 when nothing was judged yet */
  rate: z.number(),
  /** whether the camera's thresholds for this type are raised because of it */
  raised: z.boolean(),
});
export type FalsePositiveRate = z.infer<typeof FalsePositiveRate>;

export const Alert = z.object({
  id: Id,
  type: AlertType,
  status: AlertStatus,
  fpProposed: z.boolean(),
  confidence: z.number(),
  boxes: z.array(AlertBox),
  /** null for an alert the school's ledger raised (a positive 农残快检): it names its entry instead */
  cameraId: Id.nullable(),
  cameraName: z.string().nullable(),
  ledgerEntryId: Id.nullable(),
  canteenId: Id,
  canteenName: z.string(),
  orgId: Id,
  orgName: z.string(),
  hasSnapshot: z.boolean(),
  occurredAt: IsoTime,
  receivedAt: IsoTime,
  deadlineAt: IsoTime,
  escalatedAt: IsoTime.nullable(),
  closedAt: IsoTime.nullable(),
  updatedAt: IsoTime,
  /** detections folded into this alert while it awaited the school (1: just the first) */
  occurrences: z.number().int().min(1),
  /** the latest of them */
  lastOccurredAt: IsoTime,
  /** the false-positive rate of this camera and type */
  fpRate: FalsePositiveRate,
});
export type Alert = z.infer<typeof Alert>;

export const AlertEvent = z.object({
  id: Id,
  action: z.enum(ALERT_EVENT_ACTIONS),
  actor: z.object({ id: Id, displayName: z.string() }).nullable(),
  at: IsoTime,
  note: z.string().nullable(),
  hasPhoto: z.boolean(),
});
export type AlertEvent = z.infer<typeof AlertEvent>;

/** A later detection folded into the alert, with its own snapshot. */
export const AlertOccurrence = z.object({ id: Id, occurredAt: IsoTime, confidence: z.number(), boxes: z.array(AlertBox), snapshotUrl: z.string() });
export type AlertOccurrence = z.infer<typeof AlertOccurrence>;
/** how many of the latest occurrences the detail carries */
export const RECENT_OCCURRENCES = 6;

export const AlertDetail = Alert.extend({ events: z.array(AlertEvent), recentOccurrences: z.array(AlertOccurrence).max(RECENT_OCCURRENCES) });
export type AlertDetail = z.infer<typeof AlertDetail>;


/** a position in the inbox (occurredAt, id) or in the change feed (updatedAt, id) */
const AlertCursor = cursorOf("number", "text");

export const AlertsQuery = z.strictObject({
  type: AlertType.optional(),
  status: AlertStatus.optional(),
  /** only alerts still open (not verified or false positive) */
  open: z.enum(["1", "0"]).optional(),
  canteenId: Id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: Limit,
  /** next page of the newest-first list: the nextCursor of the previous page */
  cursor: AlertCursor.optional(),
  /**
   * catch-up after a reconnect: alerts changed after this syncCursor (oldest change first), with the
   * same filters; answers with the syncCursor to use next time
   */
  since: AlertCursor.optional(),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export const AlertPage = z.object({
  items: z.array(Alert),
  nextCursor: z.string().nullable(),
  /** where the change feed stands now; pass it as `since` after a reconnect */
  syncCursor: z.string().nullable(),
});
export type AlertPage = z.infer<typeof AlertPage>;

const Note = text({ min: 1, max: 2000 });
/** an evidence photo (JPEG or PNG), base64; 700 KiB decoded at most so the request stays under 1 MB */
export const MAX_DISPOSAL_PHOTO_BYTES = 700 * 1024;

export const AcknowledgeAlert = z.strictObject({ note: Note.optional() });
export const DisposeAlert = z.strictObject({
  /** what the school did */
  note: Note,
  photoBase64: z.string().min(8).max(Math.ceil((MAX_DISPOSAL_PHOTO_BYTES * 4) / 3) + 4),
});
export type DisposeAlert = z.infer<typeof DisposeAlert>;
export const ProposeFalsePositive = z.strictObject({ note: Note });
export const VerifyAlert = z.strictObject({ note: Note.optional() });
export const MarkFalsePositive = z.strictObject({ note: Note.optional() });
/** Returning a disposal or rejecting a false-positive proposal needs the reason, for the school to act on. */
export const ReturnDisposal = z.strictObject({ note: Note });
export const RejectFalsePositive = z.strictObject({ note: Note });

export const AlertEventParam = z.strictObject({ id: Id, eventId: Id });
export const AlertOccurrenceParam = z.strictObject({ id: Id, occurrenceId: Id });
export const alertOccurrenceSnapshotUrl = (alertId: string, occurrenceId: string) => `/api/v1/alerts/${alertId}/occurrences/${occurrenceId}/snapshot`;

/** 签收 several alerts at once (an inbox after a night of detections). */
export const MAX_BATCH = 100;
export const AcknowledgeAlerts = z.strictObject({ ids: z.array(Id).min(1).max(MAX_BATCH), note: Note.optional() });
export const AcknowledgedAlerts = z.object({
  acknowledged: z.array(Id),
  /** those that could not be acknowledged, each with the reason (already acknowledged, out of scope…) */
  refused: z.array(z.object({ id: Id, code: z.string(), message: z.string() })),
});
export type AcknowledgedAlerts = z.infer<typeof AcknowledgedAlerts>;

/** What waits in the caller's jurisdiction: the navigation's badges. */
export const AlertSummary = z.object({
  /** not yet acknowledged by the school */
  new: z.number().int(),
  /** acknowledged, not yet disposed of */
  acknowledged: z.number().int(),
  /** disposed of, awaiting the regulator's verification */
  disposed: z.number().int(),
  /** a false positive proposed by the school, awaiting the regulator */
  fpProposed: z.number().int(),
  /** open and past their deadline */
  escalated: z.number().int(),
});
export type AlertSummary = z.infer<typeof AlertSummary>;

/** What the API pushes on the `alert` topic of the ops rooms (validated by the client on receipt). */
export const ALERT_TOPIC = "alert";
export const AlertMessage = z.object({
  kind: z.enum(["alert.raised", "alert.updated", "alert.escalated"]),
  alert: Alert,
});
export type AlertMessage = z.infer<typeof AlertMessage>;


export const OpsTokens = z.object({
  url: z.string(),
  rooms: z.array(z.object({ room: z.string(), token: z.string(), identity: z.string(), expiresAt: IsoTime })),
});
export type OpsTokens = z.infer<typeof OpsTokens>;

/** A camera's detection settings: its own override, its area's, the effective result and why. */
export const CameraDetection = z.object({
  cameraId: Id,
  areaOverride: DetectionOverride.nullable(),
  override: DetectionOverride.nullable(),
  effective: DetectionSettings,
  fpRates: z.array(FalsePositiveRate),
});
export type CameraDetection = z.infer<typeof CameraDetection>;
export const UpdateCameraDetection = z.strictObject({ override: DetectionOverride.nullable() });

/** An area's override: applies to every camera in it, under each camera's own. */
export const AreaDetection = z.object({ areaId: Id, override: DetectionOverride.nullable() });
export type AreaDetection = z.infer<typeof AreaDetection>;
export const UpdateAreaDetection = UpdateCameraDetection;
