import { ParticipantAttributes } from "../../server/contracts/live.ts";

/**
 * Who may subscribe to which camera track (pure; DESIGN §3, §5). The gateway publishes with
 * `allParticipantsAllowed: false` and this list: parent representatives get only the tracks of
 * public-visible cameras; every other role gets all tracks. A participant whose attributes are missing or
 * malformed is treated like a parent (fail closed).
 */
export interface RoomParticipant {
  identity: string;
  attributes: Record<string, string>;
}

export interface PublishedCameraTrack {
  cameraId: string;
  trackSid: string;
  publicVisible: boolean;
}

export interface ParticipantTrackPermission {
  participantIdentity: string;
  allowAll: boolean;
  allowedTrackSids: string[];
}

export interface TrackPermissions {
  allParticipantsAllowed: false;
  permissions: ParticipantTrackPermission[];
}

/** Roles that may only see public-visible cameras. */
export function publicOnly(attributes: Record<string, string>): boolean {
  const parsed = ParticipantAttributes.safeParse(attributes);
  return !parsed.success || parsed.data.role === "parent_rep";
}

export function computeTrackPermissions(participants: readonly RoomParticipant[], tracks: readonly PublishedCameraTrack[]): TrackPermissions {
  const publicSids = tracks.filter((t) => t.publicVisible && t.trackSid).map((t) => t.trackSid).sort();
  const permissions = [...participants]
    .sort((a, b) => a.identity.localeCompare(b.identity))
    .map((p) =>
      publicOnly(p.attributes)
        ? { participantIdentity: p.identity, allowAll: false, allowedTrackSids: publicSids }
        : { participantIdentity: p.identity, allowAll: true, allowedTrackSids: [] },
    );
  return { allParticipantsAllowed: false, permissions };
}

/** Same permissions, so the (idempotent) update can be skipped. */
export const samePermissions = (a: TrackPermissions | null, b: TrackPermissions) => a !== null && JSON.stringify(a) === JSON.stringify(b);
