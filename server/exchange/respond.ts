import type { Context } from "hono";
import { type Cell, csvDocument } from "./csv.ts";

/**
 * How an exchange page answers (issue 16, item 9): JSON by default; CSV when asked by `format=csv`, or by an
 * Accept header naming text/csv when no format is given. Either way the next page's cursor travels in the
 * X-Next-Cursor header and as a Link rel="next" (RFC 8288) — the CSV has nowhere else to carry it.
 */

export const CSV_TYPE = "text/csv";

/** pure: whether the caller asked for CSV (an explicit format wins over Accept) */
export function wantsCsv(format: "json" | "csv" | undefined, accept: string | undefined): boolean {
  if (format) return format === "csv";
  return (accept ?? "").split(",").some((part) => part.split(";")[0]!.trim().toLowerCase() === CSV_TYPE);
}

/** pure: the Link header of the next page — this request's path and query with the cursor replaced */
export function nextLink(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set("cursor", cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

interface Page<T> {
  place: { code: string };
  period: { from: string; to: string };
  items: T[];
  nextCursor: string | null;
}

export function answerPage<T, K extends string>(
  c: Context,
  page: Page<T>,
  csv: { name: string; columns: readonly K[]; row: (item: T) => Readonly<Record<K, Cell>> },
  format: "json" | "csv" | undefined,
): Response {
  const headers: Record<string, string> = { "cache-control": "private, no-store", vary: "Accept" };
  if (page.nextCursor) {
    headers["x-next-cursor"] = page.nextCursor;
    headers.link = nextLink(c.req.url, page.nextCursor);
  }
  if (!wantsCsv(format, c.req.header("accept"))) return c.json(page, 200, headers);
  const body = csvDocument(csv.columns, page.items.map(csv.row));
  const file = `exchange-${csv.name}-${page.place.code}-${page.period.from}_${page.period.to}.csv`;
  return new Response(body, {
    status: 200,
    headers: { ...headers, "content-type": `${CSV_TYPE}; charset=utf-8`, "content-disposition": `attachment; filename="${file}"` },
  });
}
