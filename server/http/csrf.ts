import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth/session.ts";
import type { AppEnv } from "./env.ts";
import { errorResponse } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOGIN_PATH = "/api/v1/auth/login";

/**
 * Whether an unsafe request comes from a page of this site: its `Origin` (or, without one, its
 * `Sec-Fetch-Site`) must name the host the request was sent to, or one of the configured extra origins.
 * A request with neither header is not from a browser page (curl, a gateway) and passes.
 */
export function sameOrigin(headers: { origin?: string; secFetchSite?: string; host?: string }, allowed: readonly string[]): boolean {
  const { origin, secFetchSite, host } = headers;
  if (origin === undefined) return secFetchSite === undefined || secFetchSite === "same-origin" || secFetchSite === "none";
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:), garbage
  }
  return (url.protocol === "http:" || url.protocol === "https:") && host !== undefined && url.host === host.toLowerCase();
}

/**
 * CSRF guard: every unsafe method authenticated by the session cookie (and the login itself, against login
 * CSRF) must come from this site's own pages; otherwise 403 `forbidden` (`cross_origin_request`) before
 * any handler runs. Calls that carry `Authorization` (bearer sessions, gateway device tokens) cannot be
 * forged by another site and are exempt, as are requests without the cookie (they are not signed in).
 */
export function csrfGuard(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header("authorization")) return next();
    if (getCookie(c, SESSION_COOKIE) === undefined && c.req.path !== LOGIN_PATH) return next();
    const ok = sameOrigin(
      { origin: c.req.header("origin"), secFetchSite: c.req.header("sec-fetch-site"), host: c.req.header("host") ?? new URL(c.req.url).host },
      allowedOrigins,
    );
    if (!ok) return errorResponse(c, "forbidden", "cross_origin_request");
    return next();
  };
}
