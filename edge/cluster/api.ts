import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../media/livekit/dev-server.ts";
import { type Balancer, startBalancer } from "./balancer.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One API process (the Node entry, edge/node.ts) of a cluster. */
export interface ApiInstance {
  port: number;
  url: string;
  process: ChildProcess;
  /** everything it printed, for failing tests */
  output(): string;
}

export interface ApiCluster {
  /** http://127.0.0.1:<balancer>: the one URL of every instance */
  url: string;
  instances: ApiInstance[];
  balancer: Balancer;
  /** kill -9 one instance (fault tests); resolves when it has exited */
  kill(index: number): Promise<void>;
  /** starts a killed instance again on its port */
  restart(index: number): Promise<ApiInstance>;
  stop(): Promise<void>;
}

export interface ApiClusterOptions {
  instances?: number;
  /** the environment every instance shares (DATABASE_URL, MEDIA_DIR, LIVEKIT_…, REDIS_URL…); PORT is each one's */
  env: Record<string, string | undefined>;
  /** the balancer's port (0 or unset: a free one) */
  port?: number;
  /** node flags before the entry, e.g. a preload */
  nodeArgs?: (index: number) => string[];
  /** each instance's own additions to `env` */
  envOf?: (index: number) => Record<string, string>;
  log?: (index: number, text: string) => void;
}

function startInstance(index: number, port: number, opts: ApiClusterOptions): Promise<ApiInstance> {
  const args = ["--import", "tsx", ...(opts.nodeArgs?.(index) ?? []), "edge/node.ts"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...opts.env, ...opts.envOf?.(index), PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API instance ${index + 1} not ready in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      opts.log?.(index, chunk.toString());
      if (/is running at/.test(output)) {
        clearTimeout(timer);
        resolve({ port, url: `http://127.0.0.1:${port}`, process: child, output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`API instance ${index + 1} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

const exitOf = (child: ChildProcess) => new Promise<void>((done) => (child.exitCode !== null || child.signalCode ? done() : child.once("exit", () => done())));

/**
 * N API processes on one database behind one balancer. The first starts alone: it migrates and seeds an empty
 * database (two instances seeding one empty file at once would both seed); the others start together after.
 */
export async function startApiCluster(opts: ApiClusterOptions): Promise<ApiCluster> {
  const count = opts.instances ?? 2;
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const instances: ApiInstance[] = [];
  try {
    instances.push(await startInstance(0, ports[0]!, opts));
    instances.push(...(await Promise.all(ports.slice(1).map((p, i) => startInstance(i + 1, p, opts)))));
  } catch (err) {
    for (const i of instances) i.process.kill("SIGKILL");
    throw err;
  }
  const balancer = await startBalancer(ports, { port: opts.port });
  return {
    url: `http://127.0.0.1:${balancer.port}`,
    instances,
    balancer,
    async kill(index) {
      const child = instances[index]!.process;
      child.kill("SIGKILL");
      await exitOf(child);
    },
    async restart(index) {
      instances[index] = await startInstance(index, ports[index]!, opts);
      return instances[index]!;
    },
    async stop() {
      await balancer.close();
      await Promise.all(
        instances.map((i) => {
          i.process.kill("SIGTERM");
          return exitOf(i.process);
        }),
      );
    },
  };
}
