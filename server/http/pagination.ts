import { and, eq, gt, or, type SQL, type SQLWrapper } from "drizzle-orm";
import { invalid } from "./errors.ts";

/** Keyset cursor over (name, id): stable under inserts, opaque to clients. */
export type NameCursor = { name: string; id: string };

export const encodeCursor = (c: NameCursor) => Buffer.from(JSON.stringify([c.name, c.id])).toString("base64url");

export function decodeCursor(cursor: string | undefined): NameCursor | null {
  if (!cursor) return null;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof name === "string" && typeof id === "string") return { name, id };
  } catch {
    // fall through to the error below
  }
  throw invalid("bad_cursor", [{ path: "cursor", message: "invalid cursor" }]);
}

export function afterCursor(nameCol: SQLWrapper, idCol: SQLWrapper, cursor: NameCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return or(gt(nameCol as never, cursor.name), and(eq(nameCol as never, cursor.name), gt(idCol as never, cursor.id)));
}

/** Given limit+1 rows, the page and the cursor of its last row. */
export function pageFrom<T extends NameCursor>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** LIKE pattern that matches `q` literally anywhere (escapes % and _). */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
