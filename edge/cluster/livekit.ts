import { type LiveKitServer, startLiveKit } from "../../media/livekit/dev-server.ts";
import { type Balancer, startBalancer } from "./balancer.ts";
import { type RedisServer, startRedis } from "./redis.ts";

/**
 * A LiveKit cluster on loopback: one Redis and N livekit-server nodes with one configuration (the same key
 * pair, the same `redis:` section, the same webhook), each on its own HTTP, TCP and UDP ports, behind one
 * balancer whose URL is the cluster's. A room lives on one node (LiveKit's node selector picks it through
 * Redis); a client that reaches another node has its signalling relayed to the room's node over Redis, and
 * its media goes to the room's node directly (its ICE candidates). Killing a node loses its rooms; clients
 * reconnect through the balancer and LiveKit places the room again on a node that is alive.
 */
export interface LiveKitCluster {
  /** ws://127.0.0.1:<balancer> — what the API hands out and calls */
  url: string;
  apiKey: string;
  apiSecret: string;
  redis: RedisServer;
  /** the nodes by index; a killed node's slot keeps the dead server until `restartNode` */
  nodes: LiveKitServer[];
  balancer: Balancer;
  /** kill -9 one node (fault tests); resolves when it has exited */
  killNode(index: number): Promise<void>;
  /** starts a killed node again on its ports, with the cluster's keys */
  restartNode(index: number): Promise<LiveKitServer>;
  /** stops Redis (fault tests: the nodes carry on but place no room; /healthz says so) */
  stopRedis(): Promise<void>;
  /** starts Redis again on its port, empty */
  restartRedis(): Promise<RedisServer>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** 2 by default, at most 4 (each node 250 of the cluster slot's 1000 UDP ports) */
  nodes?: number;
  webhookUrl?: string;
  /** the balancer's port, i.e. the cluster URL's (0 or unset: a free one) */
  port?: number;
  log?: (line: string) => void;
}

const RTC_BASE = 56000;

export async function startLiveKitCluster(opts: ClusterOptions = {}): Promise<LiveKitCluster> {
  if ((opts.nodes ?? 2) > 4) throw new Error("at most 4 LiveKit nodes on one host");
  let redis = await startRedis();
  const nodes: LiveKitServer[] = [];
  let balancer: Balancer;
  // each node its own 200 UDP ports (in a 250 step), so two nodes on one host never fight over one
  // (above the 50000–55200 that single dev servers use; a slot per cluster so side-by-side test clusters differ)
  const nodeOptions = (i: number, keys?: { apiKey: string; apiSecret: string; port?: number }) => ({
    webhookUrl: opts.webhookUrl,
    redisAddress: redis.address,
    rtcPortStart: RTC_BASE + (redis.port % 7) * 1000 + i * 250,
    log: opts.log,
    ...keys,
  });
  try {
    // the first node draws the key pair; the others share it (one configuration)
    const first = await startLiveKit(nodeOptions(0));
    nodes.push(first);
    for (let i = 1; i < (opts.nodes ?? 2); i++) nodes.push(await startLiveKit(nodeOptions(i, { apiKey: first.apiKey, apiSecret: first.apiSecret })));
    balancer = await startBalancer(nodes.map((n) => n.port), { port: opts.port });
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
    throw err;
  }
  const bal = balancer;
  const { apiKey, apiSecret } = nodes[0]!;
  const cluster: LiveKitCluster = {
    url: `ws://127.0.0.1:${bal.port}`,
    apiKey,
    apiSecret,
    get redis() {
      return redis;
    },
    nodes,
    balancer: bal,
    async killNode(index) {
      const node = nodes[index]!;
      const exited = new Promise<void>((done) => (node.process.exitCode !== null || node.process.signalCode ? done() : node.process.once("exit", () => done())));
      node.kill();
      await exited;
    },
    async restartNode(index) {
      const old = nodes[index]!;
      nodes[index] = await startLiveKit(nodeOptions(index, { apiKey: old.apiKey, apiSecret: old.apiSecret, port: old.port }));
      return nodes[index]!;
    },
    stopRedis: () => redis.stop(),
    async restartRedis() {
      redis = await startRedis({ port: redis.port });
      return redis;
    },
    async stop() {
      await bal.close();
      await Promise.all(nodes.map((n) => n.stop()));
      await redis.stop();
    },
  };
  return cluster;
}
