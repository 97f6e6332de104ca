import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { ErrorEnvelope } from "../contracts/common.ts";
import { authorizeDevice } from "../auth/device.ts";
import { authorize } from "../auth/session.ts";
import type { Permission } from "../auth/permissions.ts";

const errorBody = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

const ERROR_RESPONSES = {
  400: errorBody("validation_failed"),
  401: errorBody("unauthorized"),
  403: errorBody("forbidden"),
  404: errorBody("not_found"),
  409: errorBody("conflict"),
  413: errorBody("payload_too_large"),
  414: errorBody("uri_too_long"),
  415: errorBody("unsupported_media_type"),
  416: errorBody("range_not_satisfiable"),
  429: errorBody("rate_limited"),
  // LiveKit unreachable or not configured (live tokens, ops tokens, webhooks); the database gone
  503: errorBody("service_unavailable"),
} as const;

/**
 * Every API route is declared through here: it names the permission it needs (or "public"), which
 * becomes the authorize middleware and the operation's `x-permission` in the OpenAPI document, so the
 * role × endpoint test matrix can be checked against the full list of routes.
 */
/**
 * "public": no sign-in; "device": a gateway's device token; "signed": the handler verifies a signature
 * (LiveKit webhooks).
 */
export type Access = Permission | "public" | "device" | "signed";

export function apiRoute<const R extends Omit<RouteConfig, "middleware">>(permission: Access, route: R) {
  const middleware = permission === "public" || permission === "signed" ? [] : permission === "device" ? [authorizeDevice()] : [authorize(permission)];
  return createRoute({
    ...route,
    "x-permission": permission,
    middleware,
    responses: { ...ERROR_RESPONSES, ...route.responses },
  } as R & { middleware: ReturnType<typeof authorize>[]; responses: R["responses"] & typeof ERROR_RESPONSES });
}

export const jsonBody = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
/** a body every field of which is optional: it may be left out altogether */
export const optionalJsonBody = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: false });
export const jsonOk = <T>(schema: T, description = "OK") => ({ description, content: { "application/json": { schema } } });
