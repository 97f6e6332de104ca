import { nowOf, systemNow } from "../clock/clock.ts";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { DbOrTx } from "../../db/client.ts";
import { authSessions, memberships, orgs, regions, users } from "../../db/schema/index.ts";
import { ApiError } from "../http/errors.ts";
import type { AppEnv } from "../http/env.ts";
import type { Permission } from "./permissions.ts";
import { scopeFor, type Actor } from "../scope/actor.ts";
import { withAssignments } from "../scope/assignments.ts";
import { sha256Hex } from "./tokens.ts";
import { actorGeneration, cachedActor, rememberActor } from "./actor-cache.ts";

export const SESSION_COOKIE = "mcll_session";

export function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | null {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? cookie ?? null;
}

/** The signed-in user behind a session token, with their memberships in active orgs; null if none. */
export async function resolveActor(db: DbOrTx, token: string, now = systemNow()): Promise<Actor | null> {
  return (await readActor(db, sha256Hex(token), now))?.actor ?? null;
}

/** resolveActor through the short-lived cache of actor-cache.ts: what every authenticated request calls. */
export async function cachedResolveActor(db: DbOrTx, token: string, now = systemNow()): Promise<Actor | null> {
  const tokenHash = sha256Hex(token);
  const kept = cachedActor(tokenHash, now);
  if (kept) return kept;
  const readAt = actorGeneration();
  const found = await readActor(db, tokenHash, now);
  return found ? rememberActor(tokenHash, found.actor, found.expiresAt, now, readAt) : null;
}

async function readActor(db: DbOrTx, tokenHash: string, now: number): Promise<{ actor: Actor; expiresAt: number } | null> {
  const [session] = await db
    .select({ id: authSessions.id, userId: users.id, username: users.username, displayName: users.displayName, expiresAt: authSessions.expiresAt })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(
        eq(authSessions.tokenHash, tokenHash),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, now),
        eq(users.status, "active"),
      ),
    );
  if (!session) return null;
  const rows = await db
    .select({
      id: memberships.id,
      orgId: orgs.id,
      orgName: orgs.name,
      orgKind: orgs.kind,
      regionCode: regions.code,
      regionName: regions.name,
      regionLevel: regions.level,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .where(and(eq(memberships.userId, session.userId), eq(orgs.status, "active")));
  const actor = { userId: session.userId, username: session.username, displayName: session.displayName, sessionId: session.id, memberships: rows };
  return { actor, expiresAt: session.expiresAt };
}

/** Signs the caller in (401 otherwise) and checks the permission (403 otherwise); sets actor and scope. */
export function authorize(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenFrom(c.req.header("authorization"), getCookie(c, SESSION_COOKIE));
    const actor = token ? await cachedResolveActor(c.var.deps.db, token, nowOf(c.var.deps)) : null;
    if (!actor) throw new ApiError("unauthorized");
    const granted = scopeFor(actor, permission);
    if (granted.memberships.length === 0) throw new ApiError("forbidden");
    // a pending spot check opens its canteen to the inspectors drawn for it (patrol, issue 12)
    const scope = await withAssignments(c.var.deps.db, actor, permission, granted);
    c.set("actor", actor);
    c.set("scope", scope);
    await next();
  };
}
