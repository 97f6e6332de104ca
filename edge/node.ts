import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { boot, printWelcome } from "./boot.ts";
import { serveClient } from "./static.ts";

/** Node's own limit on the request line and headers (16 KiB by default) */
const NODE_MAX_HEADER_BYTES = 256 * 1024;

/** Node entry (used by the tests and as an alternative to Deno). */
export async function startNodeServer(env: Record<string, string | undefined> = process.env) {
  // the TCP peer, for the login throttle (X-Forwarded-For only counts from TRUST_PROXY)
  const booted = await boot(env, { peerAddress: (c) => { try { return getConnInfo(c).remote.address ?? null; } catch { return null; } } });
  serveClient(booted.app, serveStatic, booted.config.clientDist);
  // long URLs reach the app, which answers them with its error envelope (414) instead of Node's bare 431
  const server = serve({ fetch: booted.app.fetch, port: booted.config.port, hostname: booted.config.host, serverOptions: { maxHeaderSize: NODE_MAX_HEADER_BYTES } });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : booted.config.port;
  return {
    ...booted,
    url: `http://${booted.config.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        booted.stopSweep();
        server.close(() => resolve());
        booted.database.close();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = await startNodeServer();
  printWelcome({ ...started.config, port: Number(new URL(started.url).port) });
}
