import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * The canteen detail says whether the canteen's edge gateway is online (issue 11 item 10): online while it
 * reports within three heartbeats (60 s), offline after that (with its last report); "none" when it has no gateway.
 */
describe("the gateway's state in the canteen detail", () => {
  let app: TestApp;
  let now = Date.parse("2026-09-01T09:00:00+08:00");
  let token: string;
  let canteenId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { now: () => now });
    token = await app.login("echeng.inspector");
    canteenId = app.demo.demoCanteenId;
  });
  afterAll(() => app?.close());

  const detail = async () => (await app.call("GET", `/api/v1/canteens/${canteenId}`, { token })).json;

  it("is offline (never reported) before the gateway's first report, online after it, offline again once it falls silent", async () => {
    const before = await detail();
    expect(before.gateway).toEqual({ state: "offline", lastSeenAt: null });
    const camera = before.cameras.find((c: { gatewayId: string | null }) => c.gatewayId);
    const beat = await app.call("POST", "/api/v1/gateway/heartbeat", { token: app.demo.demoGateway.deviceToken, body: { cameras: [{ id: camera.id, status: "online" }] } });
    expect(beat.status).toBe(200);
    expect((await detail()).gateway).toEqual({ state: "online", lastSeenAt: "2026-09-01T09:00:00.000+08:00" });
    now += 59_000;
    expect((await detail()).gateway.state).toBe("online");
    now += 2_000;
    expect((await detail()).gateway).toEqual({ state: "offline", lastSeenAt: "2026-09-01T09:00:00.000+08:00" });
  });
});
