import solid from "vite-plugin-solid";
import { defineConfig } from "vite";

export default defineConfig({
  root: __dirname,
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2020" },
  server: { host: "127.0.0.1", port: 5173, proxy: { "/api": "http://127.0.0.1:8000", "/healthz": "http://127.0.0.1:8000" } },
});
