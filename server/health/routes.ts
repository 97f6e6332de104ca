import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { App } from "../http/env.ts";

const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "down"]),
  checks: z.record(z.string(), z.enum(["ok", "down"])),
});

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

const up = async (probe: () => Promise<unknown>): Promise<"ok" | "down"> => {
  try {
    return (await probe()) === false ? "down" : "ok";
  } catch {
    return "down";
  }
};

export function healthRoutes(app: App) {
  app.openapi(health, async (c) => {
    const { db, probes = {} } = c.var.deps;
    const database = await up(() => db.run(sql`select 1`));
    const checks: Record<string, "ok" | "down"> = {};
    for (const [name, probe] of Object.entries(probes)) checks[name] = await up(probe);
    const healthy = database === "ok" && Object.values(checks).every((v) => v === "ok");
    const body = { status: healthy ? ("ok" as const) : ("degraded" as const), database, checks };
    return healthy ? c.json(body, 200) : c.json(body, 503);
  });
}
