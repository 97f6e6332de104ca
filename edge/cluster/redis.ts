import { type ChildProcess, execFile, spawn } from "node:child_process";
import { freePort } from "../../media/livekit/dev-server.ts";
import { redisPing } from "../../server/live/redis.ts";

/**
 * The Redis that a LiveKit cluster shares (room → node map, node stats, the signal relay between nodes). For
 * `npm run cluster` and the cluster tests: Debian's redis-server (edge/ensure-deps.sh --system) as a child
 * process on loopback, configured on its command line, with no persistence — a restart forgets the room map,
 * which LiveKit rebuilds as participants reconnect.
 */
export interface RedisServer {
  /** host:port, as LiveKit's `redis.address` wants it */
  address: string;
  /** redis://host:port, as the API's REDIS_URL (its /healthz probe) wants it */
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(opts: { port?: number; log?: (line: string) => void } = {}): Promise<RedisServer> {
  const port = opts.port ?? (await freePort());
  // no RDB snapshots, no AOF, no disk at all: what LiveKit keeps there is rebuilt by the nodes
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    opts.log?.(chunk.toString());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<never>((_, reject) => {
    child.once("error", (err) => reject(new Error(`redis-server could not start (${err.message}): run \`sh edge/ensure-deps.sh --system\``)));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  // with --loglevel warning it prints nothing when ready: it is ready when it answers PING
  const answered = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await redisPing(`redis://127.0.0.1:${port}`, 500)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on port ${port} in 5 s:\n${output}`);
  })();
  await Promise.race([answered, exited]);
  exited.catch(() => undefined); // a later exit is the caller's business (stop(), fault tests)
  return {
    address: `127.0.0.1:${port}`,
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Which node hosts each room, as LiveKit keeps it in Redis (the hash `room_node_map`: room name → node id);
 * read with redis-cli, which Debian installs with redis-server. For the launcher's summary and the tests.
 */
export async function roomsByNode(redis: Pick<RedisServer, "port">): Promise<Map<string, string>> {
  const out = await new Promise<string>((resolve, reject) =>
    execFile("redis-cli", ["-p", String(redis.port), "--raw", "HGETALL", "room_node_map"], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  const lines = out.split("\n").filter(Boolean);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i += 2) map.set(lines[i]!, lines[i + 1]!);
  return map;
}
