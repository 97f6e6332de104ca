import { and, asc, desc, eq, gt, lt, or, type SQL, type SQLWrapper } from "drizzle-orm";
import { invalid } from "./errors.ts";

/**
 * The one cursor dialect of every list: a keyset position, the sort keys of the page's last row (a name, a
 * time in ms, a rank… and the id as the tie-break). Stable under inserts, the same whatever the list sorts by,
 * and written so that a pattern in the contract (contracts/common.ts cursorOf) says exactly what is accepted:
 * a number as its decimal integer, a text as `~` and its base64url, joined by dots.
 */
type Key = string | number;

const encodeKey = (k: Key) => (typeof k === "number" ? String(Math.trunc(k)) : `~${Buffer.from(k, "utf8").toString("base64url")}`);
const encode = (keys: Key[]) => keys.map(encodeKey).join(".");

function decode(cursor: string, length: number): Key[] {
  const parts = cursor.split(".");
  const keys = parts.map((p): Key | null => (p.startsWith("~") ? Buffer.from(p.slice(1), "base64url").toString("utf8") : /^-?\d{1,16}$/.test(p) ? Number(p) : null));
  // the contract's pattern refuses these first; this is for callers that skip it
  if (keys.length !== length || keys.some((k) => k === null)) throw invalid("bad_cursor", [{ path: "cursor", message: "invalid cursor" }]);
  return keys as Key[];
}

/** (c0, c1, …) > (k0, k1, …) in the list's order, written out because SQLite's row values need every column indexed alike. */
function beyond(order: "asc" | "desc", columns: SQLWrapper[], keys: Key[]): SQL {
  const past = order === "asc" ? gt : lt;
  const terms = columns.map((col, i) => and(...columns.slice(0, i).map((prev, j) => eq(prev as never, keys[j])), past(col as never, keys[i]))!);
  return or(...terms)!;
}

export interface Keyset<T> {
  /** the filter for the rows after `cursor` (undefined on the first page); a malformed cursor is a 400 */
  after(cursor: string | undefined): SQL | undefined;
  /** the ORDER BY the cursor assumes */
  orderBy: SQL[];
  /** given limit+1 rows, the page and the cursor of its last row (null on the last page) */
  page<R extends T>(rows: R[], limit: number): { page: R[]; nextCursor: string | null };
  /** the cursor of one row (a change feed answers where it stands) */
  cursorOf(row: T): string;
}

/** A list's keyset: its sort columns (the id last), their order, and how to read them from a row. */
export function keyset<T>(order: "asc" | "desc", columns: SQLWrapper[], keysOf: (row: T) => Key[]): Keyset<T> {
  return {
    after: (cursor) => (cursor ? beyond(order, columns, decode(cursor, columns.length)) : undefined),
    orderBy: columns.map((col) => (order === "asc" ? asc(col as never) : desc(col as never))),
    page(rows, limit) {
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { page, nextCursor: rows.length > limit && last ? encode(keysOf(last)) : null };
    },
    cursorOf: (row) => encode(keysOf(row)),
  };
}

/** LIKE pattern that matches `q` literally anywhere (escapes % and _). */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
