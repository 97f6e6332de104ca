/** The Node entry (edge/node.ts) over real HTTP: what its HTTP layer would refuse on its own reaches the app. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNodeServer } from "../../edge/node.ts";

let dir: string;
let server: Awaited<ReturnType<typeof startNodeServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mcll-node-"));
  server = await startNodeServer({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "node.db")}`, MEDIA_DIR: join(dir, "media"), CLIENT_DIST: join(dir, "no-client"), DEMO_AI_CAMERA: "0" });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Node entry", () => {
  it("answers a 100 KB URL with the error envelope (414), where Node alone sends a bare 431", async () => {
    const res = await fetch(`${server.url}/api/v1/orgs?q=${"x".repeat(100_000)}`, { headers: { "accept-language": "en" } });
    expect(res.status).toBe(414);
    expect((await res.json()).error).toEqual({ code: "uri_too_long", message: "The request URL is too long" });
  });

  it("still answers an ordinary URL as before", async () => {
    const res = await fetch(`${server.url}/api/v1/orgs?q=${"x".repeat(2_000)}`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });
});
