import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { startNodeServer } from "../../../edge/node.ts";
import { freePort, type LiveKitServer, startLiveKit } from "../../../media/livekit/dev-server.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Builds the client (current sources, not a stale client/dist) into `outDir`. */
export async function buildClient(outDir: string): Promise<string> {
  await build({ configFile: join(ROOT, "client/vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface E2eServerOptions {
  /** also start a real LiveKit server (webhooks pointed at this API) and configure the API with it */
  livekit?: boolean;
  /** seed the demo's AI camera (the photo of a cook in the storeroom, issue 5); off: the seven `test:` cameras only */
  aiCamera?: boolean;
}

export type E2eServer = Awaited<ReturnType<typeof startE2eServer>>;

/**
 * The real API (Node entry) on a free port, with a fresh libSQL file seeded with the demo data,
 * serving a freshly built client; optionally with a real LiveKit server. close() stops everything and
 * removes the temp folder.
 */
export async function startE2eServer(opts: E2eServerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mcll-e2e-"));
  const dist = await buildClient(join(dir, "dist"));
  let livekit: LiveKitServer | null = null;
  // LiveKit needs the API's webhook URL when it starts, so the API's port is chosen first
  const port = opts.livekit ? await freePort() : 0;
  try {
    if (opts.livekit) livekit = await startLiveKit({ webhookUrl: `http://127.0.0.1:${port}/api/v1/livekit/webhook` });
    const server = await startNodeServer({
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dir, "e2e.db")}`,
      DATABASE_AUTH_TOKEN: undefined,
      LIBSQL_SYNC_URL: undefined,
      MEDIA_DIR: join(dir, "media"),
      CLIENT_DIST: dist,
      SEED_DEMO: "1",
      DEMO_AI_CAMERA: opts.aiCamera ? "1" : "0",
      SECURE_COOKIES: "0",
      LIVEKIT_URL: livekit?.url,
      LIVEKIT_PUBLIC_URL: undefined,
      LIVEKIT_API_KEY: livekit?.apiKey,
      LIVEKIT_API_SECRET: livekit?.apiSecret,
    });
    return {
      url: server.url,
      dir,
      get livekit() {
        return livekit;
      },
      /** the demo gateway's device token file, written by the demo seed next to MEDIA_DIR */
      gatewayTokenFile: join(dir, "demo-gateway.json"),
      /** kill -9 the LiveKit server, then start a new one on the same port with the same keys (fault tests) */
      restartLiveKit: async () => {
        const old = livekit;
        if (!old) throw new Error("this server runs without LiveKit");
        const exited = new Promise<void>((resolve) => (old.process.exitCode !== null ? resolve() : old.process.once("exit", () => resolve())));
        old.kill();
        await exited;
        livekit = await startLiveKit({ port: old.port, apiKey: old.apiKey, apiSecret: old.apiSecret, webhookUrl: `http://127.0.0.1:${port}/api/v1/livekit/webhook` });
        return livekit;
      },
      close: async () => {
        await server.close();
        await livekit?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await livekit?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
