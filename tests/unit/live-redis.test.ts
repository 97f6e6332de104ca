/**
 * The API's RESP client (server/live/redis.ts): commands encoded as arrays of bulk strings (lengths in bytes),
 * every reply type parsed, an incomplete reply waited for, and a command against a real loopback socket that
 * answers in pieces, with AUTH first when the URL has a password.
 */
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { encodeCommand, parseReply, redisCommand, RedisReplyError } from "../../server/live/redis.ts";

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** a server that records what it was sent and answers with `chunks`, written one by one */
async function fakeRedis(chunks: string[]) {
  const received: string[] = [];
  const srv = createServer((s) =>
    s.on("data", (d) => {
      received.push(d.toString());
      void (async () => {
        for (const c of chunks) {
          s.write(c);
          await new Promise((r) => setTimeout(r, 5)); // separate TCP writes: the client must wait for the rest
        }
      })();
    }),
  );
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  return { port: (srv.address() as { port: number }).port, received };
}

describe("encodeCommand", () => {
  it("writes an array of bulk strings with byte lengths", () => {
    expect(encodeCommand(["HGETALL", "room_node_map"]).toString()).toBe("*2\r\n$7\r\nHGETALL\r\n$13\r\nroom_node_map\r\n");
    expect(encodeCommand(["SET", "k", "食堂"]).toString()).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n食堂\r\n");
  });
});

describe("parseReply", () => {
  const parse = (s: string) => parseReply(Buffer.from(s))?.value;
  it("reads every reply type", () => {
    expect(parse("+OK\r\n")).toBe("OK");
    expect(parse(":42\r\n")).toBe(42);
    expect(parse("$6\r\n食堂\r\n")).toBe("食堂");
    expect(parse("$-1\r\n")).toBeNull();
    expect(parse("*2\r\n$1\r\na\r\n*1\r\n:1\r\n")).toEqual(["a", [1]]);
    expect(parse("*0\r\n")).toEqual([]);
    const err = parse("-WRONGTYPE Operation against a key\r\n");
    expect(err).toBeInstanceOf(RedisReplyError);
    expect((err as Error).message).toBe("WRONGTYPE Operation against a key");
  });
  it("is null while a reply is incomplete, and says where a complete one ends", () => {
    expect(parseReply(Buffer.from("$5\r\nab"))).toBeNull();
    expect(parseReply(Buffer.from("*2\r\n$1\r\na\r\n"))).toBeNull();
    expect(parseReply(Buffer.from("+OK\r\n:1\r\n"))).toEqual({ value: "OK", end: 5 });
  });
  it("refuses what is not RESP", () => {
    expect(() => parseReply(Buffer.from("HTTP/1.1 400\r\n"))).toThrow(RedisReplyError);
  });
});

describe("redisCommand", () => {
  it("sends AUTH first when the URL has a password, and resolves to the command's reply read in pieces", async () => {
    const redis = await fakeRedis(["+OK\r\n*4\r\n$4\r\nroom", "\r\n$5\r\nND_ab\r\n$2\r\n", "r2\r\n$5\r\nND_cd\r\n"]);
    const reply = await redisCommand(`redis://:s3cret@127.0.0.1:${redis.port}`, ["HGETALL", "room_node_map"]);
    expect(reply).toEqual(["room", "ND_ab", "r2", "ND_cd"]);
    expect(redis.received.join("")).toBe("*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n*2\r\n$7\r\nHGETALL\r\n$13\r\nroom_node_map\r\n");
  });
  it("rejects an error reply, a refused connection and a bad URL", async () => {
    const redis = await fakeRedis(["-NOAUTH Authentication required.\r\n"]);
    await expect(redisCommand(`redis://127.0.0.1:${redis.port}`, ["GET", "k"])).rejects.toThrow("NOAUTH");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    await expect(redisCommand(`redis://127.0.0.1:${port}`, ["PING"])).rejects.toThrow();
    await expect(redisCommand("not a url", ["PING"])).rejects.toThrow("not a Redis URL");
  });
  it("rejects when nothing answers in time", async () => {
    const silent = createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    await expect(redisCommand(`redis://127.0.0.1:${(silent.address() as { port: number }).port}`, ["PING"], 100)).rejects.toThrow("did not answer PING within 100 ms");
  });
});
