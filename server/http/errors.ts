import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { ErrorCode, ErrorEnvelope } from "../contracts/common.ts";
import { errorMessage, pickLang } from "./i18n.ts";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  range_not_satisfiable: 416,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export type ErrorDetail = { path: string; message: string };

/** Thrown by handlers and domain code; turned into the DESIGN §6 envelope by the app's error handler. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason?: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(reason ?? code);
  }
}

/**
 * Which refusal is which: 400 when the request breaks the contract (the OpenAPI document says so); 404 when
 * something it names does not exist, or not for this caller; 409 when it is well-formed and names what exists,
 * but conflicts with how things stand (another canteen's snapshot, a deadline already past, a step out of order).
 */
export const notFound = (reason?: string, details?: ErrorDetail[]) => new ApiError("not_found", reason, details);
export const forbidden = (reason?: string) => new ApiError("forbidden", reason);
export const conflict = (reason?: string, details?: ErrorDetail[]) => new ApiError("conflict", reason, details);
export const invalid = (reason: string, details?: ErrorDetail[]) => new ApiError("validation_failed", reason, details);

export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

/** A reason a contract names for its refusal (a refinement's `params.reason`, e.g. nothing_to_change). */
export function reasonOf(error: ZodError): string | undefined {
  for (const issue of error.issues) {
    const reason = issue.code === "custom" ? (issue.params as { reason?: unknown } | undefined)?.reason : undefined;
    if (typeof reason === "string") return reason;
  }
  return undefined;
}

export function errorResponse(c: Context, code: ErrorCode, reason?: string, details?: ErrorDetail[]) {
  const lang = pickLang(c.req.header("accept-language"));
  const body: ErrorEnvelope = { error: { code, message: errorMessage(code, lang, reason) } };
  if (details?.length) body.error.details = details;
  return c.json(body, STATUS[code]);
}
