import { DisconnectReason, type RemoteParticipant, Room, RoomEvent } from "livekit-client";
import { createSignal } from "solid-js";
import { api } from "../../api.ts";
import { retryDelayMs } from "../../live/backoff.ts";
import type { Alert, AlertMessage, OpsTokens } from "../../types.ts";
import { ALERT_TOPIC, parseAlertMessage } from "./alertMessages.ts";

export type FeedState = "connecting" | "connected" | "reconnecting" | "offline";

/**
 * The live side of the alert inbox: a data-only connection to each of the caller's ops rooms. Every alert
 * message goes to `onAlert`; after any reconnection (the SDK's own or ours with fresh tokens) `onResync`
 * runs so the page fetches by cursor what it missed while it was away.
 */
export function createOpsFeed(handlers: { onAlert: (alert: Alert, kind: AlertMessage["kind"]) => void; onResync: () => void }) {
  const [state, setState] = createSignal<FeedState>("connecting");
  let rooms: Room[] = [];
  let closed = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  function scheduleRetry() {
    if (closed) return;
    setState("reconnecting");
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), retryDelayMs(attempt++));
  }

  async function connect() {
    for (const r of rooms) void r.disconnect();
    rooms = [];
    try {
      const tokens = await api.post<OpsTokens>("/alerts/ops-token");
      const joined = tokens.rooms.map((t) => {
        const room = new Room();
        room
          .on(RoomEvent.DataReceived, (payload, participant?: RemoteParticipant, _kind?, topic?: string) => {
            if (topic !== ALERT_TOPIC) return;
            const message = parseAlertMessage(payload, participant?.identity);
            if (message) handlers.onAlert(message.alert, message.kind);
          })
          .on(RoomEvent.Reconnecting, () => setState("reconnecting"))
          .on(RoomEvent.Reconnected, () => {
            setState("connected");
            handlers.onResync();
          })
          .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
            if (closed || reason === DisconnectReason.CLIENT_INITIATED) return;
            scheduleRetry();
          });
        return { room, connecting: room.connect(tokens.url, t.token, { autoSubscribe: false }) };
      });
      rooms = joined.map((j) => j.room);
      await Promise.all(joined.map((j) => j.connecting));
      if (closed) return void rooms.forEach((r) => r.disconnect());
      attempt = 0;
      setState("connected");
      // also the first time: what was raised between the list's load and this connection
      handlers.onResync();
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
      clearTimeout(retry);
      for (const r of rooms) void r.disconnect();
      setState("offline");
    },
  };
}
