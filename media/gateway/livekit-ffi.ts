/**
 * Two requests that the LiveKit FFI (Rust SDK) supports but @livekit/rtc-node 1.1.0 does not wrap:
 * per-participant track subscription permissions and local track mute. They are sent the same way
 * rtc-node sends its own requests (FfiRequest → livekitFfiRequest), through the very module instance
 * rtc-node loaded (resolved from rtc-node's own location), with the participant's / track's FFI handle.
 */
import { createRequire } from "node:module";
import type * as Ffi from "@livekit/rtc-ffi-bindings";
import type { LocalParticipant, LocalVideoTrack } from "@livekit/rtc-node";
import type { TrackPermissions } from "./permissions.ts";

const requireFromHere = createRequire(import.meta.url);
const ffi: typeof Ffi = createRequire(requireFromHere.resolve("@livekit/rtc-node"))("@livekit/rtc-ffi-bindings");

function request(message: Ffi.FfiRequest["message"]): Ffi.FfiResponse["message"] {
  const req = new ffi.FfiRequest({ message });
  return ffi.FfiResponse.fromBinary(ffi.livekitFfiRequest(req.toBinary())).message;
}

/** LocalParticipant.setTrackSubscriptionPermissions of the other SDKs. */
export function setTrackSubscriptionPermissions(participant: LocalParticipant, perms: TrackPermissions): void {
  const res = request({
    case: "setTrackSubscriptionPermissions",
    value: new ffi.SetTrackSubscriptionPermissionsRequest({
      localParticipantHandle: participant.ffi_handle.handle,
      allParticipantsAllowed: perms.allParticipantsAllowed,
      permissions: perms.permissions.map((p) => new ffi.ParticipantTrackPermission({ participantIdentity: p.participantIdentity, allowAll: p.allowAll, allowedTrackSids: p.allowedTrackSids })),
    }),
  });
  if (res.case !== "setTrackSubscriptionPermissions") throw new Error(`unexpected FFI response ${res.case}`);
}

/** Mutes/unmutes a published local track (subscribers get TrackMuted/TrackUnmuted). */
export function setLocalTrackMuted(track: LocalVideoTrack, muted: boolean): void {
  const res = request({ case: "localTrackMute", value: new ffi.LocalTrackMuteRequest({ trackHandle: track.ffi_handle.handle, mute: muted }) });
  if (res.case !== "localTrackMute") throw new Error(`unexpected FFI response ${res.case}`);
}
