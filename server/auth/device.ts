import { and, eq, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { gateways } from "../../db/schema/index.ts";
import { ApiError } from "../http/errors.ts";
import type { AppEnv } from "../http/env.ts";
import { tokenFrom } from "./session.ts";
import { sha256Hex } from "./tokens.ts";

/** Gateways sign in with their device token (Bearer); a revoked or unknown token is 401. */
export function authorizeDevice(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenFrom(c.req.header("authorization"), undefined);
    const [gateway] = token
      ? await c.var.deps.db.select().from(gateways).where(and(eq(gateways.tokenHash, sha256Hex(token)), isNull(gateways.revokedAt)))
      : [];
    if (!gateway) throw new ApiError("unauthorized", "device_token_invalid");
    c.set("gateway", gateway);
    await next();
  };
}
