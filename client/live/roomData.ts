import { type RemoteParticipant, type Room, RoomEvent } from "livekit-client";
import type { LiveController } from "./types.ts";

type DataHandler = Parameters<LiveController["onData"]>[1];

/**
 * Data messages of the room by topic: handlers per topic for what arrives, and sending while `maySend` (connected,
 * with the data grant).
 */
export function createRoomData(room: Room, maySend: () => boolean): Pick<LiveController, "onData" | "sendData"> {
  const handlers = new Map<string, Set<DataHandler>>();
  room.on(RoomEvent.DataReceived, (payload, participant?: RemoteParticipant, _kind?, topic?: string) => {
    for (const handler of handlers.get(topic ?? "") ?? []) handler(payload, participant?.identity);
  });
  return {
    onData(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      set.add(handler);
      handlers.set(topic, set);
      return () => set.delete(handler);
    },
    sendData(topic, payload, opts) {
      if (!maySend()) return false;
      // the SDK queues reliable packets itself; a lossy one that cannot go now is simply gone
      room.localParticipant.publishData(payload, { reliable: opts.reliable, topic }).catch((err: unknown) => console.warn(`[live] data on "${topic}" not sent:`, err));
      return true;
    },
  };
}
