import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Db } from "../db/client.ts";
import type { Actor, Scope } from "./auth/scope.ts";
import type { AppConfig } from "./config.ts";

export interface AppDeps {
  db: Db;
  config: AppConfig;
  /** reports whether a dependency answers, for /healthz */
  probes?: Record<string, () => Promise<boolean>>;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    actor: Actor;
    /** the caller's jurisdiction for the permission the route requires */
    scope: Scope;
  };
};

export type App = OpenAPIHono<AppEnv>;
