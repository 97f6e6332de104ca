import { connect } from "node:net";

/**
 * The API's few words with the Redis its LiveKit nodes share (REDIS_URL): whether it answers (/healthz) and the
 * room pins (room-pins.ts). The API keeps nothing of its own there, so a command is one short connection speaking
 * RESP (arrays of bulk strings out; simple strings, errors, integers, bulk strings and arrays back) rather than a
 * client library; no Redis client is in the project's dependencies.
 */
export type Resp = string | number | null | Resp[];

export class RedisReplyError extends Error {}

/** One command as RESP: an array of bulk strings, lengths in bytes. */
export function encodeCommand(args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(""));
}

/**
 * The reply that starts at `at` in `buf`, and where it ends; null while it is incomplete (more bytes to come).
 * An error reply is returned as a RedisReplyError value, so a pipeline's later replies are still read.
 */
export function parseReply(buf: Buffer, at = 0): { value: Resp | RedisReplyError; end: number } | null {
  const eol = buf.indexOf("\r\n", at);
  if (eol < 0) return null;
  const line = buf.toString("utf8", at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at]!)) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RedisReplyError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 };
    }
    case "*": {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: Resp[] = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, end);
        if (!item) return null;
        if (item.value instanceof RedisReplyError) return { value: item.value, end: item.end };
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new RedisReplyError(`not a RESP reply: ${JSON.stringify(buf.toString("utf8", at, Math.min(buf.length, at + 20)))}`);
  }
}

/**
 * Sends one command to the Redis at `url` (redis://[:password@]host:port) and resolves to its reply; a password
 * in the URL is sent first with AUTH. Rejects on an error reply, a refused connection or `timeoutMs` without one.
 */
export function redisCommand(url: string, args: string[], timeoutMs = 2000): Promise<Resp> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return reject(new Error(`not a Redis URL: ${url}`));
    }
    const commands = parsed.password ? [["AUTH", decodeURIComponent(parsed.password)], args] : [args];
    const socket = connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 6379) });
    let buf = Buffer.alloc(0);
    const replies: Array<Resp | RedisReplyError> = [];
    const finish = (err: Error | null, value?: Resp) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const timer = setTimeout(() => finish(new Error(`Redis did not answer ${args[0]} within ${timeoutMs} ms`)), timeoutMs);
    socket.once("error", (err) => finish(err));
    socket.once("connect", () => socket.write(Buffer.concat(commands.map(encodeCommand))));
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        for (let reply = parseReply(buf); reply; reply = parseReply(buf)) {
          replies.push(reply.value);
          buf = buf.subarray(reply.end);
          if (reply.value instanceof RedisReplyError) return finish(reply.value);
        }
      } catch (err) {
        return finish(err as Error);
      }
      if (replies.length === commands.length) finish(null, replies.at(-1) as Resp);
    });
  });
}

/** Whether the Redis at `url` answers PING with PONG within `timeoutMs`. Never throws. */
export function redisPing(url: string, timeoutMs = 2000): Promise<boolean> {
  return redisCommand(url, ["PING"], timeoutMs).then(
    (reply) => reply === "PONG",
    () => false,
  );
}
