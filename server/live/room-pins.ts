import { randomUUID } from "node:crypto";
import type { Resp } from "./redis.ts";

/**
 * LiveKit's nodes keep which node hosts each room in Redis (the hash `room_node_map`), and only there. When Redis
 * restarts empty, the rooms live on in their nodes but the map is gone: a newcomer is placed afresh on any node and
 * sits alone in a room of the same name, without the gateway's video (README, Faults). So each API instance keeps
 * a copy of the map and, when it sees that Redis has forgotten everything (the epoch key it set is gone or
 * another's), pins every room it knew back to its node — LiveKit's CreateRoom with `node_id` — once that node has
 * registered again. A pin never moves a room: LiveKit keeps an assignment that is still alive, so racing
 * instances, or a newcomer placed first, are left as they are.
 */
export const ROOM_NODE_MAP = "room_node_map";
const NODES = "nodes";
const EPOCH_KEY = "mcll:redis-epoch";
/** rooms not pinned back within this long are given up (their node never came back; LiveKit places them anew) */
const PENDING_MS = 60_000;
const PIN_CONCURRENCY = 8;

export interface RoomPinIo {
  redis(args: string[]): Promise<Resp>;
  /** LiveKit's CreateRoom for `room` on `nodeId` (the room exists there already: this only writes the map) */
  pin(room: string, nodeId: string): Promise<void>;
  now(): number;
}

export interface RoomPinRound {
  /** Redis was found restarted empty in this round */
  restarted: boolean;
  /** rooms pinned back to their node in this round */
  pinned: string[];
}

/** The keeper of one API instance: call the returned function every few seconds (a job). */
export function roomPinKeeper(io: RoomPinIo) {
  let epoch: string | null = null;
  let known = new Map<string, string>();
  let pending: { rooms: Map<string, string>; since: number } | null = null;

  return async function keep(): Promise<RoomPinRound> {
    // a fresh value each round: if the key was gone, what is there now differs from what this instance last saw
    await io.redis(["SET", EPOCH_KEY, randomUUID(), "NX"]);
    const current = (await io.redis(["GET", EPOCH_KEY])) as string | null;
    const restarted = epoch !== null && current !== epoch;
    epoch = current;
    if (restarted && known.size) pending = { rooms: new Map(known), since: io.now() };

    const pinned: string[] = [];
    if (pending) {
      const nodes = new Set((await io.redis(["HKEYS", NODES])) as string[]);
      // not to a node that has not registered again yet: LiveKit takes an assignment to it for none
      const ready = [...pending.rooms].filter(([, nodeId]) => nodes.has(nodeId));
      const rooms = pending.rooms;
      await inBatches(ready, PIN_CONCURRENCY, async ([room, nodeId]) => {
        try {
          await io.pin(room, nodeId);
          rooms.delete(room);
          pinned.push(room);
        } catch {
          // LiveKit not ready for it yet: the next round tries again
        }
      });
      if (!rooms.size || io.now() - pending.since > PENDING_MS) pending = null;
    }

    // the copy, read whole every round — rooms move (a node died, a room emptied and was placed again) without
    // changing the map's size, and a copy a round old pins a room to a node it left; kept only from a map that was
    // not just forgotten (pending rooms stay in it until pinned back). ≈ 40 bytes a room: 0.8 MB a round for a
    // province's 20,000 rooms, hence ROOM_PIN_SECONDS at that scale (README).
    if (!pending) known = pairs((await io.redis(["HGETALL", ROOM_NODE_MAP])) as string[]);
    return { restarted, pinned };
  };
}

/** `work` over `items`, at most `limit` at a time (a province's pins are thousands of CreateRoom calls). */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

/** HGETALL's flat [field, value, field, value…] as a map. */
export function pairs(flat: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i]!, flat[i + 1]!);
  return map;
}
