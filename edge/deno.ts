// The main entry: `deno task start` or `npm start`. Runs against the npm node_modules (deno.json).
import { getConnInfo, serveStatic } from "hono/deno";
import { boot, printWelcome } from "./boot.ts";
import { serveClient } from "./static.ts";

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: (req: Request) => Response | Promise<Response>): unknown;
};

// the TCP peer (Deno.serve passes its ServeHandlerInfo as the env), for the login throttle
const booted = await boot(Deno.env.toObject(), { peerAddress: (c) => { try { return getConnInfo(c).remote.address ?? null; } catch { return null; } } });
serveClient(booted.app, serveStatic, booted.config.clientDist);
Deno.serve({ port: booted.config.port, hostname: booted.config.host, onListen: () => printWelcome(booted.config) }, booted.app.fetch);
