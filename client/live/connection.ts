import { DisconnectReason, type Room, RoomEvent } from "livekit-client";
import { createSignal } from "solid-js";
import { ApiError } from "../api.ts";
import { createRetryTimer } from "./backoff.ts";
import { normalizeGrants } from "./grants.ts";
import type { LiveMetrics } from "./metrics.ts";
import type { createTokenKeeper } from "./tokens.ts";
import type { ConnectionStateName, LiveGrants, StopReason } from "./types.ts";

/** Answers that retrying cannot change: signed out, no permission, canteen out of scope. */
const refused = (error: unknown) => error instanceof ApiError && [401, 403, 404].includes(error.status);

interface ConnectionOptions {
  tokens: ReturnType<typeof createTokenKeeper>;
  metrics: LiveMetrics;
  /** connected, or resumed by the SDK: bring the subscriptions in line */
  onConnected: () => void;
  /** the connection dropped: its tracks are gone */
  onDropped: () => void;
}

/**
 * Being in the room, and getting back in. The SDK resumes a dropped connection by itself (重连中); when it gives
 * up we connect again with a fresh token after the shared backoff (backoff.ts), unless the server said we must
 * not (another tab took our identity, removed) or the API refuses the token.
 */
export function createConnection(room: Room, opts: ConnectionOptions) {
  const { tokens, metrics } = opts;
  const [state, setState] = createSignal<ConnectionStateName>("connecting");
  const [stopReason, setStopReason] = createSignal<StopReason | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [nextRetryAt, setNextRetryAt] = createSignal<number | null>(null);
  const [grants, setGrants] = createSignal<LiveGrants | null>(null);
  const retry = createRetryTimer(() => void attemptConnect());
  let closed = false;
  let connecting = false;
  let everConnected = false;

  function stop(reason: StopReason) {
    retry.cancel();
    setNextRetryAt(null);
    setStopReason(reason);
    setState("disconnected");
  }

  function scheduleRetry() {
    setState("disconnected");
    setNextRetryAt(retry.schedule());
  }

  async function attemptConnect() {
    if (closed || connecting) return;
    connecting = true;
    retry.cancel();
    setNextRetryAt(null);
    setStopReason(null);
    setState(everConnected ? "reconnecting" : "connecting");
    try {
      const token = await tokens.forConnect();
      metrics.tokenAt ||= performance.now();
      setGrants(normalizeGrants(token.grants));
      // warms DNS/TLS/the HTTP path while the signalling socket is being opened
      void room.prepareConnection(token.url, token.token).catch(() => undefined);
      // the server subscribes, in the join itself, to what this viewer may see (the gateway's permissions decide):
      // one signalling round trip less before the first frame; subscriptions.ts then lets go of what no tile shows
      await room.connect(token.url, token.token, { autoSubscribe: true });
      if (closed) {
        await room.disconnect();
        return;
      }
      if (everConnected) metrics.reconnects++;
      everConnected = true;
      metrics.connectedAt ||= performance.now();
      retry.reset();
      setError(undefined);
      setState("connected");
      connecting = false;
      opts.onConnected();
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
    opts.onDropped();
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
      opts.onConnected();
    })
    .on(RoomEvent.Disconnected, onDisconnected);

  return {
    state,
    stopReason,
    error,
    nextRetryAt,
    grants,
    /** connected at least once (the room's participants and tracks mean something) */
    everConnected: () => everConnected,
    connect: attemptConnect,
    reconnectNow() {
      if (closed || connecting || state() === "connected") return;
      retry.reset();
      void attemptConnect();
    },
    /** no more attempts; the caller disconnects the room */
    close() {
      closed = true;
      retry.cancel();
    },
  };
}
