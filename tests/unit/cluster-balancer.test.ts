/**
 * The cluster's loopback balancer (edge/cluster/balancer.ts) and the API's Redis probe (server/live/redis.ts),
 * each on real loopback sockets: connections go round the backends in turn, skip one that refuses, and close
 * when none is left; the probe answers true for +PONG and false for a refused port or an error reply.
 */
import { createServer, connect, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startBalancer } from "../../edge/cluster/balancer.ts";
import { freePort } from "../../media/livekit/dev-server.ts";
import { redisPing } from "../../server/live/redis.ts";

const servers: Server[] = [];
/** a TCP server that answers every connection with its name, or with `reply` */
async function named(name: string, reply?: (data: string) => string) {
  const srv = createServer((s) => (reply ? s.on("data", (d) => s.end(reply(d.toString()))) : s.end(name)));
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  return (srv.address() as { port: number }).port;
}
const ask = (port: number) =>
  new Promise<string>((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    let got = "";
    s.on("data", (d) => (got += d.toString()));
    s.on("close", () => resolve(got));
    s.on("error", () => resolve(got));
  });

afterAll(() => servers.forEach((s) => s.close()));

describe("the loopback balancer", () => {
  it("hands connections round the backends and skips one that refuses", async () => {
    const dead = await freePort(); // nothing listens there
    const [a, b] = [await named("a"), await named("b")];
    const lb = await startBalancer([a, dead, b]);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(lb.port));
    expect(answers.sort()).toEqual(["a", "a", "a", "b", "b", "b"]);
    expect(lb.counts.get(dead)).toBe(0);
    await lb.close();
  });

  it("closes the client's connection when every backend is down", async () => {
    const lb = await startBalancer([await freePort()]);
    expect(await ask(lb.port)).toBe("");
    await lb.close();
  });
});

describe("the Redis probe", () => {
  it("is true for +PONG, false for an error reply or nobody there", async () => {
    expect(await redisPing(`redis://127.0.0.1:${await named("", () => "+PONG\r\n")}`)).toBe(true);
    expect(await redisPing(`redis://127.0.0.1:${await named("", () => "-NOAUTH Authentication required.\r\n")}`)).toBe(false);
    expect(await redisPing(`redis://127.0.0.1:${await freePort()}`)).toBe(false);
    expect(await redisPing("not a url")).toBe(false);
  });
});
