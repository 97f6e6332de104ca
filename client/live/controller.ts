import {
  DisconnectReason,
  LogLevel,
  type Participant,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  Room,
  RoomEvent,
  setLogLevel,
  Track,
} from "livekit-client";
import { createSignal } from "solid-js";
import { ApiError } from "../api.ts";
import type { LiveToken } from "../types.ts";
import { retryDelayMs } from "./backoff.ts";
import { normalizeGrants } from "./grants.ts";
import { exposeForTests } from "./testHook.ts";
import { createTokenKeeper } from "./tokens.ts";
import type { CameraFeed, ConnectionStateName, LiveController, LiveGrants, ParticipantView, Quality, StopReason } from "./types.ts";

// the SDK's info lines (every state change, every signal message) are not for the console of a user
setLogLevel(LogLevel.warn);

export interface ControllerOptions {
  canteenId: string;
  /** POST /live/token for this canteen */
  fetchToken: () => Promise<LiveToken>;
}

/** Answers that retrying cannot change: signed out, no permission, canteen out of scope. */
const refused = (error: unknown) => error instanceof ApiError && [401, 403, 404].includes(error.status);

const ROLE_ORDER = ["regulator_admin", "inspector", "education_officer", "principal", "food_safety_director", "food_safety_officer", "canteen_staff", "supplier_manager", "parent_rep"];
const rank = (p: ParticipantView) => (p.isLocal ? -1 : p.role === "gateway" ? 99 : ROLE_ORDER.indexOf(p.role) === -1 ? 50 : ROLE_ORDER.indexOf(p.role));

function viewOf(p: Participant, isLocal: boolean): ParticipantView {
  const a = p.attributes ?? {};
  return {
    identity: p.identity,
    name: a.displayName || p.name || p.identity,
    role: a.role ?? "",
    orgName: a.orgName ?? "",
    isLocal,
    speaking: p.isSpeaking,
    micOn: p.isMicrophoneEnabled,
    quality: (p.connectionQuality as Quality) ?? "unknown",
  };
}

/**
 * One canteen room (DESIGN §5) for the live page. One connection stays open while the viewer switches and
 * enlarges cameras: a camera track is subscribed only while its tile has a <video> registered, and with
 * adaptiveStream the server pauses it whenever that element is off screen, so only what is shown costs
 * bandwidth. Reconnection: the SDK resumes by itself (重连中); when it gives up we connect again with a
 * fresh token and backoff, unless the server said we must not (another tab took our identity, removed).
 */
