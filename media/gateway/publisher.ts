import { ConnectionState, DisconnectReason, Room, RoomEvent } from "@livekit/rtc-node";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { Backoff, type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.ts";
import { cameraPublishOptions, type CameraTrack, captureFrame, closeCameraTrack, createCameraTrack, muteCameraTrack } from "./camera-track.ts";
import { ExpectedViewers } from "./expected-viewers.ts";
import { setTrackSubscriptionPermissions } from "./livekit-ffi.ts";
import { redactTokens, tokenRejected } from "./livekit-errors.ts";
import { errorText, type Logger } from "./log.ts";
import { computeTrackPermissions, nextSessionExpiry, participantsToGrant, samePermissions, type TrackPermissions } from "./permissions.ts";
import { WakeableSleep } from "./wakeable-sleep.ts";
import { PLAYBACK_TRACK_PREFIX } from "../../server/record/playback-contracts.ts";

export interface LiveCredentials {
  url: string;
  token: string;
}

export interface PublisherOptions {
  log: Logger;
  /** frames per second the encoder may send */
  fps: number;
  /** upstream cap per camera, bits per second */
  maxBitrate: number;
  /** LiveKit refused the token: fetch fresh credentials (resolves with them, or null to wait and retry) */
  refreshCredentials: () => Promise<LiveCredentials | null>;
  /** connected to / disconnected from LiveKit (after a disconnection it reconnects by itself) */
  onConnection?: (state: { connected: boolean; reason?: string }) => void;
  backoff?: BackoffPolicy;
  /** every data packet of the room (the playbacks follow the `playback` topic, media/record/playbacks.ts) */
  onData?: (payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined, topic: string | undefined) => void;
  /** who may watch was worked out again (a viewer announced or joined…): `watched()` may be true now, not at the next tick */
  onViewer?: () => void;
}

/** how often the subscription permissions are sent again though unchanged (see start) */
const PERMISSIONS_REASSERT_MS = 5_000;
/** After the API announced a viewer, frames go to the encoder for this long even before the viewer shows up. */
const ANNOUNCED_WARM_MS = 15_000;

/**
 * One LiveKit connection for the whole gateway: one video track per camera (track name = camera id),
 * published on the camera's first frame, with a bitrate cap and dynacast (nothing is sent for a camera
 * nobody watches). Reconnects with backoff after a disconnection and republishes on the next frames;
 * keeps per-participant subscription permissions so parents only get public-visible cameras.
 */
export class LivePublisher {
  private room: Room | null = null;
  private connecting: Promise<void> | null = null;
  private tracks = new Map<string, CameraTrack>();
  private cameras = new Map<string, GatewayCamera>();
  private offline = new Set<string>();
  /** a camera whose publishing failed is not tried again before this time */
  private retryAt = new Map<string, number>();
  private lastPermissions: TrackPermissions | null = null;
  private sessionTimer?: ReturnType<typeof setTimeout>; // when a viewing session's window closes
  /** viewers the API announced, granted before they join */
  private readonly expected = new ExpectedViewers();
  private credentials: LiveCredentials | null = null;
  private stopped = true;
  private readonly backoff: Backoff;
  private readonly connectWait = new WakeableSleep();
  private reassert: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: PublisherOptions) {
    this.backoff = new Backoff(o.backoff ?? DEFAULT_BACKOFF);
  }

  get connected(): boolean {
    return this.room?.connectionState === ConnectionState.CONN_CONNECTED;
  }

  /** Sid of each published camera track. */
  publishedTracks = (): Map<string, string> => new Map([...this.tracks].flatMap(([id, t]) => (t.publication?.sid ? [[id, t.publication.sid] as const] : [])));

  /** The RTC session stats of the current connection (for measurements). */
  async rtcStats() {
    return this.room ? await this.room.getRtcStats() : null;
  }

  /** New credentials; a different server URL makes it reconnect, a new token is kept for the next connect. */
  setCredentials(creds: LiveCredentials): void {
    const urlChanged = this.credentials !== null && this.credentials.url !== creds.url;
    this.credentials = creds;
    if (urlChanged && this.room) {
      this.o.log.info(`LiveKit URL changed to ${creds.url}: reconnecting`);
      void this.dropRoom(this.room);
    }
    this.connectWait.wake();
  }

  setCameras(cameras: readonly GatewayCamera[]): void {
    const next = new Map(cameras.map((c) => [c.id, c]));
    for (const id of this.tracks.keys()) if (!next.has(id) && !id.startsWith(PLAYBACK_TRACK_PREFIX)) void this.removeCamera(id);
    this.cameras = next;
    this.applyPermissions();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.ensureConnected();
    // Permissions are sent when they change; one lost while reconnecting (a LiveKit restart) would hold a viewer
    // back until the next change: re-sent now and then (one small signalling message), that is a few seconds.
    this.reassert = setInterval(() => this.connected && this.applyPermissions(true), PERMISSIONS_REASSERT_MS);
    this.reassert.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sessionTimer);
    if (this.reassert) clearInterval(this.reassert);
    this.reassert = null;
    this.connectWait.wake();
    const room = this.room;
    if (room) await this.dropRoom(room);
    await this.connecting?.catch(() => {});
  }

  /** A decoded I420 frame of a camera or a playback (`playback:<id>`; `data` its own ArrayBuffer from offset 0). */
  pushFrame(cameraId: string, data: Uint8Array, width: number, height: number): void {
    const room = this.room;
    if (!room || !this.connected || !(this.cameras.has(cameraId) || cameraId.startsWith(PLAYBACK_TRACK_PREFIX))) return;
    let t = this.tracks.get(cameraId);
    if (!t) {
      if ((this.retryAt.get(cameraId) ?? 0) > Date.now()) return;
      t = createCameraTrack(cameraId, width, height);
      this.tracks.set(cameraId, t);
      void this.publish(room, t);
    }
    // nobody in the room to watch: nothing to encode or send (dynacast pauses the cameras a viewer in the room
    // is not watching, but LiveKit leaves a track nobody ever subscribed to running at full rate)
    if (t.publication && !this.viewersPresent(room)) return;
    captureFrame(t, data, width, height);
  }

  /** Someone watches (or is about to): a viewer in the room, or one the API announced a moment ago. */
  watched(): boolean {
    return this.room !== null && this.connected && this.viewersPresent(this.room);
  }

  /** Anyone in the room but gateways, or announced by the API a moment ago (LiveKit tells of a join a second or
   *  more late: the announcement lets the encoder start, and the first frame be ready, while the viewer connects). */
  private viewersPresent(room: Room): boolean {
    for (const p of room.remoteParticipants.values()) if (p.attributes?.role !== "gateway") return true;
    return this.expected.announcedWithin(ANNOUNCED_WARM_MS);
  }

  /** Mutes an offline camera's track so viewers are told instead of watching a frozen picture. */
  setCameraOffline(cameraId: string, offline: boolean): void {
    if (offline) this.offline.add(cameraId);
    else this.offline.delete(cameraId);
    const t = this.tracks.get(cameraId);
    if (t?.publication && t.muted !== offline) muteCameraTrack(t, offline, this.o.log);
  }

  private async publish(room: Room, t: CameraTrack): Promise<void> {
    const camera = this.cameras.get(t.cameraId);
    try {
      const publication = await room.localParticipant!.publishTrack(t.track, cameraPublishOptions(this.o.maxBitrate, this.o.fps));
      if (this.room !== room || this.tracks.get(t.cameraId) !== t) return; // superseded meanwhile
      t.publication = publication;
      this.o.log.info(`camera ${t.cameraId} (${camera?.name ?? "?"}) published as track ${publication.sid}${camera?.publicVisible ? " (public)" : ""}`);
      this.applyPermissions();
      if (this.offline.has(t.cameraId)) muteCameraTrack(t, true, this.o.log);
    } catch (err) {
      this.o.log.warn(`camera ${t.cameraId}: publishing failed: ${redactTokens(errorText(err))}; retrying in 5 s`);
      if (this.tracks.get(t.cameraId) === t) this.tracks.delete(t.cameraId);
      this.retryAt.set(t.cameraId, Date.now() + 5000);
      await closeCameraTrack(t);
    }
  }

  async removeCamera(cameraId: string): Promise<void> {
    const t = this.tracks.get(cameraId);
    if (!t) return;
    this.tracks.delete(cameraId);
    if (t.publication?.sid && this.room?.localParticipant) {
      await this.room.localParticipant.unpublishTrack(t.publication.sid).catch((err) => this.o.log.warn(`camera ${cameraId}: unpublish failed: ${errorText(err)}`));
    }
    await closeCameraTrack(t);
    this.o.log.info(`camera ${cameraId} removed from the room`);
  }

  /** Who may subscribe to what; sent again only when it changed (or forced after a reconnection). */
  private applyPermissions(force = false): void {
    const room = this.room;
    if (!room?.localParticipant) return;
    this.o.onViewer?.();
    const now = Date.now();
    const expected = this.expected.current();
    const inRoom = [...room.remoteParticipants.values()].map((p) => ({ identity: p.identity, attributes: p.attributes }));
    const participants = participantsToGrant(inRoom, expected, now);
    const tracks = [...this.tracks.values()].flatMap((t) =>
      t.publication?.sid ? [{ cameraId: t.cameraId, trackSid: t.publication.sid, publicVisible: this.cameras.get(t.cameraId)?.publicVisible ?? false }] : [],
    );
    const perms = computeTrackPermissions(participants, tracks, now);
    const expiry = nextSessionExpiry(participants, now);
    clearTimeout(this.sessionTimer);
    if (expiry !== null) this.sessionTimer = setTimeout(() => this.applyPermissions(), Math.max(0, expiry - now) + 5);
    if (!force && samePermissions(this.lastPermissions, perms)) return;
    try {
      setTrackSubscriptionPermissions(room.localParticipant, perms);
      this.lastPermissions = perms;
    } catch (err) {
      this.o.log.error(`could not set track subscription permissions: ${errorText(err)}`);
    }
  }

  private ensureConnected(): void {
    if (this.stopped || this.connecting) return;
    this.connecting = this.connectLoop().finally(() => {
      this.connecting = null;
    });
  }

  private async connectLoop(): Promise<void> {
    while (!this.stopped) {
      const creds = this.credentials;
      if (!creds) {
        await this.connectWait.sleep(1000);
        continue;
      }
      const room = new Room();
      // every published track listens to its room (tokenRefreshed); one track per camera is expected, not a leak
      room.setMaxListeners(0);
      this.wire(room);
      try {
        await room.connect(creds.url, creds.token, { autoSubscribe: false, dynacast: true });
        if (this.stopped) {
          await room.disconnect().catch(() => {});
          return;
        }
        this.room = room;
        this.lastPermissions = null;
        this.retryAt.clear();
        // before any track exists: nobody may subscribe to anything until the list says so
        this.applyPermissions(true);
        this.backoff.reset();
        this.o.log.info(`connected to LiveKit ${creds.url} as ${room.localParticipant?.identity} in room ${room.name}`);
        this.o.onConnection?.({ connected: true });
        return;
      } catch (err) {
        const message = redactTokens(errorText(err));
        await room.disconnect().catch(() => {});
        if (this.stopped) return;
        const delay = this.backoff.next();
        this.o.log.warn(`LiveKit connection failed: ${message}; retrying in ${(delay / 1000).toFixed(1)} s`);
        if (tokenRejected(message)) {
          this.o.log.warn("LiveKit refused the token: fetching a fresh one");
          const fresh = await this.o.refreshCredentials().catch(() => null);
          if (fresh) this.credentials = fresh;
        }
        await this.connectWait.sleep(delay);
      }
    }
  }

  /** The API's "viewer.expected" hint, checked by the shared parser (only the server may send it). */
  private onData(room: Room, payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined, topic: string | undefined): void {
    if (this.room !== room) return;
    this.o.onData?.(payload, participant, topic);
    if (this.expected.receive(payload, participant, topic, (text) => this.o.log.warn(text))) this.applyPermissions();
  }

  private wire(room: Room): void {
    const perms = () => this.room === room && this.applyPermissions();
    room
      .on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => this.onData(room, payload, participant, topic))
      .on(RoomEvent.ParticipantConnected, perms)
      .on(RoomEvent.ParticipantDisconnected, perms)
      .on(RoomEvent.ParticipantAttributesChanged, perms)
      .on(RoomEvent.LocalTrackPublished, perms)
      .on(RoomEvent.LocalTrackRepublished, () => this.room === room && this.applyPermissions(true))
      .on(RoomEvent.Reconnecting, () => this.room === room && this.o.log.warn("LiveKit connection interrupted: reconnecting"))
      .on(RoomEvent.Reconnected, () => {
        if (this.room !== room) return;
        this.o.log.info("LiveKit connection restored");
        this.applyPermissions(true);
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (this.room !== room) return;
        const why = DisconnectReason[reason] ?? String(reason);
        this.o.log.warn(`disconnected from LiveKit (${why})${this.stopped ? "" : ": reconnecting"}`);
        this.o.onConnection?.({ connected: false, reason: why });
        void this.dropRoom(room).then(() => this.ensureConnected());
      });
  }

  /** Forgets a room and its tracks (they are made again, in the next room, on the next frames). */
  private async dropRoom(room: Room): Promise<void> {
    if (this.room === room) this.room = null;
    const tracks = [...this.tracks.values()];
    this.tracks.clear();
    await room.disconnect().catch(() => {});
    await Promise.all(tracks.map((t) => closeCameraTrack(t)));
    if (!this.stopped) this.ensureConnected();
  }
}
