import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startApiCluster, type ApiCluster } from "../../edge/cluster/api.ts";
import { startLiveKitCluster, type LiveKitCluster } from "../../edge/cluster/livekit.ts";
import { freePort } from "../../media/livekit/dev-server.ts";
import { httpClient, overUrl } from "./http.ts";
import { buildClient, type DemoGateway } from "./stack.ts";
import { tempWorkspace } from "./workspace.ts";

export interface TestClusterOptions {
  name?: string;
  apiInstances?: number;
  /** adds to or overrides every instance's environment */
  env?: Record<string, string>;
  /** one instance's own additions (e.g. a skewed clock) */
  envOf?: (index: number) => Record<string, string>;
  nodeArgs?: (index: number) => string[];
  /** build the client from the current sources and serve it at / (end-to-end tests) */
  client?: boolean;
}

export type TestCluster = Awaited<ReturnType<typeof startTestCluster>>;

/**
 * The province's shape in real processes (edge/cluster): Redis, two LiveKit nodes behind a balancer, and API
 * instances (Node entry) on one libSQL file behind another, in a fresh temp folder seeded with the demo.
 * `call`/`login` go through the API's balancer; `on(i)` talks to instance i directly.
 */
export async function startTestCluster(opts: TestClusterOptions = {}) {
  const workspace = tempWorkspace(opts.name ?? "cluster");
  let livekit: LiveKitCluster | null = null;
  let api: ApiCluster | null = null;
  try {
    // LiveKit's webhooks go to the API's balancer, whose port is chosen first
    const port = await freePort();
    livekit = await startLiveKitCluster({ webhookUrl: `http://127.0.0.1:${port}/api/v1/livekit/webhook`, log: process.env.CLUSTER_LOG ? (text) => process.stderr.write(text.replace(/^(?=.)/gm, "[livekit] ")) : undefined });
    const env: Record<string, string> = {
      ...workspace.env,
      HOST: "127.0.0.1",
      CLIENT_DIST: opts.client ? await buildClient(join(workspace.dir, "dist")) : join(workspace.dir, "none"),
      SEED_DEMO: "1",
      SECURE_COOKIES: "0",
      DEMO_AI_CAMERA: "0",
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      REDIS_URL: livekit.redis.url,
      ...opts.env,
    };
    api = await startApiCluster({ instances: opts.apiInstances ?? 2, env, port, envOf: opts.envOf, nodeArgs: opts.nodeArgs, log: process.env.CLUSTER_LOG ? (i, text) => process.stderr.write(text.replace(/^(?=.)/gm, `[api ${i + 1}] `)) : undefined });
    const lk = livekit;
    const apis = api;
    return {
      dir: workspace.dir,
      env,
      databaseUrl: env.DATABASE_URL!,
      livekit: lk,
      api: apis,
      demo: JSON.parse(readFileSync(workspace.gatewayTokenFile, "utf8")) as DemoGateway,
      gatewayTokenFile: workspace.gatewayTokenFile,
      ...httpClient(overUrl(() => apis.url)),
      /** instance i's own client (no balancer) */
      on: (i: number) => httpClient(overUrl(() => apis.instances[i]!.url)),
      async close() {
        await apis.stop();
        await lk.stop();
        workspace.remove();
      },
    };
  } catch (err) {
    await api?.stop();
    await livekit?.stop();
    workspace.remove();
    throw err;
  }
}
