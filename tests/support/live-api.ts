import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNodeServer } from "../../edge/node.ts";
import { freePort, type LiveKitServer, startLiveKit } from "../../media/livekit/dev-server.ts";

export type NodeApi = Awaited<ReturnType<typeof startNodeServer>>;
/** What the API writes beside its database at first start: the demo canteen's gateway and its device token. */
export interface DemoGateway {
  canteenId: string;
  gatewayId: string;
  deviceToken: string;
}

/**
 * The stack the integration tests of the live parts run against: the API on Node with its own database file
 * and media folder in a fresh temporary folder, and a real LiveKit server whose webhooks point at it.
 * `env` adds to or overrides the API's environment. The API can be stopped and started again (fault tests);
 * `close()` stops both and removes the folder.
 */
export async function startLiveApi(name: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `mcll-${name}-`));
  // LiveKit needs the API's webhook URL at start, so the API's port is chosen first
  const port = await freePort();
  const lk: LiveKitServer = await startLiveKit({ webhookUrl: `http://127.0.0.1:${port}/api/v1/livekit/webhook` });
  const apiEnv: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: `file:${join(dir, "api.db")}`,
    MEDIA_DIR: join(dir, "media"),
    CLIENT_DIST: join(dir, "none"),
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    ...env,
  };
  let api: NodeApi | null = await startNodeServer(apiEnv);
  const stack = {
    dir,
    lk,
    apiEnv,
    demo: JSON.parse(readFileSync(join(dir, "demo-gateway.json"), "utf8")) as DemoGateway,
    /** the running API (throws while it is stopped) */
    get api(): NodeApi {
      if (!api) throw new Error("the API is stopped");
      return api;
    },
    /** stops the API (its database and media stay) */
    async stopApi() {
      await api?.close();
      api = null;
    },
    /** starts the API again on the same port, database and media */
    async startApi() {
      api ??= await startNodeServer(apiEnv);
    },
    /** an HTTP call to the running API: a JSON `body`, a `form`, or `raw` text, with a bearer `token` */
    async call(method: string, path: string, opts: { token?: string; body?: unknown; form?: FormData; raw?: string; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const body = opts.form ?? opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const res = await fetch(`${stack.api.url}${path}`, { method, headers, body });
      const text = await res.text();
      // tests read whatever the endpoint answers
      const json: any = text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null;
      return { status: res.status, headers: res.headers, text, json };
    },
    /** a demo account's session token */
    async login(username: string): Promise<string> {
      return (await stack.call("POST", "/api/v1/auth/login", { body: { username, password: "mcll-demo-2026" } })).json.token;
    },
    async close() {
      await stack.stopApi();
      await lk.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
export type LiveApi = Awaited<ReturnType<typeof startLiveApi>>;
