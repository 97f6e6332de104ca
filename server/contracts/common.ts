import { z } from "zod";

/** Opaque ids: a short prefix and random characters; anything else is refused before a query runs. */
export const Id = z.string().regex(/^[a-z]{2,4}_[A-Za-z0-9]{6,40}$/, "invalid id");
export const IdParam = z.strictObject({ id: Id });

/** GB/T 2260 six-digit region code */
export const RegionCode = z.string().regex(/^\d{6}$/, "region code must be 6 digits (GB/T 2260)");

/** ISO 8601 with offset, e.g. 2026-11-23T12:00:00.000+08:00 */
export const IsoTime = z.string();

/**
 * Text that reaches the database. Every request string goes through one of these builders so that
 * nothing the storage or the audit chain mishandles gets in:
 * - never: NUL and the other C0 controls (except tab and newline in multi-line text), DEL, C1 controls,
 *   lone UTF-16 surrogates (they cannot be stored as UTF-8 and would come back changed);
 * - multi-line text (`text`): CR LF and lone CR are normalised to LF, tab and LF kept;
 * - single-line text (`line`): no tab, line breaks (LF, CR, U+2028/2029) nor bidi controls
 *   (U+202A–U+202E, U+2066–U+2069), which could make a name display as something it is not.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\t\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const CONTROL_CHARACTER = "control characters are not allowed";
export const LINE_CHARACTER = "line breaks, tabs and bidirectional controls are not allowed here";
export const SURROGATE_CHARACTER = "invalid Unicode (lone surrogate)";

/** Where a string breaks the text rules (null: it is fine); shared by the contracts and the unit tests. */
export function textProblem(value: string, opts: { singleLine: boolean }): string | null {
  if (LONE_SURROGATE.test(value)) return SURROGATE_CHARACTER;
  if (CONTROL.test(value.replace(/\r/g, ""))) return CONTROL_CHARACTER;
  if (opts.singleLine && LINE_BREAKING.test(value)) return LINE_CHARACTER;
  return null;
}

/**
 * The same rules as the document states them (a `pattern` any JSON Schema tool reads the same way): the
 * characters never allowed, those a single line may not hold either, and JavaScript's trim() whitespace spelled
 * out (a text that must not be empty needs one character outside it). Lone surrogates are refused too, but no
 * pattern can name them: they are not Unicode characters, and JSON Schema's regex engines (Rust's, Python's for
 * scalar values) refuse a range of them, dropping the whole pattern.
 */
const NEVER = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
const NOT_IN_A_LINE = "\\t\\n\\r\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const TRIMMED = "\\t\\n\\u000b\\u000c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/**
 * One builder for every request string. Lengths count characters (code points), as the document does, and are
 * checked on the text as sent; a trimmed text that must not be empty must hold something besides whitespace.
 */
function textRule(opts: { min?: number; max: number; singleLine: boolean; trim: boolean; startsWith?: { pattern: string; message: string } }) {
  const min = opts.min ?? 0;
  const banned = opts.singleLine ? NEVER + NOT_IN_A_LINE : NEVER;
  // the prefix may follow leading whitespace, which trimming removes
  const start = opts.startsWith ? `(?=[${TRIMMED}]*(?:${opts.startsWith.pattern}))` : "";
  const pattern = opts.trim && min > 0 ? `^${start}[^${banned}]*[^${banned}${TRIMMED}][^${banned}]*$` : `^${start}[^${banned}]*$`;
  const prefix = opts.startsWith ? new RegExp(`^(?:${opts.startsWith.pattern})`) : null;
  return z
    .string()
    .superRefine((raw, ctx) => {
      const length = [...raw].length;
      if (length > opts.max) ctx.addIssue({ code: "too_big", origin: "string", maximum: opts.max, inclusive: true, input: raw });
      if (length < min || (opts.trim && min > 0 && raw.trim() === "")) ctx.addIssue({ code: "too_small", origin: "string", minimum: min, inclusive: true, input: raw });
      const problem = textProblem(raw, { singleLine: opts.singleLine });
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: raw });
      if (prefix && !prefix.test(raw.trimStart())) ctx.addIssue({ code: "custom", message: opts.startsWith!.message, input: raw });
    })
    .meta({ ...(min > 0 ? { minLength: min } : {}), maxLength: opts.max, pattern });
}

/** Single-line text (names, titles, labels, search terms), trimmed unless told; bounds in characters. */
export const line = (opts: { min?: number; max: number; trim?: boolean; startsWith?: { pattern: string; message: string } }) => {
  const rule = textRule({ ...opts, singleLine: true, trim: opts.trim !== false });
  return opts.trim === false ? rule : rule.transform((v) => v.trim());
};

/** Multi-line text (notes, descriptions, reasons), trimmed, CR LF normalised to LF; bounds in characters. */
export const text = (opts: { min?: number; max: number }) => textRule({ ...opts, singleLine: false, trim: true }).transform((v) => v.trim().replace(/\r\n?/g, "\n"));

/** A secret (password): kept exactly as typed, but no control characters or lone surrogates either. */
export const secret = (opts: { min: number; max: number }) => textRule({ ...opts, singleLine: false, trim: false });

export const Name = line({ min: 1, max: 100 });

/** The reason (and detail message) when a PATCH body names no field. */
export const NOTHING_TO_CHANGE = "nothing_to_change";

/**
 * The body of a PATCH: a strict object of optional fields, at least one of them present. An empty body
 * `{}` is a 400 `validation_failed` with the reason `nothing_to_change` (not a no-op 200: a client that
 * sends nothing has a bug worth seeing); the OpenAPI document says `minProperties: 1`.
 */
export const patchOf = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z
    .strictObject(shape)
    .refine((body) => Object.values(body).some((v) => v !== undefined), { message: NOTHING_TO_CHANGE, params: { reason: NOTHING_TO_CHANGE } })
    .meta({ minProperties: 1 });

/**
 * A list position (server/http/pagination.ts): the sort keys of a page's last row, each a number (an integer:
 * a time in ms, a rank) or `~` and the base64url of a text (a name, an id), joined by dots. The pattern is exact,
 * so whatever matches it is a position the list can continue from: the document says what the server takes.
 */
type KeyKind = "number" | "text";
const KEY_PATTERN: Record<KeyKind, string> = { number: "-?\\d{1,16}", text: "~[A-Za-z0-9_-]{0,600}" };
export const cursorOf = (...kinds: KeyKind[]) =>
  z.string().regex(new RegExp(`^${kinds.map((k) => KEY_PATTERN[k]).join("\\.")}$`), "invalid cursor");

export const Limit = z.coerce.number().int().min(1).max(200).default(50);

/** The query of a list paged by keyset: its cursor's keys, and the page size. */
export const pageQuery = (...kinds: KeyKind[]) => ({ cursor: cursorOf(...kinds).optional(), limit: Limit });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ErrorCode = z.enum([
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "uri_too_long",
  "range_not_satisfiable",
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
