import { nowOf } from "../clock/clock.ts";
import { and, eq, gt } from "drizzle-orm";
import { deleteCookie, setCookie } from "hono/cookie";
import { authSessions, loginFailures, users } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { permissionsOf } from "../auth/permissions.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import type { Actor } from "../scope/actor.ts";
import { resolveActor, SESSION_COOKIE } from "../auth/session.ts";
import { newId, newSecret, sha256Hex } from "../auth/tokens.ts";
import { LoginRequest, LoginResponse, Me } from "./contracts.ts";
import { Ok } from "../contracts/common.ts";
import { retryAfterSeconds, toMembershipView } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { ApiError } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

export const meOf = (actor: Actor) => ({
  id: actor.userId,
  username: actor.username,
  displayName: actor.displayName,
  memberships: actor.memberships.map(toMembershipView),
  permissions: permissionsOf(actor.memberships.map((m) => m.role)),
});

const login = apiRoute("public", {
  method: "post",
  path: "/api/v1/auth/login",
  tags: ["auth"],
  summary: "Sign in: sets the session cookie and returns a bearer token",
  request: { body: jsonBody(LoginRequest) },
  responses: { 200: jsonOk(LoginResponse) },
});

const logout = apiRoute("self", {
  method: "post",
  path: "/api/v1/auth/logout",
  tags: ["auth"],
  summary: "Sign out: revokes this session",
  responses: { 200: jsonOk(Ok) },
});

const me = apiRoute("self", {
  method: "get",
  path: "/api/v1/auth/me",
  tags: ["auth"],
  summary: "The signed-in user, memberships and permissions",
  responses: { 200: jsonOk(Me) },
});

export function authRoutes(app: App) {
  app.openapi(login, async (c) => {
    const { db, config } = c.var.deps;
    const { username, password } = c.req.valid("json");
    const now = nowOf(c.var.deps);
    const { maxFailures, windowMs } = config.loginThrottle;
    const failures = await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.username, username), gt(loginFailures.at, now - windowMs)));
    if (failures.length >= maxFailures) {
      const wait = retryAfterSeconds(failures.map((f) => f.at), windowMs, now);
      throw new ApiError("rate_limited", undefined, undefined, { "Retry-After": String(wait) });
    }
    const [user] = await db.select().from(users).where(eq(users.username, username));
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    const ip = c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    if (!user || !passwordOk) {
      await db.transaction(async (tx) => {
        const id = newId("lf");
        await tx.insert(loginFailures).values({ id, username, ip, at: now });
        await appendAudit(tx, { actorId: null, action: "auth.login_failed", targetType: "username", targetId: username, change: { ip } });
      });
      throw new ApiError("unauthorized", "bad_credentials");
    }
    if (user.status !== "active") throw new ApiError("unauthorized", "account_disabled");

    const token = newSecret("mcs");
    const expiresAt = now + config.sessionTtlMs;
    const sessionId = newId("ses");
    await db.transaction(async (tx) => {
      await tx.delete(loginFailures).where(eq(loginFailures.username, username));
      await tx.insert(authSessions).values({ id: sessionId, tokenHash: sha256Hex(token), userId: user.id, createdAt: now, expiresAt });
      await appendAudit(tx, { actorId: user.id, action: "auth.login", targetType: "auth_session", targetId: sessionId, change: { ip } });
    });
    const actor = await resolveActor(db, token, now);
    if (!actor) throw new ApiError("unauthorized");
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: config.secureCookies,
      path: "/",
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    return c.json({ token, expiresAt: toIso(expiresAt), me: meOf(actor) }, 200);
  });

  app.openapi(logout, async (c) => {
    const { db } = c.var.deps;
    const actor = c.var.actor;
    await db.transaction(async (tx) => {
      await tx.update(authSessions).set({ revokedAt: nowOf(c.var.deps) }).where(eq(authSessions.id, actor.sessionId));
      await appendAudit(tx, { actorId: actor.userId, action: "auth.logout", targetType: "auth_session", targetId: actor.sessionId, change: {} });
    });
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(me, (c) => c.json(meOf(c.var.actor), 200));
}
