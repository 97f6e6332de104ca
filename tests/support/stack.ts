import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";
import { startNodeServer } from "../../edge/node.ts";
import { freePort, type LiveKitServer, startLiveKit } from "../../media/livekit/dev-server.ts";
import { httpClient, overUrl } from "./http.ts";
import { tempWorkspace } from "./workspace.ts";

const ROOT = resolve(import.meta.dirname, "../..");

export type NodeApi = Awaited<ReturnType<typeof startNodeServer>>;
/** What the API writes beside its database at first start: the demo canteen's gateway and its device token. */
export interface DemoGateway {
  canteenId: string;
  gatewayId: string;
  deviceToken: string;
}

export interface StackOptions {
  /** names the temp folder (mcll-<name>-…) */
  name?: string;
  /** also start a real LiveKit server, its webhooks pointed at this API, and configure the API with it */
  livekit?: boolean;
  /** build the client from the current sources and serve it at / (end-to-end tests) */
  client?: boolean;
  /** seed the demo's AI camera (the photo of a cook in the storeroom); default on, as in the product */
  aiCamera?: boolean;
  /** adds to or overrides the API's environment */
  env?: Record<string, string>;
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Builds the client (current sources, not a stale client/dist) into `outDir`. */
export async function buildClient(outDir: string): Promise<string> {
  await build({ configFile: join(ROOT, "client/vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
  return outDir;
}

/**
 * The real API (Node entry) on a free port with its own libSQL file and media folder in a fresh temp folder,
 * seeded with the demo data at start; optionally a real LiveKit server whose webhooks point at it, and the
 * freshly built client. The API can be stopped and started again (fault tests), LiveKit killed and restarted;
 * `close()` stops everything and removes the folder. Integration tests, end-to-end tests and benchmarks all
 * start it; tests that inject dependencies (a clock) use the in-process `startTestApp` instead.
 */
export async function startStack(opts: StackOptions = {}) {
  const workspace = tempWorkspace(opts.name ?? "stack");
  let livekit: LiveKitServer | null = null;
  let api: NodeApi | null = null;
  try {
    // LiveKit needs the API's webhook URL when it starts, so the API's port is chosen first
    const port = await freePort();
    const webhookUrl = `http://127.0.0.1:${port}/api/v1/livekit/webhook`;
    const startLk = (again?: LiveKitServer) => startLiveKit({ webhookUrl, port: again?.port, apiKey: again?.apiKey, apiSecret: again?.apiSecret });
    if (opts.livekit) livekit = await startLk();
    const apiEnv: Record<string, string> = {
      ...workspace.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      CLIENT_DIST: opts.client ? await buildClient(join(workspace.dir, "dist")) : join(workspace.dir, "none"),
      SEED_DEMO: "1",
      SECURE_COOKIES: "0",
      ...(opts.aiCamera === false ? { DEMO_AI_CAMERA: "0" } : {}),
      ...(livekit ? { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret } : {}),
      ...opts.env,
    };
    api = await startNodeServer(apiEnv);
    const running = (): NodeApi => {
      if (!api) throw new Error("the API is stopped");
      return api;
    };
    const stack = {
      dir: workspace.dir,
      apiEnv,
      /** the API's libSQL file (file:…), for tests that read or change rows behind its back */
      databaseUrl: apiEnv.DATABASE_URL!,
      demo: JSON.parse(readFileSync(workspace.gatewayTokenFile, "utf8")) as DemoGateway,
      /** the demo gateway's device token file (what a real gateway reads) */
      gatewayTokenFile: workspace.gatewayTokenFile,
      /** the running API (throws while it is stopped) */
      get api(): NodeApi {
        return running();
      },
      /** the running API's base URL, e.g. http://127.0.0.1:41234 */
      get url(): string {
        return running().url;
      },
      /** the LiveKit server (throws when the stack runs without one) */
      get livekit(): LiveKitServer {
        if (!livekit) throw new Error("this stack runs without LiveKit");
        return livekit;
      },
      ...httpClient(overUrl(() => running().url)),
      /** stops the API (its database and media stay) */
      async stopApi() {
        await api?.close();
        api = null;
      },
      /** starts the API again on the same port, database and media */
      async startApi() {
        api ??= await startNodeServer(apiEnv);
      },
      /** kill -9 the LiveKit server, then start a new one on the same port with the same keys (fault tests) */
      async restartLiveKit(): Promise<LiveKitServer> {
        const old = stack.livekit;
        const exited = new Promise<void>((done) => (old.process.exitCode !== null ? done() : old.process.once("exit", () => done())));
        old.kill();
        await exited;
        livekit = await startLk(old);
        return livekit;
      },
      async close() {
        await stack.stopApi();
        await livekit?.stop();
        workspace.remove();
      },
    };
    return stack;
  } catch (error) {
    await api?.close();
    await livekit?.stop();
    workspace.remove();
    throw error;
  }
}
