import { connect } from "node:net";

/**
 * Whether the Redis at `url` (redis://host:port) answers PING with +PONG within `timeoutMs`. The API does not
 * use Redis itself — LiveKit's nodes share it — so /healthz only asks whether it is there (REDIS_URL), with one
 * inline RESP command over a socket rather than a client library. Never throws.
 */
export function redisPing(url: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return resolve(false);
    }
    const socket = connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 6379) });
    let reply = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      // a password in the URL (redis://:secret@host) is sent first, as Redis expects
      const auth = parsed.password ? `AUTH ${decodeURIComponent(parsed.password)}\r\n` : "";
      socket.write(`${auth}PING\r\n`);
    });
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("+PONG")) done(true);
      else if (reply.startsWith("-") || reply.includes("\r\n-")) done(false);
    });
  });
}
