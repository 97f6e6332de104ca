import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Db } from "../../db/client.ts";
import type { gateways } from "../../db/schema/index.ts";
import type { LiveKitBus } from "../../media/room-service.ts";
import type { Actor, Scope } from "../scope/actor.ts";
import type { AppConfig } from "../config.ts";
import type { MediaStore } from "../media-store/store.ts";
import type { PeerAddress } from "./client-address.ts";

export interface AppDeps {
  db: Db;
  config: AppConfig;
  /** reports whether a dependency answers, for /healthz */
  probes?: Record<string, () => Promise<boolean>>;
  /** LiveKit's room service (null when LiveKit is not configured) */
  livekit?: LiveKitBus | null;
  /** snapshots and photos (default: the local folder MEDIA_DIR) */
  media?: MediaStore;
  /** the TCP peer of a request, from the runtime (edge/node.ts, edge/deno.ts); absent: unknown */
  peerAddress?: PeerAddress;
  /** the clock (ms since epoch); tests inject one to move time for deadlines and escalation */
  now?: () => number;
}

export { nowOf } from "../clock/clock.ts";

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    actor: Actor;
    /** the caller's jurisdiction for the permission the route requires */
    scope: Scope;
    /** the gateway behind a device token (device routes only) */
    gateway: typeof gateways.$inferSelect;
  };
};

export type App = OpenAPIHono<AppEnv>;

/** Who is calling a service: the app's dependencies, the signed-in actor and their scope for the route. */
export interface Caller {
  deps: AppDeps;
  scope: Scope;
  actor: Actor;
}
export const callerOf = (c: { var: Caller }): Caller => ({ deps: c.var.deps, scope: c.var.scope, actor: c.var.actor });
