import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Rules on how the source is laid out, checked on the files themselves so a change that breaks one fails
 * here with the offending files named, instead of being noticed in review.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE_FOLDERS = ["server", "client", "db", "edge", "media"];
const MAX_LINES = 300;
/** generated or data-only files whose length says nothing about design */
const LENGTH_EXEMPT = [/^client\/i18n\//, /^db\/migrations\//];
const PREDICATE = "server/scope/predicate.ts";

/** repository-relative, with forward slashes, so messages and patterns read the same on every OS */
const repoPath = (absolute: string) => relative(ROOT, absolute).split(sep).join("/");

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
    }
  };
  for (const folder of SOURCE_FOLDERS) if (existsSync(join(ROOT, folder))) walk(join(ROOT, folder));
  return out.sort();
}

/** The file a relative specifier names: as written, or with the extensions and index files the bundlers try. */
function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  // `./x.js` written for a `./x.ts` file (the TypeScript convention for ESM output)
  if (/\.jsx?$/.test(base)) candidates.push(base.replace(/\.js(x?)$/, ".ts$1"));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/**
 * Every relative import of every source file: static, `import type`, `export … from` and dynamic
 * `import("…")`. TypeScript's own pre-processor finds them, so imports quoted in comments or strings do not count.
 */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolveRelative(file, fileName);
      if (target) targets.add(repoPath(target));
    }
    graph.set(repoPath(file), [...targets].sort());
  }
  return graph;
}

/** Tarjan's strongly connected components; each component of two or more files (or a self-import) holds a cycle. */
function cyclicComponents(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** One concrete loop through a component (shortest path back to its first file), to print as a → b → a. */
function loopThrough(component: readonly string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

/** as an editor numbers them: the newline that ends the last line does not start another */
const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

const files = sourceFiles();
const graph = importGraph(files);

describe("the source layout", () => {
  it("has no import cycles (type-only imports included)", () => {
    const cycles = cyclicComponents(graph).map((component) => {
      const loop = loopThrough(component, graph).join(" → ");
      return component.length > 2 ? `${loop}   (one loop of ${component.length} files: ${component.join(", ")})` : loop;
    });
    expect(cycles, `import cycles:\n  ${cycles.join("\n  ")}\n`).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines (i18n dictionaries and migrations aside)`, () => {
    const tooLong = files
      .map((file) => ({ path: repoPath(file), lines: lineCount(readFileSync(file, "utf8")) }))
      .filter(({ path, lines }) => lines > MAX_LINES && !LENGTH_EXEMPT.some((pattern) => pattern.test(path)))
      .map(({ path, lines }) => `${path}: ${lines} lines`);
    expect(tooLong, `files over ${MAX_LINES} lines:\n  ${tooLong.join("\n  ")}\n`).toEqual([]);
  });

  it("reads the time in server/ only through server/clock/ (so tests can move it)", () => {
    const offenders: string[] = [];
    for (const file of files) {
      const path = repoPath(file);
      if (!path.startsWith("server/") || path.startsWith("server/clock/")) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // a comment may name it; `Date.now` passed as a function reads the real clock just the same
          const code = line.replace(/\/\/.*$/, "");
          if (/^\s*(\/\*|\*)/.test(code)) return;
          if (/\bDate\.now\b/.test(code)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders, `Date.now outside server/clock/:\n  ${offenders.join("\n  ")}\n`).toEqual([]);
  });

  it(`lets only server/scope/ import ${PREDICATE}`, () => {
    const offenders = [...graph]
      .filter(([from, targets]) => !from.startsWith("server/scope/") && targets.includes(PREDICATE))
      .map(([from]) => from);
    expect(offenders, `files importing ${PREDICATE} from outside server/scope/:\n  ${offenders.join("\n  ")}\n`).toEqual([]);
  });
});
