import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { startNodeServer } from "../../../edge/node.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Builds the client (current sources, not a stale client/dist) into `outDir`. */
export async function buildClient(outDir: string): Promise<string> {
  await build({ configFile: join(ROOT, "client/vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
  return outDir;
}

/**
 * The real API (Node entry) on a free port, with a fresh libSQL file seeded with the demo data,
 * serving a freshly built client. close() stops it and removes the temp folder.
 */
export async function startE2eServer() {
  const dir = mkdtempSync(join(tmpdir(), "mcll-e2e-"));
  const dist = await buildClient(join(dir, "dist"));
  const server = await startNodeServer({
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${join(dir, "e2e.db")}`,
    DATABASE_AUTH_TOKEN: undefined,
    LIBSQL_SYNC_URL: undefined,
    MEDIA_DIR: join(dir, "media"),
    CLIENT_DIST: dist,
    SEED_DEMO: "1",
    SECURE_COOKIES: "0",
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
