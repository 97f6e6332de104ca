/**
 * `npm run cluster` (edge/start.sh --cluster) ends here: the province's shape on one machine, on loopback.
 * Redis, LIVEKIT_NODES LiveKit nodes (2) on it behind one balancer (LIVEKIT_PORT, 7880), API_INSTANCES API
 * processes (2) on one database behind another (PORT, 8000), and the demo city's gateways, whose LiveKit
 * connections the balancer spreads over the nodes. Prints what runs where, the time it took to start, and
 * which node hosts each room. Ctrl-C stops everything. See README "Province scale".
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadConfig } from "../../server/config.ts";
import { demoGatewayFile, printWelcome } from "../boot.ts";
import { startApiCluster, type ApiCluster } from "./api.ts";
import { startLiveKitCluster, type LiveKitCluster } from "./livekit.ts";
import { roomsByNode } from "./redis.ts";

const started = performance.now();
const env: Record<string, string | undefined> = { ...process.env, SEED_HISTORY: process.env.SEED_HISTORY ?? "1" };
const config = loadConfig(env);
const count = (name: string, fallback: number) => Math.max(1, Math.floor(Number(env[name] ?? fallback)) || fallback);
let livekit: LiveKitCluster | null = null;
let api: ApiCluster | null = null;
let city: ChildProcess | null = null;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  city?.kill("SIGTERM");
  await api?.stop();
  await livekit?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  // LiveKit's webhooks go to the API's balancer, so whichever instance is alive hears them
  livekit = await startLiveKitCluster({ nodes: count("LIVEKIT_NODES", 2), port: Number(env.LIVEKIT_PORT ?? 7880), webhookUrl: `http://127.0.0.1:${config.port}/api/v1/livekit/webhook` });
  console.log(`[cluster] Redis on ${livekit.redis.address}; LiveKit nodes ${livekit.nodes.map((n) => `${n.nodeId} :${n.port}`).join(", ")} behind ${livekit.url}`);
  const shared = { ...env, LIVEKIT_URL: livekit.url, LIVEKIT_PUBLIC_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret, REDIS_URL: livekit.redis.url };
  api = await startApiCluster({
    instances: count("API_INSTANCES", 2),
    env: shared,
    port: config.port,
    log: (i, text) => process.stdout.write(text.replace(/^(?=.)/gm, `[api ${i + 1}] `)),
  });
  console.log(`[cluster] API instances ${api.instances.map((i) => `:${i.port}`).join(", ")} behind ${api.url}`);
  const tokenFile = demoGatewayFile(config);
  if (env.DEMO_GATEWAY !== "0" && existsSync(tokenFile)) {
    city = spawn(process.execPath, ["--import", "tsx", "media/gateway/city.ts"], {
      env: { ...shared, API_URL: api.url, GATEWAY_TOKEN_FILE: tokenFile, TZ: env.TZ ?? "Asia/Shanghai" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    city.once("exit", (code) => !stopping && (console.error(`[cluster] the demo city exited with ${code}; stopping everything`), void stop(1)));
    await waitForCity(livekit);
  }
  console.log(`[cluster] started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  printWelcome({ ...config, port: config.port });
} catch (err) {
  console.error(`[cluster] ${(err as Error).message}`);
  await stop(1);
}

/** Waits until the gateways' rooms are placed (none new for 5 s), then prints how many each node hosts. */
async function waitForCity(lk: LiveKitCluster) {
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const n = (await roomsByNode(lk.redis)).size;
    stable = n > 0 && n === last ? stable + 1 : 0;
    last = n;
  }
  const perNode = new Map<string, number>();
  for (const node of (await roomsByNode(lk.redis)).values()) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  console.log(`[cluster] rooms per LiveKit node: ${[...perNode].map(([node, n]) => `${node} ${n}`).join(", ")}`);
}
