/**
 * 405 rather than 404 for a path the API has under another method (RFC 9110 §15.5.6), with `Allow` naming the
 * methods it has there: the OpenAPI document's operations, as the router holds them.
 */
export interface RouteEntry {
  method: string;
  path: string;
}

const compiled = new Map<string, RegExp>();
const toPattern = (path: string) => {
  let re = compiled.get(path);
  if (!re) compiled.set(path, (re = new RegExp(`^${path.replace(/[.+?^$()[\]\\|]/g, "\\$&").replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "[^/]+")}$`)));
  return re;
};

const paramCount = (path: string) => (path.match(/:[A-Za-z0-9_]+/g) ?? []).length;

/**
 * The methods routed at `path` (none: the path itself is unknown). Where templates overlap (/alerts/summary and
 * /alerts/:id) the most specific one answers, as the router itself would.
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const byTemplate = new Map<string, Set<string>>();
  for (const r of routes) {
    if (r.method === "ALL" || r.path.includes("*") || !toPattern(r.path).test(path)) continue;
    if (!byTemplate.has(r.path)) byTemplate.set(r.path, new Set());
    byTemplate.get(r.path)!.add(r.method.toUpperCase());
  }
  const best = [...byTemplate.keys()].sort((a, b) => paramCount(a) - paramCount(b))[0];
  return best ? [...byTemplate.get(best)!].sort() : [];
}
