import { deleteCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth/session.ts";
import { clientAddress } from "../http/client-address.ts";
import { Ok } from "../contracts/common.ts";
import { LoginRequest, LoginResponse, Me, SessionsEnded } from "./contracts.ts";
import * as service from "./session-service.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

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

const logoutEverywhere = apiRoute("self", {
  method: "post",
  path: "/api/v1/auth/logout-everywhere",
  tags: ["auth"],
  summary: "Sign out everywhere: revokes every session of the signed-in user, this one included",
  responses: { 200: jsonOk(SessionsEnded) },
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
    const { config } = c.var.deps;
    const ip = clientAddress(c.var.deps.peerAddress?.(c) ?? null, c.req.header("x-forwarded-for"), config.trustedProxies);
    const session = await service.login(c.var.deps, { json: c.req.valid("json"), ip });
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: config.secureCookies,
      path: "/",
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    return c.json(session, 200);
  });

  app.openapi(logout, async (c) => {
    await service.logout(c.var.deps, c.var.actor);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(logoutEverywhere, async (c) => {
    const ended = await service.logoutEverywhere(c.var.deps, c.var.actor);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true as const, ended }, 200);
  });

  app.openapi(me, (c) => c.json(service.meOf(c.var.actor), 200));
}
