/** The demo's AI camera: seeded from the shared photo with its after-hours override, skipped when the photo is missing. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { cameras } from "../../db/schema/index.ts";
import { demoAiCameraPhoto, seedDemo } from "../../db/seed/demo.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function seeded(photo: string | null) {
  const dir = mkdtempSync(join(tmpdir(), "mcll-demo-ai-"));
  dirs.push(dir);
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, "d.db")}`, MEDIA_DIR: join(dir, "media"), LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32) });
  const database = openDatabase({ url: config.databaseUrl });
  await migrateDatabase(database);
  const demo = await seedDemo(database.db, undefined, { aiCameraPhoto: photo });
  return { config, database, demo, app: createApp({ db: database.db, config }) };
}

describe("the demo's AI camera", () => {
  it("shows the shared photo of a cook, and its effective settings make any person an after-hours intrusion", async () => {
    const photo = demoAiCameraPhoto(loadConfig({}));
    expect(photo).toMatch(/testdata\/images\/person_cook_kitchen\.jpg$/);
    const { app, demo, database } = await seeded(photo);
    const res = await app.request("/api/v1/gateway/config", { headers: { authorization: `Bearer ${demo.demoGateway.deviceToken}` } });
    const body = await res.json();
    const ai = body.cameras.find((c: { source: string }) => c.source === photo);
    expect(ai, "the shared testdata folder must hold the photo (TESTDATA_DIR)").toBeTruthy();
    expect(ai.detection).toMatchObject({ enabled: true, workingHours: [], types: ["after_hours_intrusion"] });
    expect(body.cameras).toHaveLength(8);
    database.close();
  });

  it("is skipped, with the seven test cameras left, when the photo is missing", async () => {
    const { database, demo } = await seeded("/nonexistent/person.jpg");
    expect(await database.db.select().from(cameras).where(eq(cameras.gatewayId, demo.demoGateway.id))).toHaveLength(7);
    database.close();
  });
});
