/**
 * GB/T 28181 devices through the API (issue 17): a school adds a device (id + password, write-only), its
 * gateway gets it in the configuration, reports it registered with its catalog, and a channel becomes a
 * camera with a gb28181: source. Bad input: 400 with the envelope, duplicates 409, a device of another
 * canteen 404 for the gateway; nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

const DEV = "34020000001320000077";
const CH = "34020000001310000077";

describe("GB/T 28181 devices in the API", () => {
  let app: TestApp;
  let principal: string;
  let canteenId: string;
  let gatewayToken: string;

  beforeAll(async () => {
    // the configuration mints a LiveKit token: keys are enough, no server is reached here
    app = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_API_KEY: "gbtest", LIVEKIT_API_SECRET: "gbtest-secret-0123456789abcdef0123456789" });
    principal = await app.login("school.principal");
    canteenId = app.demo.demoCanteenId;
    gatewayToken = app.demo.demoGateway.deviceToken;
  });
  afterAll(() => app?.close());

  it("adds a device, hands it to the gateway with its password, never shows the password", async () => {
    const created = await app.call("POST", "/api/v1/gb28181/devices", { token: principal, body: { canteenId, deviceId: DEV, name: "后厨NVR", password: "nvr-pass-1234" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ deviceId: DEV, name: "后厨NVR", status: "unknown", channels: [] });
    expect(JSON.stringify(created.json)).not.toContain("nvr-pass-1234");
    const config = await app.call("GET", "/api/v1/gateway/config", { token: gatewayToken });
    expect(config.status, config.text).toBe(200);
    expect(config.json.gb28181Devices).toContainEqual({ deviceId: DEV, password: "nvr-pass-1234" });
  });

  it("refuses bad input with the envelope and duplicates with 409", async () => {
    const bad = await app.call("POST", "/api/v1/gb28181/devices", { token: principal, body: { canteenId, deviceId: "1234", name: "x", password: "p" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    const dup = await app.call("POST", "/api/v1/gb28181/devices", { token: principal, body: { canteenId, deviceId: DEV, name: "again", password: "p" } });
    expect(dup.status).toBe(409);
    const badReport = await app.call("POST", "/api/v1/gateway/gb28181", { token: gatewayToken, body: { deviceId: DEV, online: "yes" } });
    expect(badReport.status).toBe(400);
    const unknown = await app.call("POST", "/api/v1/gateway/gb28181", { token: gatewayToken, body: { deviceId: "34020000001320000099", online: true } });
    expect(unknown.status).toBe(404);
    const badSource = await app.call("POST", "/api/v1/cameras", { token: principal, body: { areaId: (await app.call("GET", `/api/v1/canteens/${canteenId}`, { token: principal })).json.areas[0].id, name: "坏", source: `gb28181:${DEV}` } });
    expect(badSource.status).toBe(400);
  });

  it("shows the gateway's report: online, the channels, and which channel is already a camera", async () => {
    const report = await app.call("POST", "/api/v1/gateway/gb28181", { token: gatewayToken, body: { deviceId: DEV, online: true, channels: [{ channelId: CH, name: "后厨一号", status: "ON" }] } });
    expect(report.status).toBe(200);
    const areaId = (await app.call("GET", `/api/v1/canteens/${canteenId}`, { token: principal })).json.areas[0].id;
    const cam = await app.call("POST", "/api/v1/cameras", { token: principal, body: { areaId, name: "后厨一号", source: `gb28181:${DEV}/${CH}`, gatewayId: app.demo.demoGateway.id } });
    expect(cam.status).toBe(201);
    const list = await app.call("GET", `/api/v1/gb28181/devices?canteenId=${canteenId}`, { token: principal });
    expect(list.json.items).toEqual([expect.objectContaining({ deviceId: DEV, status: "online", statusReason: null, channels: [{ channelId: CH, name: "后厨一号", status: "ON", cameraId: cam.json.id }] })]);
    await app.call("POST", "/api/v1/gateway/gb28181", { token: gatewayToken, body: { deviceId: DEV, online: false, reason: "3 keep-alives missed (interval 60 s)" } });
    const after = await app.call("GET", `/api/v1/gb28181/devices?canteenId=${canteenId}`, { token: principal });
    // the catalog stays while the device is away
    expect(after.json.items[0]).toMatchObject({ status: "offline", statusReason: "3 keep-alives missed (interval 60 s)", channels: [{ channelId: CH }] });
  });
});
