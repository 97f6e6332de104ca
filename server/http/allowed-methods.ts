/**
 * 405 rather than 404 for a path the API has under another method (RFC 9110 §15.5.6), with `Allow` naming the
 * methods it has there: the OpenAPI document's operations, as the router holds them.
 */
export interface RouteEntry {
  method: string;
  path: string;
}

const toPattern = (path: string) => new RegExp(`^${path.replace(/[.+?^$()[\]\\|]/g, "\\$&").replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "[^/]+")}$`);

/** The methods routed at `path` (none: the path itself is unknown). */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    if (toPattern(r.path).test(path)) methods.add(r.method.toUpperCase());
  }
  return [...methods].sort();
}
