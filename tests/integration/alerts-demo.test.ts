/** The demo's AI camera: seeded from the shared photo with its after-hours override, skipped when the photo is missing. */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { cameras } from "../../db/schema/index.ts";
import { demoAiCameraPhoto } from "../../db/seed/demo.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const apps: TestApp[] = [];
afterAll(() => apps.forEach((t) => t.close()));

async function seeded(env: Record<string, string> = {}) {
  const t = await startTestApp({ DEMO_AI_CAMERA: "1", LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32), ...env });
  apps.push(t);
  return t;
}

describe("the demo's AI camera", () => {
  it("shows the shared photo of a cook, and its effective settings make any person an after-hours intrusion", async () => {
    const t = await seeded();
    const photo = demoAiCameraPhoto(t.config);
    expect(photo).toMatch(/testdata\/images\/person_cook_kitchen\.jpg$/);
    const body = (await t.call("GET", "/api/v1/gateway/config", { token: t.demo.demoGateway.deviceToken })).json;
    const ai = body.cameras.find((c: { source: string }) => c.source === photo);
    expect(ai, "the shared testdata folder must hold the photo (TESTDATA_DIR)").toBeTruthy();
    expect(ai.detection).toMatchObject({ enabled: true, workingHours: [], types: ["after_hours_intrusion"] });
    expect(body.cameras).toHaveLength(8);
  });

  it("is skipped, with the seven test cameras left, when the photo is missing", async () => {
    const t = await seeded({ TESTDATA_DIR: "/nonexistent" });
    expect(await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id))).toHaveLength(7);
  });
});
