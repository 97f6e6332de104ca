/** Boots the real main entry (edge/deno.ts) under Deno and talks to it over HTTP. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, overUrl } from "../support/http.ts";
import { freePort, startProcess } from "../support/process.ts";
import { tempWorkspace } from "../support/workspace.ts";

const DENO = "node_modules/.bin/deno";
let workspace: ReturnType<typeof tempWorkspace>;
let base: string;
let server: ReturnType<typeof startProcess>;
const { call } = httpClient(overUrl(() => base));

beforeAll(async () => {
  if (!existsSync(DENO)) throw new Error("Deno is missing: run `npm ci` (the npm package `deno` provides it)");
  workspace = tempWorkspace("deno");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startProcess(DENO, ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys", "edge/deno.ts"], {
    env: { ...workspace.env, PORT: String(port), HOST: "127.0.0.1", CLIENT_DIST: join(workspace.dir, "no-client") },
    ready: /is running at/,
    timeoutMs: 90_000,
  });
  await server.ready;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  workspace?.remove();
});

describe("Deno entry", () => {
  it("migrated and seeded an empty database, and reports healthy", async () => {
    expect(server.output()).toMatch(/demo data seeded: 37 schools/);
    const res = await call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", database: "ok" });
  });

  it("logs in and answers a scoped request", async () => {
    const login = await call("POST", "/api/v1/auth/login", { body: { username: "echeng.inspector", password: "mcll-demo-2026" } });
    expect(login.status).toBe(200);
    const { token } = login.json;
    const schools = (await call("GET", "/api/v1/schools", { token })).json;
    expect(schools.total).toBe(12);
    // bad input on Deno: the same envelope, with field messages in Chinese by default
    const bad = await call("GET", "/api/v1/schools?limit=0", { token });
    expect(bad.status).toBe(400);
    const body = bad.json;
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("answers an overlong URL with the error envelope (414), not a bare status", async () => {
    const res = await fetch(`${base}/api/v1/orgs?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(414);
    expect((await res.json()).error).toMatchObject({ code: "uri_too_long", message: "请求地址过长" });
  });

  it("serves the OpenAPI document and the docs page", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/auth/login");
    const docs = await call("GET", "/api/v1/docs");
    expect(docs.headers.get("content-type")).toMatch(/text\/html/);
    expect(docs.text).toContain("openapi.json");
  });
});
