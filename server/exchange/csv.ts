/**
 * CSV for the provincial platform's data exchange (issue 16, item 9): RFC 4180 (CRLF line ends, a field quoted when
 * it holds a comma, a quote, CR or LF, quotes doubled), UTF-8 with a byte-order mark so that Excel opens Chinese names
 * as Chinese, and a header row of the columns' stable English keys. Pure: no I/O.
 */

export type Cell = string | number | boolean | null | undefined;

/** the UTF-8 byte-order mark; Excel reads a BOM-less CSV in the system's ANSI code page (GBK in China) */
export const BOM = "\uFEFF";
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: null and undefined are empty; numbers as JavaScript writes them (no grouping, "." decimal). */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]) => cells.map(csvField).join(",");

/** A whole document: BOM, header row, one line per row in the columns' order; every line ends in CRLF. */
export function csvDocument<K extends string>(columns: readonly K[], rows: ReadonlyArray<Readonly<Record<K, Cell>>>): string {
  const lines = [csvLine(columns), ...rows.map((row) => csvLine(columns.map((k) => row[k])))];
  return `${BOM}${lines.map((l) => `${l}\r\n`).join("")}`;
}
