import { createRoute } from "@hono/zod-openapi";
import type { App } from "../http/env.ts";
import { Health } from "./contracts.ts";
import { checkHealth } from "./service.ts";

const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["health"],
  "x-permission": "public",
  summary: "Database and realtime reachability",
  responses: {
    200: { description: "all dependencies answer", content: { "application/json": { schema: Health } } },
    503: { description: "a dependency is down", content: { "application/json": { schema: Health } } },
  },
});

export function healthRoutes(app: App) {
  app.openapi(health, async (c) => {
    const body = await checkHealth(c.var.deps);
    return body.status === "ok" ? c.json(body, 200) : c.json(body, 503);
  });
}
