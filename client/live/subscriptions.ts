import { type RemoteTrack, type RemoteTrackPublication, type Room, RoomEvent, Track } from "livekit-client";
import type { LiveMetrics } from "./metrics.ts";
import type { CameraFeed } from "./types.ts";

interface SubscriptionOptions {
  metrics: LiveMetrics;
  /** false until the first connection: nothing to subscribe to before */
  ready: () => boolean;
  /** the token lets this viewer subscribe */
  mayWatch: () => boolean;
  /** something the accessors read has changed */
  changed: () => void;
}

/**
 * What this viewer receives (the join subscribes to everything allowed; from then on this decides): a camera
 * track only while its tile has a <video> registered (with adaptiveStream
 * the server pauses it whenever that element is off screen, so only what is shown costs bandwidth), and every
 * voice, played through hidden <audio> elements.
 */
export function createSubscriptions(room: Room, opts: SubscriptionOptions) {
  const { metrics } = opts;
  const elements = new Map<string, HTMLVideoElement>();
  const attached = new Map<string, { track: RemoteTrack; element: HTMLVideoElement }>();
  let audioBox: HTMLDivElement | undefined;
  /** the page was left (the room is kept open a while): no voice is received either */
  let parked = false;
  let closed = false;

  /** Camera tracks: video published by a gateway participant, keyed by track name (= camera id). */
  function cameraPublications(): Map<string, RemoteTrackPublication> {
    const out = new Map<string, RemoteTrackPublication>();
    for (const p of room.remoteParticipants.values()) {
      if (p.attributes?.role !== "gateway") continue;
      for (const pub of p.videoTrackPublications.values()) out.set(pub.trackName, pub);
    }
    return out;
  }

  function detachCamera(cameraId: string) {
    const current = attached.get(cameraId);
    if (!current) return;
    current.track.detach(current.element);
    attached.delete(cameraId);
  }

  function watchFirstFrame(cameraId: string, element: HTMLVideoElement) {
    if (metrics.firstFrameAt[cameraId] !== undefined) return;
    const v = element as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
    v.requestVideoFrameCallback?.(() => {
      metrics.firstFrameAt[cameraId] ??= performance.now();
    });
  }

  /** Brings subscriptions and attachments in line with the registered elements; idempotent. */
  function sync() {
    if (closed || !opts.ready()) return;
    const pubs = cameraPublications();
    const mayWatch = opts.mayWatch();
    for (const [cameraId, pub] of pubs) {
      const element = elements.get(cameraId);
      // parked, a camera stays subscribed with no element: adaptive stream pauses it (nothing is sent), and
      // coming back only resumes it — a keyframe, not a new subscription (~0.1 s instead of ~0.3–0.8 s)
      const want = mayWatch && (!!element || (parked && pub.isDesired));
      if (pub.isDesired !== want) pub.setSubscribed(want);
      const current = attached.get(cameraId);
      if (current && (!want || current.track !== pub.track || current.element !== element)) detachCamera(cameraId);
      if (want && element && pub.track && !attached.has(cameraId)) {
        pub.track.attach(element);
        attached.set(cameraId, { track: pub.track, element });
        watchFirstFrame(cameraId, element);
      }
    }
    for (const cameraId of [...attached.keys()]) if (!pubs.has(cameraId)) detachCamera(cameraId);
    // voices: everything anyone says is heard
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.audioTrackPublications.values()) if (pub.isDesired !== (mayWatch && !parked)) pub.setSubscribed(mayWatch && !parked);
    }
    opts.changed();
  }

  function onTrackSubscribed(track: RemoteTrack, publication: RemoteTrackPublication) {
    metrics.subscribedAt[publication.trackName] ??= performance.now();
    metrics.subscriptions++;
    if (track.kind === Track.Kind.Audio) {
      if (!audioBox) {
        audioBox = document.createElement("div");
        audioBox.hidden = true;
        audioBox.dataset.testid = "live-audio";
        document.body.appendChild(audioBox);
      }
      audioBox.appendChild(track.attach());
    }
    sync();
  }

  function onTrackUnsubscribed(track: RemoteTrack) {
    if (track.kind === Track.Kind.Audio) for (const el of track.detach()) el.remove();
    sync();
  }

  room.on(RoomEvent.TrackSubscribed, onTrackSubscribed).on(RoomEvent.TrackUnsubscribed, onTrackUnsubscribed);
  for (const event of [RoomEvent.ParticipantConnected, RoomEvent.ParticipantDisconnected, RoomEvent.TrackPublished, RoomEvent.TrackUnpublished, RoomEvent.ParticipantAttributesChanged]) {
    room.on(event, sync);
  }
  room.on(RoomEvent.TrackSubscriptionPermissionChanged, (pub, status) => {
    // The gateway lets each viewer see its cameras as the viewer joins (per-identity permissions, so parents
    // get only the public ones); a subscription we asked for before that arrived was refused, and LiveKit
    // retries refused subscriptions only on its periodic reconcile, seconds later. Ask again at once.
    if (status === "allowed" && pub.isDesired && !pub.isSubscribed) {
      metrics.permissionRetries++;
      pub.setSubscribed(false);
      pub.setSubscribed(true);
    }
    opts.changed();
  });

  return {
    sync,
    publishedCameras: () => [...cameraPublications().keys()],
    publication: (cameraId: string) => cameraPublications().get(cameraId),
    cameraFeed(cameraId: string): CameraFeed {
      const pub = cameraPublications().get(cameraId);
      if (!pub) return "absent";
      if (pub.permissionStatus === "not_allowed") return "restricted";
      if (pub.isMuted) return "muted";
      if (pub.isSubscribed && attached.has(cameraId)) return "live";
      return "loading";
    },
    /** shows a camera in `element` (subscribing to it); answers the unregister */
    attachCamera(cameraId: string, element: HTMLVideoElement) {
      elements.set(cameraId, element);
      sync();
      return () => {
        if (elements.get(cameraId) !== element) return;
        elements.delete(cameraId);
        // after this turn: when the whole page goes, the room is parked in the same turn (its cleanup runs after
        // the tiles'), and a parked room keeps the camera subscribed
        queueMicrotask(sync);
      };
    },
    /**
     * parked: every voice is unsubscribed, the cameras stay subscribed but paused (their tiles are gone);
     * unparked: heard again, and a camera without a tile by then is let go
     */
    setParked(value: boolean) {
      parked = value;
      sync();
    },
    /** the connection dropped: the tracks are gone (the registered elements stay, for when it is back) */
    detachAll() {
      for (const cameraId of [...attached.keys()]) detachCamera(cameraId);
    },
    /** the controller is closing: forget the elements and the audio output as well */
    close() {
      closed = true;
      for (const cameraId of [...attached.keys()]) detachCamera(cameraId);
      elements.clear();
    },
    removeAudio() {
      audioBox?.remove();
    },
  };
}
