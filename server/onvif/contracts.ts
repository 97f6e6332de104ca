import { z } from "zod";
import { Id, IsoTime, line, Name, secret } from "../contracts/common.ts";

/**
 * ONVIF cameras found from the canteen's page (issue 17): the page asks one of the canteen's gateways to probe its LAN
 * (WS-Discovery) or to read one device's profiles with the credentials the manager typed, the gateway answers the
 * API, the page polls the request. One shape for the page's bodies, the bus message to the gateway, the gateway's
 * answer and what the page reads. Credentials travel to the gateway for one request and are never kept.
 */
export const ONVIF_TOPIC = "onvif";
/** a request the gateway has not answered by then reads as failed (it went offline, or never got the message) */
export const ONVIF_REQUEST_TIMEOUT_MS = 30_000;
/** how long the gateway listens for ProbeMatches */
export const ONVIF_PROBE_WINDOW_MS = 2_500;

/** a device service address as WS-Discovery gives it: http(s)://host[:port]/path */
export const Xaddr = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(\/[^\s?#]*)?$/, "an http(s) device service address")
  .refine((v) => URL.canParse(v), "an http(s) device service address");
export const OnvifUsername = line({ min: 1, max: 64 });
export const OnvifPassword = secret({ min: 0, max: 128 });
const Short = z.string().max(200);

export const OnvifProfilesBody = z.strictObject({ xaddr: Xaddr, username: OnvifUsername, password: OnvifPassword });
export const OnvifAddBody = z.strictObject({
  /** the done `profiles` request whose device and profile are added */
  requestId: Id,
  profile: z.string().regex(/^[\w.:-]{1,64}$/, "a profile token of letters, digits and . : _ -"),
  username: OnvifUsername,
  password: OnvifPassword,
  name: Name,
  areaId: Id,
});

/** One device that answered the probe: its device service, the name and hardware its scopes give, what it says of itself. */
export const FoundDevice = z.strictObject({
  endpoint: Short,
  xaddr: Xaddr,
  name: Short.nullable(),
  hardware: Short.nullable(),
  /** GetDeviceInformation asked without credentials (most cameras refuse it: null) */
  manufacturer: Short.nullable(),
  model: Short.nullable(),
});
export type FoundDevice = z.infer<typeof FoundDevice>;
export const FoundProfile = z.strictObject({
  token: z.string().regex(/^[\w.:-]{1,64}$/),
  name: Short,
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  encoding: Short.nullable(),
  ptz: z.boolean(),
  /** without credentials */
  streamUri: z.string().max(500),
});
export type FoundProfile = z.infer<typeof FoundProfile>;
export const DeviceProfiles = z.strictObject({ manufacturer: Short.nullable(), model: Short.nullable(), profiles: z.array(FoundProfile).max(32) });

/** Why a request failed, as the page shows it: wrong credentials, unreachable, the device's fault, no answer in time. */
export const OnvifFailure = z.enum(["unauthorized", "unreachable", "fault", "unsupported", "timeout", "probe_failed"]);
export type OnvifFailure = z.infer<typeof OnvifFailure>;

export const OnvifRequestView = z.strictObject({
  id: Id,
  gatewayId: Id,
  kind: z.enum(["discover", "profiles"]),
  xaddr: Xaddr.nullable(),
  status: z.enum(["pending", "done", "failed"]),
  requestedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  devices: z.array(FoundDevice),
  device: DeviceProfiles.nullable(),
  failure: OnvifFailure.nullable(),
  error: z.string().nullable(),
});
export type OnvifRequestView = z.infer<typeof OnvifRequestView>;

/** What the gateway reports (device token). */
export const OnvifResult = z.discriminatedUnion("ok", [
  z.strictObject({ requestId: Id, ok: z.literal(true), devices: z.array(FoundDevice).max(256).optional(), device: DeviceProfiles.optional() }),
  z.strictObject({ requestId: Id, ok: z.literal(false), failure: OnvifFailure, error: line({ max: 300, trim: false }) }),
]);
export type OnvifResult = z.infer<typeof OnvifResult>;

/** On the `onvif` topic, from the server to one gateway (destination identity): probe the LAN, read one device's profiles. */
export const OnvifMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("onvif.discover"), id: Id }),
  z.strictObject({ type: z.literal("onvif.profiles"), id: Id, xaddr: Xaddr, username: OnvifUsername, password: OnvifPassword }),
]);
export type OnvifMessage = z.infer<typeof OnvifMessage>;
