import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { demoAiCameraPhoto, seedDemo, type DemoSeedResult } from "../../db/seed/demo.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { AppDeps } from "../../server/http/env.ts";
import { httpClient } from "./http.ts";
import { tempWorkspace } from "./workspace.ts";

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The real app in process (no server, no LiveKit: fast) on a real libSQL file in a temp folder, seeded with
 * the demo data; `deps` injects what the app would otherwise build (the clock). The demo's AI camera is off
 * unless `env` sets `DEMO_AI_CAMERA=1`. For the API beside a real LiveKit, see `startStack` (stack.ts).
 */
export async function startTestApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const workspace = tempWorkspace("test");
  const config = loadConfig({ ...workspace.env, DEMO_AI_CAMERA: "0", ...env });
  const database = openDatabase({ url: config.databaseUrl });
  await migrateDatabase(database);
  const demo: DemoSeedResult = await seedDemo(database.db, undefined, { aiCameraPhoto: demoAiCameraPhoto(config) });
  const app = createApp({ db: database.db, config, ...deps });
  return {
    app,
    db: database.db,
    client: database.client,
    demo,
    config,
    ...httpClient((path, init) => app.request(path, init)),
    close() {
      database.close();
      workspace.remove();
    },
  };
}
