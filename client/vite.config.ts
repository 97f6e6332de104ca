import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import solid from "vite-plugin-solid";
import { defineConfig, type Plugin } from "vite";

/**
 * Emits sw.js (from sw/app-shell.js) with the shell it keeps for offline use: "/" (index.html), the entry chunk,
 * what it imports statically and their CSS. Lazy pages (the live page's LiveKit chunk among them) are cached only
 * once fetched. Build only: the dev server has no service worker.
 */
function appShellWorker(): Plugin {
  return {
    name: "app-shell-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const shell = new Set<string>(["/"]);
      const walk = (file: string) => {
        const chunk = bundle[file];
        if (!chunk || shell.has(`/${file}`)) return;
        shell.add(`/${file}`);
        if (chunk.type !== "chunk") return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) shell.add(`/${css}`);
        chunk.imports.forEach(walk);
      };
      for (const chunk of Object.values(bundle)) if (chunk.type === "chunk" && chunk.isEntry) walk(chunk.fileName);
      const files = [...shell].sort();
      const version = createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12);
      const source = readFileSync(resolve(__dirname, "sw/app-shell.js"), "utf8").replace("__VERSION__", JSON.stringify(version)).replace("__SHELL__", JSON.stringify(files));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  root: __dirname,
  plugins: [solid(), appShellWorker()],
  // the live page's lazy chunk carries the LiveKit SDK (~690 kB, ~190 kB gzipped); everything else stays small
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /*@__PURE__*/ notes in places Rollup cannot use; harmless, and not ours to fix
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules")) return;
        warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1", port: 5173, proxy: { "/api": "http://127.0.0.1:8000", "/healthz": "http://127.0.0.1:8000" } },
});
