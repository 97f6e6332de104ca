import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppConfig } from "../config.ts";
import type { AppEnv } from "./env.ts";

/** The LiveKit origins a browser connects to: the signalling websocket and its http(s) twin (`/rtc/validate`). */
export function liveKitOrigins(publicUrl: string | undefined): string[] {
  if (!publicUrl) return [];
  try {
    const url = new URL(publicUrl);
    const secure = url.protocol === "wss:" || url.protocol === "https:";
    return [`${secure ? "wss" : "ws"}://${url.host}`, `${secure ? "https" : "http"}://${url.host}`];
  } catch {
    return [];
  }
}

/**
 * The Content-Security-Policy of the built client (Vite, Solid): scripts and styles from this origin only
 * (inline styles allowed: Solid and LiveKit set style attributes), images from here plus data:/blob:
 * (the order's QR code, frames being frozen), media from blob: (LiveKit tracks), XHR/fetch/websockets to
 * this origin and the configured LiveKit server; no plugins, no framing.
 */
export function contentSecurityPolicy(config: Pick<AppConfig, "livekit">) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:"],
    mediaSrc: ["'self'", "blob:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'", ...liveKitOrigins(config.livekit?.publicUrl)],
    workerSrc: ["'self'", "blob:"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** The API docs page loads Swagger UI from its CDN with an inline bootstrap script. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every response (the API, the client's files): CSP, Permissions-Policy (camera and
 * microphone for this origin only: the live call's voice; geolocation for this origin only: a 靶向飞行 photo's
 * position, asked only when the inspector takes one), and the rest of Hono's secureHeaders; a handler
 * that sets its own CSP (the docs page) keeps it. API JSON is never cached (`Cache-Control: no-store`).
 */
export function securityHeaders(config: Pick<AppConfig, "livekit">): MiddlewareHandler<AppEnv>[] {
  return [
    secureHeaders({
      crossOriginResourcePolicy: false,
      contentSecurityPolicy: contentSecurityPolicy(config),
      permissionsPolicy: {
        camera: ["self"],
        microphone: ["self"],
        fullscreen: ["self"],
        displayCapture: [],
        geolocation: ["self"],
        payment: [],
        usb: [],
        serial: [],
        bluetooth: [],
      },
      overwrite: false,
    }),
    async (c, next) => {
      await next();
      if (c.req.path.startsWith("/api/") && c.res.headers.get("content-type")?.startsWith("application/json")) c.header("Cache-Control", "no-store");
    },
  ];
}
