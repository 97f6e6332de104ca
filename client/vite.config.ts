import solid from "vite-plugin-solid";
import { defineConfig } from "vite";

export default defineConfig({
  root: __dirname,
  plugins: [solid()],
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
