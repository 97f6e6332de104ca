import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const LIVEKIT_BIN = fileURLToPath(new URL("../../.tools/bin/livekit-server", import.meta.url));

export interface LiveKitServer {
  /** ws://127.0.0.1:<port> for clients and server SDKs (the SDKs turn it into http for API calls) */
  url: string;
  apiKey: string;
  apiSecret: string;
  port: number;
  /** LiveKit's id of this node (ND_…), as its logs and a cluster's Redis name it */
  nodeId: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** kill -9, for fault tests */
  kill(): void;
}

export interface LiveKitOptions {
  port?: number;
  /** the API's webhook endpoint, e.g. http://127.0.0.1:8000/api/v1/livekit/webhook */
  webhookUrl?: string;
  apiKey?: string;
  apiSecret?: string;
  log?: (line: string) => void;
  /** host:port of the Redis this node shares with the other nodes of a cluster (media/livekit/cluster.ts) */
  redisAddress?: string;
  /** first of the 200 UDP ports for media; nodes of one cluster on one host need ranges that do not overlap */
  rtcPortStart?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const randomSecret = () => Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Starts the project's LiveKit server (media/livekit/install.sh builds it) on loopback only, in dev mode,
 * with its own key pair and webhooks pointed at the API. Resolves when it accepts connections.
 */
export async function startLiveKit(opts: LiveKitOptions = {}): Promise<LiveKitServer> {
  if (!existsSync(LIVEKIT_BIN)) throw new Error(`LiveKit server not built: run \`sh media/livekit/install.sh\` (expected ${LIVEKIT_BIN})`);
  // a port found free can be taken by another process before LiveKit binds it (tests start servers side by
  // side): then start again on fresh ports
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

class PortTaken extends Error {}

/**
 * In a cluster a client's signalling often reaches a node other than its room's, which relays it over Redis. When
 * the room's node dies, the relaying node only notices when a relayed message (the client's ping, every 5 s) fails
 * to be delivered for `retry_timeout` — 7.5 s by default, so the client learnt of the loss 7.5–12.5 s after it.
 * Relayed messages take milliseconds on a healthy bus: 2 s still allows a loaded node's pause and tells the
 * client within 2–7 s (issue 18: the node-kill figures with each setting are in the README).
 */
const CLUSTER_SIGNAL_RELAY = ["signal_relay:", "  retry_timeout: 2s", "  min_retry_interval: 250ms", "  max_retry_interval: 1s"];

async function startOnce(opts: LiveKitOptions): Promise<LiveKitServer> {
  const port = opts.port ?? (await freePort());
  const rtcTcp = await freePort();
  const apiKey = opts.apiKey ?? "mcll-dev";
  const apiSecret = opts.apiSecret ?? randomSecret();
  const rtcPortStart = opts.rtcPortStart ?? 50000 + (port % 5000);
  const config = [
    `port: ${port}`,
    "bind_addresses: ['127.0.0.1']",
    "rtc:",
    `  tcp_port: ${rtcTcp}`,
    `  port_range_start: ${rtcPortStart}`,
    `  port_range_end: ${rtcPortStart + 200}`,
    "  use_external_ip: false",
    "  node_ip: 127.0.0.1",
    "room:",
    "  empty_timeout: 300",
    "  departure_timeout: 20",
    ...(opts.redisAddress ? ["redis:", `  address: ${opts.redisAddress}`, ...CLUSTER_SIGNAL_RELAY] : []),
    "logging:",
    "  level: info",
    `keys:`,
    `  ${apiKey}: ${apiSecret}`,
    ...(opts.webhookUrl ? ["webhook:", `  api_key: ${apiKey}`, "  urls:", `    - ${opts.webhookUrl}`] : []),
  ].join("\n");
  // livekit-server reads LIVEKIT_* variables as flags (LIVEKIT_PORT would override `port`): the config body alone counts
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LIVEKIT_")));
  const child = spawn(LIVEKIT_BIN, ["--config-body", config], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`LiveKit did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      opts.log?.(text);
      if (output.includes("starting LiveKit server")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const message = `LiveKit exited with ${code}:\n${output}`;
      reject(output.includes("address already in use") ? new PortTaken(message) : new Error(message));
    });
  });
  // the HTTP listener is up once it answers
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    port,
    nodeId: /"nodeID": "([^"]+)"/.exec(output)?.[1] ?? "",
    process: child,
    kill: () => child.kill("SIGKILL"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        // the first signal starts a graceful drain that waits for rooms; the second makes it exit now
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGTERM"), 200);
      }),
  };
}
