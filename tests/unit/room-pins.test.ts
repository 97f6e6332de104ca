/**
 * The room pins (server/live/room-pins.ts) against an in-memory Redis of the few commands they use: the copy of
 * LiveKit's room→node map is kept while Redis lives; after an empty restart every known room is pinned back to its
 * node once that node has registered again, and never while it has not; a room LiveKit already placed is not
 * moved (LiveKit's CreateRoom keeps a live assignment, as the fake does); the first round of an instance restores
 * nothing.
 */
import { describe, expect, it } from "vitest";
import type { Resp } from "../../server/live/redis.ts";
import { roomPinKeeper } from "../../server/live/room-pins.ts";

function memoryRedis() {
  let strings = new Map<string, string>();
  let hashes = new Map<string, Map<string, string>>();
  const hash = (k: string) => hashes.get(k) ?? hashes.set(k, new Map()).get(k)!;
  return {
    hash,
    restartEmpty() {
      strings = new Map();
      hashes = new Map();
    },
    async command(args: string[]): Promise<Resp> {
      const [cmd, key, ...rest] = args;
      switch (cmd) {
        case "SET":
          if (rest[1] === "NX" && strings.has(key!)) return null;
          strings.set(key!, rest[0]!);
          return "OK";
        case "GET":
          return strings.get(key!) ?? null;
        case "HLEN":
          return hash(key!).size;
        case "HKEYS":
          return [...hash(key!).keys()];
        case "HGETALL":
          return [...hash(key!)].flat();
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    },
  };
}

function setup() {
  const redis = memoryRedis();
  let now = 0;
  const pins: Array<[string, string]> = [];
  const io = {
    redis: (args: string[]) => redis.command(args),
    // LiveKit's SelectRoomNode: an assignment whose node is registered is kept; otherwise the given node is written
    async pin(room: string, nodeId: string) {
      pins.push([room, nodeId]);
      const at = redis.hash("room_node_map").get(room);
      if (!at || !redis.hash("nodes").has(at)) redis.hash("room_node_map").set(room, nodeId);
    },
    now: () => now,
  };
  return { redis, pins, io, tick: (ms: number) => (now += ms) };
}

describe("room pins", () => {
  it("pin every known room back to its node after Redis restarted empty, once each node is back", async () => {
    const { redis, pins, io, tick } = setup();
    redis.hash("nodes").set("ND_a", "{}").set("ND_b", "{}");
    redis.hash("room_node_map").set("canteen:1", "ND_a").set("canteen:2", "ND_b");
    const keep = roomPinKeeper(io);
    expect(await keep()).toEqual({ restarted: false, pinned: [] });

    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}"); // ND_b has not written its stats again yet
    tick(2000);
    expect(await keep()).toEqual({ restarted: true, pinned: ["canteen:1"] });
    expect(redis.hash("room_node_map").get("canteen:2")).toBeUndefined();

    redis.hash("nodes").set("ND_b", "{}");
    tick(2000);
    expect(await keep()).toEqual({ restarted: false, pinned: ["canteen:2"] });
    expect([...redis.hash("room_node_map")]).toEqual([["canteen:1", "ND_a"], ["canteen:2", "ND_b"]]);
    tick(2000);
    expect(await keep()).toEqual({ restarted: false, pinned: [] });
    expect(pins).toEqual([["canteen:1", "ND_a"], ["canteen:2", "ND_b"]]);
  });

  it("pin a room to the node it moved to, though the map kept its size", async () => {
    const { redis, io, tick } = setup();
    redis.hash("nodes").set("ND_a", "{}").set("ND_b", "{}");
    redis.hash("room_node_map").set("canteen:1", "ND_a");
    const keep = roomPinKeeper(io);
    await keep();
    redis.hash("room_node_map").set("canteen:1", "ND_b"); // emptied on ND_a, placed again on ND_b
    tick(1000);
    await keep();
    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}").set("ND_b", "{}");
    tick(1000);
    expect((await keep()).pinned).toEqual(["canteen:1"]);
    expect(redis.hash("room_node_map").get("canteen:1")).toBe("ND_b");
  });

  it("leave a room that LiveKit placed again before the pin where it is", async () => {
    const { redis, io } = setup();
    redis.hash("nodes").set("ND_a", "{}").set("ND_b", "{}");
    redis.hash("room_node_map").set("canteen:1", "ND_a");
    const keep = roomPinKeeper(io);
    await keep();
    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}").set("ND_b", "{}");
    redis.hash("room_node_map").set("canteen:1", "ND_b"); // a newcomer came first
    await keep();
    expect(redis.hash("room_node_map").get("canteen:1")).toBe("ND_b");
  });

  it("follow the map while Redis lives, and give up a node that never comes back", async () => {
    const { redis, pins, io, tick } = setup();
    redis.hash("nodes").set("ND_a", "{}");
    const keep = roomPinKeeper(io);
    await keep();
    redis.hash("room_node_map").set("canteen:3", "ND_gone");
    tick(2000);
    await keep(); // the map grew: read again
    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}");
    for (let i = 0; i < 40; i++) {
      tick(2000);
      expect((await keep()).pinned).toEqual([]);
    }
    expect(pins).toEqual([]);
    // given up after a minute: the map is followed again, and a room placed since is known
    redis.hash("room_node_map").set("canteen:4", "ND_a");
    tick(2000);
    await keep();
    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}");
    tick(2000);
    expect((await keep()).pinned).toEqual(["canteen:4"]);
  });

  it("restore nothing on an instance's first round (it knew no map yet)", async () => {
    const { redis, io } = setup();
    redis.hash("nodes").set("ND_a", "{}");
    const keep = roomPinKeeper(io);
    expect(await keep()).toEqual({ restarted: false, pinned: [] });
  });
});

describe("room pins when LiveKit refuses a pin", () => {
  it("try that room again in the next round, and pin the others meanwhile", async () => {
    const { redis, io, tick } = setup();
    redis.hash("nodes").set("ND_a", "{}");
    redis.hash("room_node_map").set("canteen:1", "ND_a").set("canteen:2", "ND_a");
    let refuse = true;
    const pin = io.pin;
    io.pin = async (room, nodeId) => {
      if (room === "canteen:1" && refuse) throw new Error("twirp error unavailable");
      await pin(room, nodeId);
    };
    const keep = roomPinKeeper(io);
    await keep();
    redis.restartEmpty();
    redis.hash("nodes").set("ND_a", "{}");
    tick(1000);
    expect((await keep()).pinned).toEqual(["canteen:2"]);
    refuse = false;
    tick(1000);
    expect((await keep()).pinned).toEqual(["canteen:1"]);
    expect([...redis.hash("room_node_map")].sort()).toEqual([["canteen:1", "ND_a"], ["canteen:2", "ND_a"]]);
  });
});
