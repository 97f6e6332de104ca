import { DataPacket_Kind, RoomServiceClient, TrackSource } from "livekit-server-sdk";
import type { LiveKitConfig } from "../server/config.ts";

/** LiveKit's HTTP API speaks http(s) on the same host and port as the ws(s) signalling URL. */
export const httpUrlOf = (wsUrl: string) => wsUrl.replace(/^ws(s?):\/\//, "http$1://");

export interface LiveParticipant {
  /** LiveKit's id of this connection (PA_…) */
  sid: string;
  identity: string;
  name: string;
  attributes: Record<string, string>;
  /** ms since epoch (whole seconds on servers that only report `joined_at`) */
  joinedAt: number;
}

/** The API's side of the realtime bus: broadcast authoritative events into rooms, look at who is there. */
export interface LiveKitBus {
  /** reliable data to everyone in the room, on a topic (DESIGN §5) */
  send(room: string, topic: string, payload: unknown): Promise<void>;
  /** reliable data to some participants only (by identity) */
  sendTo(room: string, identities: string[], topic: string, payload: unknown): Promise<void>;
  participants(room: string): Promise<LiveParticipant[]>;
  /** disconnect a participant now (e.g. a gateway whose device token was just revoked) */
  remove(room: string, identity: string): Promise<void>;
  ping(): Promise<boolean>;
  /**
   * Change a connected participant's signed attributes and/or open or close their microphone (a
   * participant-permission update; subscribing stays as it was). False when they are not in the room.
   * Optional for test doubles.
   */
  updateParticipant?(room: string, identity: string, update: { attributes?: Record<string, string>; microphone?: boolean }): Promise<boolean>;
  /**
   * Which of these rooms exist now (someone is in them). Sending to a room that does not exist waits for
   * LiveKit's timeout, so fan-outs to many rooms (alerts to ops rooms) ask first. Optional for test doubles.
   */
  activeRooms?(names: string[]): Promise<string[]>;
  /**
   * Records that `room` lives on LiveKit node `nodeId` (CreateRoom with `node_id`; LiveKit keeps a live
   * assignment as it is). For the room pins after an empty Redis restart. Optional for test doubles.
   */
  pinRoom?(room: string, nodeId: string): Promise<void>;
}

export function liveKitBus(config: LiveKitConfig): LiveKitBus {
  const http = httpUrlOf(config.url);
  const rooms = new RoomServiceClient(http, config.apiKey, config.apiSecret);
  return {
    async send(room, topic, payload) {
      await rooms.sendData(room, new TextEncoder().encode(JSON.stringify(payload)), DataPacket_Kind.RELIABLE, { topic });
    },
    async sendTo(room, identities, topic, payload) {
      await rooms.sendData(room, new TextEncoder().encode(JSON.stringify(payload)), DataPacket_Kind.RELIABLE, { topic, destinationIdentities: identities });
    },
    async participants(room) {
      try {
        const list = await rooms.listParticipants(room);
        return list.map((p) => ({ sid: p.sid, identity: p.identity, name: p.name, attributes: { ...p.attributes }, joinedAt: Number(p.joinedAtMs) || Number(p.joinedAt) * 1000 }));
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
    async pinRoom(room, nodeId) {
      await rooms.createRoom({ name: room, nodeId });
    },
    async activeRooms(names) {
      if (!names.length) return [];
      const list = await rooms.listRooms(names);
      return list.map((r) => r.name);
    },
    async updateParticipant(room, identity, update) {
      const permission =
        update.microphone === undefined
          ? undefined
          : { canSubscribe: true, canPublish: update.microphone, canPublishData: false, canPublishSources: update.microphone ? [TrackSource.MICROPHONE] : [], hidden: false, recorder: false, canUpdateMetadata: false, agent: false, canSubscribeMetrics: false };
      try {
        await rooms.updateParticipant(room, identity, { attributes: update.attributes, permission });
        return true;
      } catch {
        return false; // not in the room
      }
    },
    async ping() {
      const res = await fetch(`${http}/`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
  };
}
