import { z } from "zod";

/** Opaque ids: a short prefix and random characters; anything else is refused before a query runs. */
export const Id = z.string().regex(/^[a-z]{2,4}_[A-Za-z0-9]{6,40}$/, "invalid id");
export const IdParam = z.strictObject({ id: Id });

/** GB/T 2260 six-digit region code */
export const RegionCode = z.string().regex(/^\d{6}$/, "region code must be 6 digits (GB/T 2260)");

/** ISO 8601 with offset, e.g. 2026-11-23T12:00:00.000+08:00 */
export const IsoTime = z.string();

export const Name = z.string().trim().min(1).max(100);

/**
 * A list position (server/http/pagination.ts): base64url of the sort keys of a page's last row. A name key of
 * 100 CJK characters alone takes ~400 characters, hence the generous bound.
 */
export const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,1000}$/, "invalid cursor");

export const PageQuery = {
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ErrorCode = z.enum([
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "unsupported_media_type",
  "internal_error",
  "service_unavailable",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export const Ok = z.object({ ok: z.literal(true) });
