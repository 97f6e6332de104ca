import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { DEMO_PASSWORD, seedDemo, type DemoSeedResult } from "../../db/seed/demo.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { AppDeps } from "../../server/http/env.ts";

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The real app on a real libSQL file in a temp folder, seeded with the demo data. */
export async function startTestApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mcll-test-"));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, "test.db")}`, MEDIA_DIR: join(dir, "media"), ...env });
  const database = openDatabase({ url: config.databaseUrl });
  await migrateDatabase(database);
  const demo: DemoSeedResult = await seedDemo(database.db);
  const app = createApp({ db: database.db, config, ...deps });

  async function call(method: string, path: string, opts: { token?: string; body?: unknown; rawBody?: string; form?: FormData; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | FormData | undefined;
    if (opts.form !== undefined) body = opts.form; // multipart: fetch sets the content type with its boundary
    else if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await call("POST", "/api/v1/auth/login", { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    return res.json.token;
  }

  return {
    app,
    db: database.db,
    client: database.client,
    demo,
    config,
    call,
    login,
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
