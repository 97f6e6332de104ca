/**
 * GB/T 2260 codes nest by prefix: a province (ddxx00 with xx = 00) covers its first 2 digits, a city
 * (dddd00) its first 4, a district only itself. The user's memberships carry only the code, so the level
 * is read from it.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Whether `code` is `root` or lies below it. */
export const withinRegion = (code: string, root: string) => code.startsWith(regionPrefix(root));
