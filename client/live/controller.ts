import { LogLevel, Room, RoomEvent, setLogLevel } from "livekit-client";
import { createSignal } from "solid-js";
import type { LiveToken } from "../types.ts";
import { createConnection } from "./connection.ts";
import { requestFullResolution } from "./fullFrame.ts";
import { newMetrics } from "./metrics.ts";
import { createMicrophone } from "./microphone.ts";
import { byRoleThenName, viewOf } from "./participantView.ts";
import { createRoomData } from "./roomData.ts";
import { createSubscriptions } from "./subscriptions.ts";
import { exposeForTests } from "./testHook.ts";
import { createTokenKeeper } from "./tokens.ts";
import type { LiveController, Quality } from "./types.ts";

// the SDK's info lines (every state change, every signal message) are not for the console of a user
setLogLevel(LogLevel.warn);

export interface ControllerOptions {
  canteenId: string;
  /** POST /live/token for this canteen */
  fetchToken: () => Promise<LiveToken>;
}

/**
 * One canteen room (DESIGN §5) for the live page. One connection stays open while the viewer switches and
 * enlarges cameras. The parts: the connection and its reconnection (connection.ts), what is received
 * (subscriptions.ts), the microphone (microphone.ts) and data by topic (roomData.ts). The accessors read the SDK's
 * own state, made reactive by one version signal that every room event bumps.
 */
export function createLiveController(opts: ControllerOptions): LiveController {
  const room = new Room({ adaptiveStream: true, dynacast: true });
  // the page that shows the room asks for its tokens; a resumed room (roomKeeper.ts) is shown by a new page
  let fetchToken = opts.fetchToken;
  const tokens = createTokenKeeper(() => fetchToken());
  const metrics = newMetrics();

  // every room event bumps this; the accessors below read it and then the SDK's own state
  const [version, setVersion] = createSignal(0);
  const touch = () => setVersion((v) => v + 1);

  const subscriptions = createSubscriptions(room, {
    metrics,
    ready: () => connection.everConnected(),
    mayWatch: () => connection.grants()?.canSubscribe !== false,
    changed: touch,
  });
  const connection = createConnection(room, {
    tokens,
    metrics,
    onConnected: subscriptions.sync,
    onDropped() {
      subscriptions.detachAll();
      touch();
    },
  });
  const microphone = createMicrophone(room, touch);
  const data = createRoomData(room, () => connection.state() === "connected" && connection.grants()?.canPublishData !== false);

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

  const controller: LiveController = {
    state: connection.state,
    stopReason: connection.stopReason,
    error: connection.error,
    nextRetryAt: connection.nextRetryAt,
    grants: connection.grants,
    quality: () => (version(), (room.localParticipant.connectionQuality as Quality) ?? "unknown"),
    participants: () => {
      version();
      if (!connection.everConnected()) return [];
      return byRoleThenName([viewOf(room.localParticipant, true), ...[...room.remoteParticipants.values()].map((p) => viewOf(p, false))]);
    },
    publishedCameras: () => (version(), subscriptions.publishedCameras()),
    cameraFeed: (cameraId) => (version(), subscriptions.cameraFeed(cameraId)),
    attachCamera: subscriptions.attachCamera,
    async fullResolution(cameraId, element) {
      const pub = subscriptions.publication(cameraId);
      if (!pub) return () => undefined;
      const { restore } = await requestFullResolution(pub, element);
      return restore;
    },
    micEnabled: () => (version(), room.localParticipant.isMicrophoneEnabled),
    micBusy: microphone.micBusy,
    micError: microphone.micError,
    setMicEnabled: microphone.setMicEnabled,
    audioBlocked: () => (version(), connection.everConnected() && !room.canPlaybackAudio),
    startAudio: async () => {
      await room.startAudio();
      touch();
    },
    onData: data.onData,
    sendData: data.sendData,
    identity: () => (version(), connection.everConnected() ? room.localParticipant.identity : null),
    connect: connection.connect,
    reconnectNow: connection.reconnectNow,
    park() {
      void microphone.setMicEnabled(false);
      subscriptions.setParked(true);
    },
    resume(next) {
      fetchToken = next;
      // timings of this showing; the connection, if up, is as old as the click
      const at = performance.now();
      Object.assign(metrics, newMetrics(), connection.state() === "connected" ? { tokenAt: at, connectedAt: at } : {});
      // once the new page's tiles are registered (they mount in this same turn), so the kept cameras stay
      queueMicrotask(() => subscriptions.setParked(false));
      // the new page learns the inspection in progress from a token's answer; not awaited, nothing waits for it
      void tokens.fresh().catch(() => undefined);
    },
    adopt(next) {
      fetchToken = next;
    },
    async close() {
      connection.close();
      tokens.stop();
      subscriptions.close();
      await room.disconnect();
      subscriptions.removeAudio();
    },
  };
  exposeForTests({ room, controller, metrics, canteenId: opts.canteenId });
  return controller;
}
