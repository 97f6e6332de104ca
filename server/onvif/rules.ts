import type { onvifRequests } from "../../db/schema/index.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { DeviceProfiles, FoundDevice, ONVIF_REQUEST_TIMEOUT_MS, type OnvifRequestView } from "./contracts.ts";

type Row = typeof onvifRequests.$inferSelect;

/**
 * The camera source for an ONVIF device's profile: `onvif://user:pass@host:port/path?profile=TOKEN` (what the gateway's
 * media/gateway/source.ts reads back). The credentials are percent-encoded so that an @ or / in a password cannot move
 * the host; an https device service keeps its host and path (the gateway speaks http to it: see the README).
 */
export function onvifSourceOf(xaddr: string, username: string, password: string, profile: string): string {
  const u = new URL(xaddr);
  return `onvif://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${u.host}${u.pathname}?profile=${encodeURIComponent(profile)}`;
}

/** A stream URI as a device gave it, without any user:password@ in it (it is shown and kept). */
export const withoutUserinfo = (uri: string) => uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");

/** The request as the page reads it: one the gateway never answered reads as failed after ONVIF_REQUEST_TIMEOUT_MS. */
export function requestView(r: Row, now: number): OnvifRequestView {
  const result = r.result ? (JSON.parse(r.result) as unknown) : null;
  const lapsed = r.status === "pending" && now - r.requestedAt > ONVIF_REQUEST_TIMEOUT_MS;
  const devices = r.kind === "discover" && r.status === "done" ? FoundDevice.array().safeParse(result) : null;
  const device = r.kind === "profiles" && r.status === "done" ? DeviceProfiles.safeParse(result) : null;
  return {
    id: r.id,
    gatewayId: r.gatewayId,
    kind: r.kind,
    xaddr: r.xaddr,
    status: lapsed ? "failed" : r.status,
    requestedAt: toIso(r.requestedAt),
    finishedAt: toIsoOrNull(r.finishedAt),
    devices: devices?.success ? devices.data : [],
    device: device?.success ? device.data : null,
    failure: lapsed ? "timeout" : r.status === "failed" ? ((r.errorCode as OnvifRequestView["failure"]) ?? "fault") : null,
    error: lapsed ? "the gateway did not answer in time" : r.error,
  };
}
