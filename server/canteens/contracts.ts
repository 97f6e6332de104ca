import { z } from "zod";
import { AREA_KINDS, CAMERA_STATUSES, CANTEEN_GRADES } from "../contracts/enums.ts";
import { Id, IsoTime, Name, pageOf, pageQuery, line, patchOf } from "../contracts/common.ts";

export const AreaKind = z.enum(AREA_KINDS);
export const Grade = z.enum(CANTEEN_GRADES);
/** 食品经营许可证号: JY + 14 digits */
export const LicenseNo = z.string().regex(/^JY\d{14}$/, "invalid 食品经营许可证号 (JY + 14 digits)");

export const Area = z.object({ id: Id, canteenId: Id, kind: AreaKind, name: z.string() });
export type Area = z.infer<typeof Area>;

export const Camera = z.object({
  id: Id,
  canteenId: Id,
  areaId: Id,
  gatewayId: Id.nullable(),
  name: z.string(),
  source: z.string().nullable(),
  ptz: z.boolean(),
  publicVisible: z.boolean(),
  status: z.enum(CAMERA_STATUSES),
  lastSeenAt: IsoTime.nullable(),
  /** what the source sends, as the gateway last saw it (issue 17); null until reported */
  // optional in the shape only so that fixtures written before issue 17 stay valid; the API always sends both
  video: z.object({ codec: z.string(), width: z.number().int(), height: z.number().int() }).nullable().optional(),
  /** 视频诊断's approved view: when approved; pending while the gateway has not yet answered the request */
  reference: z.object({ approvedAt: IsoTime.nullable(), pending: z.boolean() }).optional(),
});
export type Camera = z.infer<typeof Camera>;

export const Canteen = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  name: z.string(),
  licenseNo: z.string().nullable(),
  grade: Grade.nullable(),
  publicSlug: z.string(),
  areaCount: z.number().int(),
  cameraCount: z.number().int(),
});
export type Canteen = z.infer<typeof Canteen>;
/** The canteen's edge gateway: online (reported within three heartbeats), offline since lastSeenAt, or none. */
export const GatewayState = z.object({ state: z.enum(["online", "offline", "none"]), lastSeenAt: IsoTime.nullable() });
export const CanteenDetail = Canteen.extend({ areas: z.array(Area), cameras: z.array(Camera), gateway: GatewayState });
export type CanteenDetail = z.infer<typeof CanteenDetail>;

export const CanteensQuery = z.strictObject({ orgId: Id.optional(), ...pageQuery("text", "text") });
export const CanteenPage = pageOf(Canteen);

export const CreateCanteen = z.strictObject({
  orgId: Id,
  name: Name,
  licenseNo: LicenseNo.optional(),
  grade: Grade.optional(),
});
export const UpdateCanteen = patchOf({
  name: Name.optional(),
  licenseNo: LicenseNo.nullable().optional(),
  grade: Grade.nullable().optional(),
});

export const CreateArea = z.strictObject({ kind: AreaKind, name: Name });
export const UpdateArea = patchOf({ name: Name.optional() });

const CameraSource = line({ min: 1, max: 500, startsWith: { pattern: "rtsp://|https?://|onvif://|test:|/|gb28181:", message: "source must be rtsp://, http(s)://, onvif://, test:, gb28181: or an absolute file path" } }).refine(
  (s) => !s.startsWith("gb28181:") || /^gb28181:\d{20}\/\d{20}$/.test(s),
  "a GB/T 28181 source is gb28181:<20-digit device id>/<20-digit channel id>",
);
export const CreateCamera = z.strictObject({
  areaId: Id,
  gatewayId: Id.optional(),
  name: Name,
  source: CameraSource,
  ptz: z.boolean().default(false),
  publicVisible: z.boolean().default(false),
});
export const UpdateCamera = patchOf({
  areaId: Id.optional(),
  gatewayId: Id.nullable().optional(),
  name: Name.optional(),
  source: CameraSource.optional(),
  ptz: z.boolean().optional(),
  publicVisible: z.boolean().optional(),
});
export const CamerasQuery = z.strictObject({ canteenId: Id });
export const CameraList = z.object({ items: z.array(Camera) });

export const Gateway = z.object({
  id: Id,
  canteenId: Id,
  name: z.string(),
  tokenHint: z.string(),
  revokedAt: IsoTime.nullable(),
  lastSeenAt: IsoTime.nullable(),
  createdAt: IsoTime,
});
export const GatewaysQuery = z.strictObject({ canteenId: Id });
export const GatewayList = z.object({ items: z.array(Gateway) });
export const CreateGateway = z.strictObject({ canteenId: Id, name: Name });
/** The device token appears in this response only; the server keeps its hash. */
export const CreatedGateway = z.object({ gateway: Gateway, deviceToken: z.string() });
