import { DataPacket_Kind, RoomServiceClient } from "livekit-server-sdk";
import type { LiveKitConfig } from "../server/config.ts";

/** LiveKit's HTTP API speaks http(s) on the same host and port as the ws(s) signalling URL. */
export const httpUrlOf = (wsUrl: string) => wsUrl.replace(/^ws(s?):\/\//, "http$1://");

export interface LiveParticipant {
  identity: string;
  name: string;
  attributes: Record<string, string>;
  joinedAt: number;
}

/** The API's side of the realtime bus: broadcast authoritative events into rooms, look at who is there. */
export interface LiveKitBus {
  /** reliable data to everyone in the room, on a topic (DESIGN §5) */
  send(room: string, topic: string, payload: unknown): Promise<void>;
  participants(room: string): Promise<LiveParticipant[]>;
  /** disconnect a participant now (e.g. a gateway whose device token was just revoked) */
  remove(room: string, identity: string): Promise<void>;
  ping(): Promise<boolean>;
  /**
   * Which of these rooms exist now (someone is in them). Sending to a room that does not exist waits for
   * LiveKit's timeout, so fan-outs to many rooms (alerts to ops rooms) ask first. Optional for test doubles.
   */
  activeRooms?(names: string[]): Promise<string[]>;
}

export function liveKitBus(config: LiveKitConfig): LiveKitBus {
  const http = httpUrlOf(config.url);
  const rooms = new RoomServiceClient(http, config.apiKey, config.apiSecret);
  return {
    async send(room, topic, payload) {
      await rooms.sendData(room, new TextEncoder().encode(JSON.stringify(payload)), DataPacket_Kind.RELIABLE, { topic });
    },
    async participants(room) {
      try {
        const list = await rooms.listParticipants(room);
        return list.map((p) => ({ identity: p.identity, name: p.name, attributes: { ...p.attributes }, joinedAt: Number(p.joinedAt) * 1000 }));
      } catch {
        return []; // the room does not exist yet: nobody is there
      }
    },
    async remove(room, identity) {
      try {
        await rooms.removeParticipant(room, identity);
      } catch {
        // not in the room: nothing to do
      }
    },
    async activeRooms(names) {
      if (!names.length) return [];
      const list = await rooms.listRooms(names);
      return list.map((r) => r.name);
    },
    async ping() {
      const res = await fetch(`${http}/`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
  };
}
