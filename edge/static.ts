import type { MiddlewareHandler } from "hono";
import type { App } from "../server/http/env.ts";

type ServeStatic = (options: { root?: string; path?: string }) => MiddlewareHandler;

/** Serves the built client, and its index.html for any other non-API path (client-side routing). */
export function serveClient(app: App, serveStatic: ServeStatic, clientDist: string) {
  const spa = serveStatic({ path: `${clientDist}/index.html` });
  app.use("/*", async (c, next) => (c.req.path.startsWith("/api/") ? next() : serveStatic({ root: clientDist })(c, next)));
  app.get("*", async (c, next) => (c.req.path.startsWith("/api/") || c.req.path === "/healthz" ? next() : spa(c, next)));
}
