/**
 * What the live page needs from a LiveKit room, in our own words: the components depend on this
 * interface only, so they never touch SDK objects (and component tests can hand them a fake).
 */
import type { LiveToken } from "../types.ts";

/** The four states the connection banner shows (连接中 / 已连接 / 重连中 / 已断开). */
export type ConnectionStateName = "connecting" | "connected" | "reconnecting" | "disconnected";

/** Why we are disconnected and not trying again by ourselves. */
export type StopReason = "left" | "duplicate" | "removed" | "refused";

export type Quality = "excellent" | "good" | "poor" | "lost" | "unknown";

/**
 * A camera's video as this viewer gets it:
 * absent — the gateway publishes no track for it; loading — asked for, not arrived yet;
 * live — subscribed and attached; muted — the gateway says its source is down;
 * restricted — the publisher does not let this viewer subscribe (parents: not public-visible).
 */
export type CameraFeed = "absent" | "loading" | "live" | "muted" | "restricted";

export type LiveGrants = LiveToken["grants"];

export interface ParticipantView {
  identity: string;
  /** display name from the token's attributes (falls back to the participant name) */
  name: string;
  /** "gateway", one of the user roles, or "" when the attributes are missing */
  role: string;
  orgName: string;
  isLocal: boolean;
  speaking: boolean;
  micOn: boolean;
  quality: Quality;
}

export interface LiveController {
  state(): ConnectionStateName;
  /** set when we stopped on purpose or for a reason retrying cannot fix */
  stopReason(): StopReason | null;
  /** the last failure to get a token or to connect (ApiError or Error) */
  error(): unknown;
  /** when the next automatic reconnection attempt starts (ms since epoch), while disconnected */
  nextRetryAt(): number | null;
  /** this viewer's own connection quality */
  quality(): Quality;
  grants(): LiveGrants | null;
  participants(): ParticipantView[];
  /** camera ids (track names) the gateway(s) publish in the room */
  publishedCameras(): string[];
  cameraFeed(cameraId: string): CameraFeed;
  /**
   * Shows a camera in a <video>: the track is subscribed while an element is registered and attached to it;
   * with adaptiveStream the server pauses it whenever the element is off screen. Returns the unregister.
   */
  attachCamera(cameraId: string, element: HTMLVideoElement): () => void;
  /**
   * Before a snapshot: the camera's full resolution in `element` (top simulcast layer, adaptive stream off for
   * it), waited for at most ~3 s; answers the function that gives the track back to adaptive stream.
   */
  fullResolution?(cameraId: string, element: HTMLVideoElement): Promise<() => void>;
  micEnabled(): boolean;
  micBusy(): boolean;
  micError(): unknown;
  setMicEnabled(on: boolean): Promise<void>;
  /** the browser blocked audio playback until a user gesture */
  audioBlocked(): boolean;
  startAudio(): Promise<void>;
  /** raw data on a topic; `from` is the sending participant, undefined when the server sent it */
  onData(topic: string, handler: (payload: Uint8Array, from: string | undefined) => void): () => void;
  /**
   * Sends data to everyone else in the room; lossy (unordered, may drop: in-progress strokes, cursors) or
   * reliable. Nothing is sent, and false returned, while not connected or without the data grant.
   */
  sendData(topic: string, payload: Uint8Array<ArrayBuffer>, opts: { reliable: boolean }): boolean;
  /** this viewer's participant identity (the user id), once connected */
  identity(): string | null;
  connect(): Promise<void>;
  /** skip the wait before the next automatic reconnection */
  reconnectNow(): void;
  /**
   * The page was left: stay in the room, but hear and send nothing and receive no camera (roomKeeper.ts keeps
   * it a short while, so coming back finds it connected).
   */
  park(): void;
  /** Back on the page: new timings, and `fetchToken` (the new page's) for every later token. */
  resume(fetchToken: () => Promise<LiveToken>): void;
  /** A room entered on the way to its page (roomKeeper.ts), never shown yet: the page's `fetchToken` from now on. */
  adopt(fetchToken: () => Promise<LiveToken>): void;
  close(): Promise<void>;
}
