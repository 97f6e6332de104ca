import { DisconnectReason, type RemoteParticipant, Room, RoomEvent } from "livekit-client";
import { createSignal } from "solid-js";
import type { OpsTokens } from "../types.ts";
import { createRetryTimer } from "./backoff.ts";

export type FeedState = "connecting" | "connected" | "reconnecting" | "offline";

export interface OpsFeedOptions {
  /** POST /alerts/ops-token: one token per ops room of the caller's school or region */
  fetchTokens: () => Promise<OpsTokens>;
  /** the data topic listened to; packets on any other topic are ignored */
  topic: string;
  /** a packet on that topic; `from` is the sending participant, undefined when the server sent it */
  onData: (payload: Uint8Array, from: string | undefined) => void;
  /** after every (re)connection, so the page fetches by cursor what it missed while it was away */
  onResync: () => void;
}

/**
 * A data-only connection to each of the caller's ops rooms (the live side of the alert inbox). After any
 * reconnection (the SDK's own, or ours with fresh tokens and the shared backoff) `onResync` runs.
 */
export function createOpsFeed(opts: OpsFeedOptions) {
  const [state, setState] = createSignal<FeedState>("connecting");
  let rooms: Room[] = [];
  let closed = false;
  const retry = createRetryTimer(() => void connect());

  function scheduleRetry() {
    if (closed) return;
    setState("reconnecting");
    retry.schedule();
  }

  function joinRoom(url: string, token: string) {
    const room = new Room();
    room
      .on(RoomEvent.DataReceived, (payload, participant?: RemoteParticipant, _kind?, topic?: string) => {
        if (topic === opts.topic) opts.onData(payload, participant?.identity);
      })
      .on(RoomEvent.Reconnecting, () => setState("reconnecting"))
      .on(RoomEvent.Reconnected, () => {
        setState("connected");
        opts.onResync();
      })
      .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        if (closed || reason === DisconnectReason.CLIENT_INITIATED) return;
        scheduleRetry();
      });
    return { room, connecting: room.connect(url, token, { autoSubscribe: false }) };
  }

  async function connect() {
    for (const r of rooms) void r.disconnect();
    rooms = [];
    try {
      const tokens = await opts.fetchTokens();
      const joined = tokens.rooms.map((t) => joinRoom(tokens.url, t.token));
      rooms = joined.map((j) => j.room);
      await Promise.all(joined.map((j) => j.connecting));
      if (closed) return void rooms.forEach((r) => r.disconnect());
      retry.reset();
      setState("connected");
      // also the first time: what was raised between the list's load and this connection
      opts.onResync();
    } catch {
      if (!closed) scheduleRetry();
    }
  }

  void connect();
  const test = (globalThis as { __MCLL_TEST__?: boolean }).__MCLL_TEST__;
  if (test) (globalThis as { __alerts?: unknown }).__alerts = { rooms: () => rooms, state };
  return {
    state,
    close() {
      closed = true;
      retry.cancel();
      for (const r of rooms) void r.disconnect();
      setState("offline");
    },
  };
}
