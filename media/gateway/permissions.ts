import { ParticipantAttributes } from "../../server/live/contracts.ts";

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

/**
 * The cameras a parent's supervised viewing session opens (issue 13), while its window lasts: read from the
 * token's signed attributes; null when the participant is in no session or its window is over.
 */
export function sessionCameras(attributes: Record<string, string>, now: number): Set<string> | null {
  const parsed = ParticipantAttributes.safeParse(attributes);
  if (!parsed.success || parsed.data.role !== "parent_rep" || !parsed.data.sessionCameras) return null;
  const until = Number(parsed.data.sessionUntil);
  if (!Number.isFinite(until) || until <= now) return null;
  return new Set(parsed.data.sessionCameras.split(",").filter(Boolean));
}

/** When the next session window in the room closes (the gateway withdraws its grants then), or null. */
export function nextSessionExpiry(participants: readonly RoomParticipant[], now: number): number | null {
  const ends = participants.flatMap((p) => (sessionCameras(p.attributes, now) ? [Number(p.attributes.sessionUntil)] : []));
  return ends.length ? Math.min(...ends) : null;
}

export function computeTrackPermissions(participants: readonly RoomParticipant[], tracks: readonly PublishedCameraTrack[], now = Date.now()): TrackPermissions {
  const publicSids = tracks.filter((t) => t.publicVisible && t.trackSid).map((t) => t.trackSid).sort();
  const permissions = [...participants]
    .sort((a, b) => a.identity.localeCompare(b.identity))
    .map((p) => {
      if (!publicOnly(p.attributes)) return { participantIdentity: p.identity, allowAll: true, allowedTrackSids: [] };
      const session = sessionCameras(p.attributes, now);
      const allowed = session ? tracks.filter((t) => t.trackSid && (t.publicVisible || session.has(t.cameraId))).map((t) => t.trackSid).sort() : publicSids;
      return { participantIdentity: p.identity, allowAll: false, allowedTrackSids: allowed };
    });
  return { allParticipantsAllowed: false, permissions };
}

/** Same permissions, so the (idempotent) update can be skipped. */
export const samePermissions = (a: TrackPermissions | null, b: TrackPermissions) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/** How long a viewer announced by the API (ExpectedViewer) keeps its grant without joining. */
export const EXPECTED_VIEWER_TTL_MS = 60_000;

/**
 * The participants to grant: those in the room, then those the API says are about to join (not yet in the
 * room, not expired). Someone in the room is judged by their own token's attributes, never by the hint.
 */
export function participantsToGrant(inRoom: readonly RoomParticipant[], expected: ReadonlyMap<string, { role: string; until: number }>, now: number): RoomParticipant[] {
  const present = new Set(inRoom.map((p) => p.identity));
  const coming = [...expected]
    .filter(([identity, e]) => !present.has(identity) && e.until > now)
    .map(([identity, e]) => ({ identity, attributes: { role: e.role, displayName: "", orgName: "" } }));
  return [...inRoom, ...coming];
}
