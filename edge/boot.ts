import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { migrateDatabase, openDatabase, type Database } from "../db/client.ts";
import { existsSync, readFileSync } from "node:fs";
import { DEMO_AI_PHOTO, demoAiCameraPhoto, DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from "../db/seed/demo.ts";
import { historyWanted, seedHistory } from "../db/seed/history.ts";
import { seedTraceDemo } from "../db/seed/trace.ts";
import { seedSurveyUnits } from "../db/seed/survey.ts";
import { localMediaStore } from "../server/media-store/store.ts";
import { createApp } from "../server/app.ts";
import { type AppConfig, loadConfig } from "../server/config.ts";
import type { AppDeps } from "../server/http/env.ts";
import { liveKitBus } from "../media/room-service.ts";
import { startJobs } from "../server/jobs/runner.ts";
import { sweepJobs } from "../server/jobs/sweeps.ts";
import { redisPing } from "../server/live/redis.ts";

export interface Booted {
  app: ReturnType<typeof createApp>;
  config: AppConfig;
  database: Database;
  /** stops this instance's periodic sweeps (overdue orders, overdue alerts) */
  stopSweep: () => void;
}

/** Where the demo gateway finds its device token (the database keeps only the hash). */
// normalised: "media/.." would not resolve while the media folder does not exist yet
export const demoGatewayFile = (config: AppConfig) => join(config.mediaDir, "..", "demo-gateway.json");

/** Shared by every runtime: open the database, migrate, seed the demo into an empty one, build the app. */
export async function boot(env: Record<string, string | undefined>, extraDeps: Partial<AppDeps> = {}): Promise<Booted> {
  const config = loadConfig(env);
  const database = openDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken, syncUrl: config.libsqlSyncUrl });
  await migrateDatabase(database);
  if (config.seedDemo && (await isEmpty(database.db))) {
    const demo = await seedDemo(database.db, undefined, { aiCameraPhoto: demoAiCameraPhoto(config), onvifCamera: config.demoOnvifCamera });
    const file = demoGatewayFile(config);
    mkdirSync(dirname(file), { recursive: true });
    // the demo canteen's gateway at the top (media/gateway/main.ts reads deviceToken), every canteen's in
    // `gateways` (the demo city, media/gateway/city.ts)
    const demoFile = { canteenId: demo.demoCanteenId, gatewayId: demo.demoGateway.id, deviceToken: demo.demoGateway.deviceToken, gateways: demo.gateways };
    writeFileSync(file, JSON.stringify(demoFile, null, 2), { mode: 0o600 });
    console.log(`[boot] demo data seeded: ${demo.schools} schools, ${demo.canteens} canteens, ${demo.cameras} cameras`);
    if (historyWanted(env)) {
      const started = performance.now();
      const photo = join(config.testdataDir, DEMO_AI_PHOTO);
      const alertPhoto = existsSync(photo) ? await localMediaStore(config.mediaDir).put(new Uint8Array(readFileSync(photo)), "image/jpeg", "alert") : null;
      const h = await seedHistory(database.db, { now: Date.now(), alertPhoto, riskActionMs: config.riskActionMs });
      console.log(
        `[boot] demo history seeded (${Math.round(performance.now() - started)} ms): ${h.statusEvents} camera status events, ${h.inspections} inspections, ` +
          `${h.orders} orders, ${h.alerts} alerts since ${new Date(h.from).toISOString().slice(0, 10)}; ${h.offlineCameras} cameras are offline for good; ` +
          (h.riskWarning ? `a red warning on ${h.riskWarning.canteenName} is overdue and flagged to the level above` : "no canteen is high-risk: no red warning planted"),
      );
      // traceability (issue 15): this week's deliveries, stock and menus of the demo canteen
      const tr = await seedTraceDemo(database.db, localMediaStore(config.mediaDir), Date.now());
      console.log(`[boot] demo traceability seeded: ${tr.deliveries} deliveries, ${tr.moves} stock moves, ${tr.dishes} dishes`);
      console.log(`[boot] 摸底: ${await seedSurveyUnits(database.db, Date.now())} schools registered but not yet connected (the overview's survey)`);
    }
  }
  const livekit = config.livekit ? liveKitBus(config.livekit) : null;
  const probes: Record<string, () => Promise<boolean>> = livekit ? { livekit: () => livekit.ping() } : {};
  const redisUrl = config.redisUrl;
  if (redisUrl) probes.redis = () => redisPing(redisUrl);
  const deps: AppDeps = { db: database.db, config, livekit, probes, ...extraDeps };
  const app = createApp(deps);
  // every instance runs the sweeps; their conditional updates make each reminder and escalation happen once
  const stopSweep = startJobs(sweepJobs(deps));
  return { app, config, database, stopSweep };
}

export function printWelcome(config: AppConfig) {
  const url = `http://${config.host}:${config.port}`;
  const lines = [
    "",
    `明厨亮灶 Live is running at ${url}`,
    `API docs: ${url}/api/v1/docs`,
    "",
    `Demo accounts (password: ${DEMO_PASSWORD}):`,
    ...DEMO_USERS.map((u) => `  ${u.username.padEnd(20)} ${u.role}`),
    "",
  ];
  console.log(lines.join("\n"));
}