export function createLiveController(opts: ControllerOptions): LiveController {
  const room = new Room({ adaptiveStream: true, dynacast: true });
  const tokens = createTokenKeeper(opts.fetchToken);
  const metrics = { createdAt: performance.now(), tokenAt: 0, connectedAt: 0, subscribedAt: {} as Record<string, number>, firstFrameAt: {} as Record<string, number>, subscriptions: 0, reconnects: 0, permissionRetries: 0 };

  // every room event bumps this; the accessors below read it and then the SDK's own state
  const [version, setVersion] = createSignal(0);
  const touch = () => setVersion((v) => v + 1);
  const [state, setState] = createSignal<ConnectionStateName>("connecting");
  const [stopReason, setStopReason] = createSignal<StopReason | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [nextRetryAt, setNextRetryAt] = createSignal<number | null>(null);
  const [grants, setGrants] = createSignal<LiveGrants | null>(null);
  const [micBusy, setMicBusy] = createSignal(false);
  const [micError, setMicError] = createSignal<unknown>();

  const elements = new Map<string, HTMLVideoElement>();
  const attached = new Map<string, { track: RemoteTrack; element: HTMLVideoElement }>();
  const dataHandlers = new Map<string, Set<(payload: Uint8Array, from: string | undefined) => void>>();
  let audioBox: HTMLDivElement | undefined;
  let closed = false;
  let connecting = false;
  let everConnected = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

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
    if (!everConnected) return;
    const pubs = cameraPublications();
    const mayWatch = grants()?.canSubscribe !== false;
    for (const [cameraId, pub] of pubs) {
      const element = elements.get(cameraId);
      const want = !!element && mayWatch;
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
      for (const pub of p.audioTrackPublications.values()) if (mayWatch && !pub.isDesired) pub.setSubscribed(true);
    }
    touch();
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

  function stop(reason: StopReason) {
    clearTimeout(retryTimer);
    setNextRetryAt(null);
    setStopReason(reason);
    setState("disconnected");
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    const delay = retryDelayMs(attempt++);
    setState("disconnected");
    setNextRetryAt(Date.now() + delay);
    retryTimer = setTimeout(() => void attemptConnect(), delay);
  }

  async function attemptConnect() {
    if (closed || connecting) return;
    connecting = true;
    clearTimeout(retryTimer);
    setNextRetryAt(null);
    setStopReason(null);
    setState(everConnected ? "reconnecting" : "connecting");
    try {
      const token = await tokens.forConnect();
      metrics.tokenAt ||= performance.now();
      setGrants(normalizeGrants(token.grants));
      // warms DNS/TLS/the HTTP path while the signalling socket is being opened
      void room.prepareConnection(token.url, token.token).catch(() => undefined);
      await room.connect(token.url, token.token, { autoSubscribe: false });
      if (closed) {
        await room.disconnect();
        return;
      }
      if (everConnected) metrics.reconnects++;
      everConnected = true;
      metrics.connectedAt ||= performance.now();
      attempt = 0;
      setError(undefined);
      setState("connected");
      connecting = false;
      sync();
    } catch (err) {
      connecting = false;
      if (closed) return;
      setError(err);
      if (refused(err)) stop("refused");
      else scheduleRetry();
    } finally {
      connecting = false;
    }
  }

  function onDisconnected(reason?: DisconnectReason) {
    for (const cameraId of [...attached.keys()]) detachCamera(cameraId);
    touch();
    if (connecting) return; // a failed attempt of ours: its catch decides what comes next
    if (closed || reason === DisconnectReason.CLIENT_INITIATED) return stop("left");
    if (reason === DisconnectReason.DUPLICATE_IDENTITY) return stop("duplicate");
    if (reason === DisconnectReason.PARTICIPANT_REMOVED) return stop("removed");
    scheduleRetry();
  }

  room
    .on(RoomEvent.Reconnecting, () => setState("reconnecting"))
    .on(RoomEvent.SignalReconnecting, () => setState("reconnecting"))
    .on(RoomEvent.Reconnected, () => {
      setState("connected");
      sync();
    })
    .on(RoomEvent.Disconnected, onDisconnected)
    .on(RoomEvent.TrackSubscribed, onTrackSubscribed)
    .on(RoomEvent.TrackUnsubscribed, onTrackUnsubscribed)
    .on(RoomEvent.DataReceived, (payload, participant?: RemoteParticipant, _kind?, topic?: string) => {
      for (const handler of dataHandlers.get(topic ?? "") ?? []) handler(payload, participant?.identity);
    });
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
    touch();
  });
  for (const event of [
    RoomEvent.TrackMuted,
    RoomEvent.TrackUnmuted,
    RoomEvent.TrackSubscriptionStatusChanged,
    RoomEvent.TrackSubscriptionFailed,
    RoomEvent.TrackStreamStateChanged,
    RoomEvent.ActiveSpeakersChanged,
    RoomEvent.ConnectionQualityChanged,
    RoomEvent.LocalTrackPublished,
    RoomEvent.LocalTrackUnpublished,
    RoomEvent.AudioPlaybackStatusChanged,
  ]) {
    room.on(event, touch);
  }

  // the microphone: the last wish wins, one SDK call at a time (push-to-talk presses and releases fast)
  let wantMic = false;
  let micRunning = false;
  async function setMicEnabled(on: boolean) {
    wantMic = on;
    if (micRunning) return;
    micRunning = true;
    setMicBusy(true);
    setMicError(undefined);
    try {
      for (let i = 0; i < 4 && room.localParticipant.isMicrophoneEnabled !== wantMic; i++) {
        await room.localParticipant.setMicrophoneEnabled(wantMic);
        touch();
      }
    } catch (err) {
      setMicError(err);
      wantMic = room.localParticipant.isMicrophoneEnabled;
    } finally {
      micRunning = false;
      setMicBusy(false);
      touch();
    }
  }

  const controller: LiveController = {
    state,
    stopReason,
    error,
    nextRetryAt,
    grants,
    quality: () => (version(), (room.localParticipant.connectionQuality as Quality) ?? "unknown"),
    participants: () => {
      version();
      if (!everConnected) return [];
      const all = [viewOf(room.localParticipant, true), ...[...room.remoteParticipants.values()].map((p) => viewOf(p, false))];
      return all.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    },
    publishedCameras: () => (version(), [...cameraPublications().keys()]),
    cameraFeed(cameraId): CameraFeed {
      version();
      const pub = cameraPublications().get(cameraId);
      if (!pub) return "absent";
      if (pub.permissionStatus === "not_allowed") return "restricted";
      if (pub.isMuted) return "muted";
      if (pub.isSubscribed && attached.has(cameraId)) return "live";
      return "loading";
    },
    attachCamera(cameraId, element) {
      elements.set(cameraId, element);
      sync();
      return () => {
        if (elements.get(cameraId) !== element) return;
        elements.delete(cameraId);
        sync();
      };
    },
    micEnabled: () => (version(), room.localParticipant.isMicrophoneEnabled),
    micBusy,
    micError,
    setMicEnabled,
    audioBlocked: () => (version(), everConnected && !room.canPlaybackAudio),
    startAudio: async () => {
      await room.startAudio();
      touch();
    },
    onData(topic, handler) {
      const set = dataHandlers.get(topic) ?? new Set();
      set.add(handler);
      dataHandlers.set(topic, set);
      return () => set.delete(handler);
    },
    sendData(topic, payload, opts) {
      if (state() !== "connected" || grants()?.canPublishData === false) return false;
      // the SDK queues reliable packets itself; a lossy one that cannot go now is simply gone
      room.localParticipant.publishData(payload, { reliable: opts.reliable, topic }).catch((err: unknown) => console.warn(`[live] data on "${topic}" not sent:`, err));
      return true;
    },
    identity: () => (version(), everConnected ? room.localParticipant.identity : null),
    connect: attemptConnect,
    reconnectNow() {
      if (closed || connecting || state() === "connected") return;
      attempt = 0;
      void attemptConnect();
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      tokens.stop();
      for (const cameraId of [...attached.keys()]) detachCamera(cameraId);
      elements.clear();
      await room.disconnect();
      audioBox?.remove();
    },
  };
  exposeForTests({ room, controller, metrics, canteenId: opts.canteenId });
  return controller;
}
