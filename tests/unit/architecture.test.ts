import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house rules of the source tree (issue 10), checked on every run: no import cycle, small files, one clock,
 * the scope's SQL predicate reachable only through the scope layer, the client's API calls only in its API
 * modules, and LiveKit only in client/live/.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const FOLDERS = ["server", "client", "db", "edge", "media"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const files = FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)));
const rel = (p: string) => relative(ROOT, p);
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** Relative imports of each file, `import type` included (a type cycle still ties the two modules together). */
const graph = new Map(
  files.map((file) => {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1] ?? m[2]!)).filter((t) => files.includes(t));
    return [file, [...new Set(targets)]] as const;
  }),
);

function findCycles(): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe("the source tree", () => {
  it("has no import cycle in server, client, db, edge or media", () => {
    expect(findCycles().map((c) => c.join(" → "))).toEqual([]);
  });

  it("has no source file over 300 lines (the i18n dictionaries and generated migrations aside)", () => {
    const long = files
      .filter((f) => !rel(f).startsWith("client/i18n/") && !rel(f).startsWith("db/migrations/"))
      .map((f) => ({ file: rel(f), lines: readFileSync(f, "utf8").split("\n").length }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });

  it("reads the system time only in server/clock/ (everything else asks deps.now)", () => {
    const offenders = files.filter((f) => rel(f).startsWith("server/") && !rel(f).startsWith("server/clock/") && /Date\.now\(\)/.test(readFileSync(f, "utf8")));
    expect(offenders.map(rel)).toEqual([]);
  });

  it("lets nothing outside server/scope/ import the scope's SQL predicate", () => {
    const predicate = join(ROOT, "server/scope/predicate.ts");
    const offenders = [...graph].filter(([file, targets]) => !rel(file).startsWith("server/scope/") && targets.includes(predicate)).map(([file]) => rel(file));
    expect(offenders).toEqual([]);
    // and the layer does use it: the rule would be empty if the file moved
    expect([...graph].some(([file, targets]) => rel(file) === "server/scope/lists.ts" && targets.includes(predicate))).toBe(true);
  });

  it("lets only the API modules (client/api/) call the transport (client/api.ts)", () => {
    const transport = join(ROOT, "client/api.ts");
    const isApiModule = (f: string) => rel(f) === "client/api.ts" || rel(f).startsWith("client/api/");
    const CALL = /\bapi\.(get|post|patch|put|delete|upload)\b|\b(request|upload)\s*[<(]/;
    // the transport's calls may be imported under any name: what a component may take from it is the rest
    const TRANSPORT_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["'][./]*\/api\.ts["']/g;
    const offenders = files
      .filter((f) => rel(f).startsWith("client/") && !isApiModule(f))
      .flatMap((f) => {
        const text = readFileSync(f, "utf8");
        const imported = graph.get(f)!.includes(transport) ? [...text.matchAll(TRANSPORT_IMPORT)].flatMap((m) => m[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]!)) : [];
        return CALL.test(text) || imported.some((name) => ["api", "request", "upload"].includes(name)) ? [rel(f)] : [];
      });
    expect(offenders).toEqual([]);
    // and the rule has something to hold: the API modules do call the transport
    expect(files.some((f) => rel(f).startsWith("client/api/") && CALL.test(readFileSync(f, "utf8")))).toBe(true);
  });

  it("keeps every LiveKit connection in client/live/: nothing else imports livekit-client, not even its types", () => {
    const LIVEKIT = /(?:from|import)\s*\(?\s*["']livekit-client["']/;
    const offenders = files.filter((f) => !rel(f).startsWith("client/live/") && LIVEKIT.test(readFileSync(f, "utf8")));
    expect(offenders.map(rel)).toEqual([]);
    expect(files.some((f) => rel(f).startsWith("client/live/") && LIVEKIT.test(readFileSync(f, "utf8")))).toBe(true);
  });

  it("lets no route module import another route module", () => {
    const isRoute = (f: string) => /^server\/[a-z-]+\/([a-z-]+-)?routes\.ts$/.test(rel(f));
    const offenders = [...graph].flatMap(([file, targets]) => (isRoute(file) ? targets.filter(isRoute).map((t) => `${rel(file)} → ${rel(t)}`) : []));
    expect(offenders).toEqual([]);
  });

  it("keeps SQL, scope, storage and broadcasts out of route modules (parse, authorize, call the service, answer)", () => {
    const FORBIDDEN = [/^drizzle-orm/, /\/db\//, /\/scope\/(lists|loaders|predicate)\.ts$/, /\/media-store\//, /\/bus\//, /\/lifecycle\//];
    const isRoute = (f: string) => /^server\/[a-z-]+\/([a-z-]+-)?routes\.ts$/.test(rel(f));
    const routes = files.filter(isRoute);
    expect(routes.length).toBeGreaterThan(15);
    const offenders = routes.flatMap((file) => {
      const specifiers = [...readFileSync(file, "utf8").matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((m) => m[1]!);
      return specifiers.filter((spec) => FORBIDDEN.some((re) => re.test(spec))).map((spec) => `${rel(file)} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });
});
