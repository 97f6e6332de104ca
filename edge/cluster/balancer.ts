import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP balancer: each new connection goes to the next backend in turn, and to the one after when a
 * backend refuses (it was killed). It stands where production has its load balancer — in front of the API
 * instances and in front of the LiveKit nodes' signalling port — so a client keeps one URL while instances
 * come and go. It is TCP, not HTTP: a connection stays with its backend, and a request in flight on an instance
 * that dies fails once; the client's retry opens a new connection, which reaches a live instance.
 */
export interface Balancer {
  port: number;
  /** connections handed to each backend so far (how the spread looks) */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backends: number[], opts: { port?: number; host?: string } = {}): Promise<Balancer> {
  const host = opts.host ?? "127.0.0.1";
  const counts = new Map(backends.map((p) => [p, 0]));
  const open = new Set<Socket>();
  let next = 0;

  const pipeTo = (client: Socket, tried: number) => {
    if (tried >= backends.length) return client.destroy(); // every backend is down
    const port = backends[next++ % backends.length]!;
    const upstream = connect({ host: "127.0.0.1", port });
    open.add(upstream);
    upstream.once("close", () => open.delete(upstream));
    let connected = false;
    // refused before it connected: the next backend; broken after: the client sees its connection close
    upstream.once("error", () => (connected ? client.destroy() : pipeTo(client, tried + 1)));
    upstream.once("connect", () => {
      connected = true;
      counts.set(port, (counts.get(port) ?? 0) + 1);
      client.pipe(upstream).pipe(client);
      client.resume();
      client.once("error", () => upstream.destroy());
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
