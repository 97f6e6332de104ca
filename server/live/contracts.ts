import { z } from "zod";
import { AreaKind } from "../canteens/contracts.ts";
import { Id, IsoTime, line } from "../contracts/common.ts";
import { Role } from "../accounts/contracts.ts";
import { DetectionSettings, VideoProblem } from "../detection/contracts.ts";
import { Inspection, InspectionKind } from "../inspections/contracts.ts";
import { GatewayGbDevice } from "../gb28181/contracts.ts";


/** Attributes the API puts in every token, so other participants (and the gateway) know who is who. */
export const ParticipantAttributes = z.object({
  role: z.union([Role, z.literal("gateway")]),
  displayName: z.string(),
  orgName: z.string(),
  /** a parent in a supervised viewing session (issue 13): the session's camera ids, comma-separated, signed into the token */
  sessionCameras: z.string().optional(),
  /** until when (ms since epoch, decimal) those cameras are granted; the API moves it to now when the host ends early */
  sessionUntil: z.string().optional(),
});
export type ParticipantAttributes = z.infer<typeof ParticipantAttributes>;

export const LiveTokenRequest = z.strictObject({ canteenId: Id });

/**
 * The canteen's inspection in progress as every viewer of the room may know it — also those without
 * inspections.read (canteen staff, parent representatives): what kind, since when, started by whom.
 */
export const ActiveInspectionSummary = z.object({ id: Id, kind: InspectionKind, startedAt: IsoTime, startedBy: z.object({ displayName: z.string() }) });
export type ActiveInspectionSummary = z.infer<typeof ActiveInspectionSummary>;
export const LiveToken = z.object({
  /** ws(s):// address of the LiveKit server as the browser reaches it */
  url: z.string(),
  token: z.string(),
  room: z.string(),
  identity: z.string(),
  expiresAt: IsoTime,
  grants: z.object({ canSubscribe: z.boolean(), canPublish: z.boolean(), canPublishData: z.boolean(), canPublishSources: z.array(z.string()) }),
  /** the inspection in progress when the token was made (the room's "session" messages tell what follows) */
  activeInspection: ActiveInspectionSummary.nullable(),
});
export type LiveToken = z.infer<typeof LiveToken>;

/** 视频诊断's 32×18 luma fingerprint of a picture, base64 (576 bytes) */
export const Fingerprint = z.string().regex(/^[A-Za-z0-9+/]{768}$/, "576 bytes, base64");

/** What a gateway fetches with its device token: its cameras and a publish-only LiveKit token. */
export const GatewayCamera = z.object({
  id: Id,
  name: z.string(),
  source: z.string(),
  areaKind: AreaKind,
  publicVisible: z.boolean(),
  /** effective AI抓拍 settings; absent from older APIs (the gateway then uses DEFAULT_DETECTION_SETTINGS) */
  detection: DetectionSettings.optional(),
  /** 视频诊断's approved view (absent: none approved, no angle check) */
  referenceFingerprint: Fingerprint.optional(),
});
export type GatewayCamera = z.infer<typeof GatewayCamera>;
export const GatewayConfig = z.object({
  gatewayId: Id,
  canteenId: Id,
  room: z.string(),
  livekit: z.object({ url: z.string(), token: z.string(), identity: z.string(), expiresAt: IsoTime }),
  cameras: z.array(GatewayCamera),
  /** how often to send heartbeats */
  heartbeatSeconds: z.number().int(),
  /** GB/T 28181 devices the gateway accepts (issue 17); absent from older APIs */
  gb28181Devices: z.array(GatewayGbDevice).optional(),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

export const HeartbeatCamera = z.strictObject({
  id: Id,
  status: z.enum(["online", "offline"]),
  reason: line({ max: 300, trim: false }).optional(),
  /** the source's codec and full size as ffmpeg saw it (issue 17) */
  source: z.strictObject({ codec: z.string().regex(/^[a-z0-9_]{1,20}$/), width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384) }).optional(),
  /** 视频诊断: the problems the picture shows now; none = good since `since` (the API closes older video_quality alerts) */
  videoQuality: z.strictObject({ problems: z.array(VideoProblem).max(5), since: z.iso.datetime({ offset: true }) }).optional(),
  /** the current picture's fingerprint, sent only when the API asked for it (referenceRequests) */
  reference: Fingerprint.optional(),
});
export type HeartbeatCamera = z.infer<typeof HeartbeatCamera>;

export const Heartbeat = z.strictObject({
  cameras: z
    .array(HeartbeatCamera)
    .max(64)
    .describe("the cameras' states; a camera listed twice counts as its last report"),
});
export type Heartbeat = z.infer<typeof Heartbeat>;
export type HeartbeatResult = z.infer<typeof HeartbeatResult>;
export const HeartbeatResult = z.object({
  ok: z.literal(true),
  transitions: z.number().int(),
  /** cameras whose school approved the current picture as 视频诊断's reference: send their fingerprint (`reference`); older APIs leave it out */
  referenceRequests: z.array(Id).optional(),
});

/** The data topic on which the API tells a canteen room about its inspection (DESIGN §5). */
export const SESSION_TOPIC = "session";

/**
 * What the API broadcasts on the room's "session" topic when an inspection starts or ends
 * (server/inspections/service.ts validates before sending; the live page validates on receipt).
 */
export const SessionMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("inspection.started"), inspection: Inspection }),
  z.object({ type: z.literal("inspection.ended"), inspection: Inspection }),
]);
export type SessionMessage = z.infer<typeof SessionMessage>;

/**
 * API → gateway, on the "gateway" topic, addressed to the canteen's gateways only: someone was just given a
 * token for the room. The gateway grants them its cameras (all, or the public ones for a parent) before they
 * connect, so their first subscription is not refused while the grant that follows their join is on its way.
 * Gateways accept it only from the server (no sending participant).
 */
export const GATEWAY_TOPIC = "gateway";
export const ExpectedViewer = z.strictObject({ type: z.literal("viewer.expected"), identity: line({ min: 1, max: 200, trim: false }), role: Role });
export type ExpectedViewer = z.infer<typeof ExpectedViewer>;
