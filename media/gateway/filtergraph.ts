/**
 * ffmpeg filtergraph escaping (pure). A drawtext text passes three parsers, innermost first:
 *  1. drawtext's own expansion: `\x` → `x`, `%{…}` runs a function (so a literal `%` or `\` is escaped);
 *  2. the filter's option parser (`key=value:key=value`): the value is single-quoted, `'` written as `'\''`;
 *  3. the filtergraph parser (`filter=args,filter;[label]`): `\ ' [ ] , ;` are backslash-escaped.
 * See https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping.
 */

/** Level 1: literal text for drawtext's `text` (no expansion happens inside it). */
export const escapeDrawtextText = (text: string) => text.replace(/[\\%]/g, (c) => `\\${c}`);

/** Level 2: any option value, quoted for the filter's option parser. */
export const quoteOptionValue = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** Level 3: a filter's whole argument string, escaped for the filtergraph parser. */
export const escapeFilterArgs = (args: string) => args.replace(/[\\'[\],;]/g, (c) => `\\${c}`);

/** One filter of a graph: `name=k1=v1:k2=v2` with every value quoted and the whole escaped. */
export function filter(name: string, options: Record<string, string | number | undefined> = {}): string {
  const args = Object.entries(options)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${quoteOptionValue(String(value))}`)
    .join(":");
  return args ? `${name}=${escapeFilterArgs(args)}` : name;
}

/** drawtext's running wall clock (local time of the edge box), e.g. 2026-11-23 12:00:00. */
export const CLOCK_TEXT = "%{localtime:%Y-%m-%d %H\\:%M\\:%S}";
