import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadGatewaySettings } from "../../media/gateway/config.ts";

const dir = mkdtempSync(join(tmpdir(), "mcll-gw-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noFont = () => null;

describe("gateway settings from the environment", () => {
  it("applies defaults", () => {
    const s = loadGatewaySettings({ API_URL: "http://127.0.0.1:8000", GATEWAY_TOKEN: "mcgw_abcdefgh" }, noFont);
    expect(s).toMatchObject({ apiUrl: "http://127.0.0.1:8000", ffmpeg: "ffmpeg", fps: 15, maxBitrate: 500_000, testWidth: 640, testHeight: 360, offlineAfterMs: 15_000, stallMs: 10_000, fontFile: null });
    expect(s.deviceToken()).toBe("mcgw_abcdefgh");
    expect(s.warnings.join()).toMatch(/no font/);
  });

  it("AI抓拍: detection on with the shared model by default, configurable, or off", () => {
    const base = { API_URL: "http://x", GATEWAY_TOKEN: "mcgw_abcdefgh" };
    const s = loadGatewaySettings(base, noFont);
    expect(s.detect).toEqual({ modelDir: expect.stringMatching(/\/shared\/models\/yolox-nano-coco$/), threads: 1, motionGate: true });
    expect(loadGatewaySettings({ ...base, GATEWAY_MOTION_GATE: "off" }, noFont).detect?.motionGate).toBe(false);
    expect(s.alertDir).toBe("./data/gateway-alerts");
    const file = join(dir, "gw-token.json");
    writeFileSync(file, JSON.stringify({ deviceToken: "mcgw_abcdefgh" }));
    expect(loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN_FILE: file }, noFont).alertDir).toBe(join(dir, "gateway-alerts")); // beside the token file
    expect(loadGatewaySettings({ ...base, MODEL_DIR: "/models/kitchen", DETECT_THREADS: "2", GATEWAY_ALERT_DIR: "/var/lib/mcll/alerts" }, noFont)).toMatchObject({ detect: { modelDir: "/models/kitchen", threads: 2 }, alertDir: "/var/lib/mcll/alerts" });
    expect(loadGatewaySettings({ ...base, GATEWAY_DETECT: "off" }, noFont).detect).toBeNull();
    expect(() => loadGatewaySettings({ ...base, GATEWAY_DETECT: "maybe", DETECT_THREADS: "0" }, noFont)).toThrow(/GATEWAY_DETECT must be on or off[\s\S]*DETECT_THREADS must be at least 1/);
  });

  it("samples unwatched cameras by default, live lingering 30 s; off decodes live all the time", () => {
    const base = { API_URL: "http://x", GATEWAY_TOKEN: "mcgw_abcdefgh" };
    expect(loadGatewaySettings(base, noFont).sampling).toEqual({ liveLingerMs: 30_000 });
    expect(loadGatewaySettings({ ...base, GATEWAY_LIVE_LINGER_S: "5" }, noFont).sampling).toEqual({ liveLingerMs: 5_000 });
    expect(loadGatewaySettings({ ...base, GATEWAY_SAMPLE_UNWATCHED: "off" }, noFont).sampling).toBeNull();
    expect(() => loadGatewaySettings({ ...base, GATEWAY_SAMPLE_UNWATCHED: "sometimes", GATEWAY_LIVE_LINGER_S: "0" }, noFont)).toThrow(
      /GATEWAY_SAMPLE_UNWATCHED must be on or off[\s\S]*GATEWAY_LIVE_LINGER_S must be at least 1/,
    );
  });

  it("names every problem", () => {
    expect(() => loadGatewaySettings({ API_URL: "ftp://x", GATEWAY_FPS: "0", GATEWAY_TEST_SIZE: "big" }, noFont)).toThrow(
      /API_URL must be an http\(s\) URL[\s\S]*GATEWAY_FPS must be at least 1[\s\S]*GATEWAY_TEST_SIZE must look like 640x360/,
    );
    expect(() => loadGatewaySettings({ API_URL: "http://x" }, noFont)).toThrow(/set GATEWAY_TOKEN .* or GATEWAY_TOKEN_FILE/);
    expect(() => loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN: "t", FONT_FILE: "/no/such/font.ttc" }, noFont)).toThrow(/FONT_FILE .* does not exist/);
  });

  it("the offline threshold defaults to 15 s, may be shortened (tests) but never set beyond the 90 s the platform promises", () => {
    const env = { API_URL: "http://x", GATEWAY_TOKEN: "mcgw_abcdefgh" };
    expect(loadGatewaySettings(env, noFont).offlineAfterMs).toBeLessThanOrEqual(90_000);
    expect(loadGatewaySettings({ ...env, GATEWAY_OFFLINE_AFTER_S: "4" }, noFont).offlineAfterMs).toBe(4_000);
    expect(loadGatewaySettings({ ...env, GATEWAY_OFFLINE_AFTER_S: "90" }, noFont).offlineAfterMs).toBe(90_000);
    expect(() => loadGatewaySettings({ ...env, GATEWAY_OFFLINE_AFTER_S: "91" }, noFont)).toThrow(/GATEWAY_OFFLINE_AFTER_S must be at most 90/);
  });

  it("reads the token file on every request, so a new token needs no restart", () => {
    const file = join(dir, "demo-gateway.json");
    writeFileSync(file, JSON.stringify({ canteenId: "cnt_x", deviceToken: "mcgw_first123" }));
    const s = loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN_FILE: file }, noFont);
    expect(s.deviceToken()).toBe("mcgw_first123");
    writeFileSync(file, JSON.stringify({ deviceToken: "mcgw_second12" }));
    expect(s.deviceToken()).toBe("mcgw_second12");
  });

  it("refuses a missing or malformed token file up front", () => {
    expect(() => loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN_FILE: join(dir, "missing.json") }, noFont)).toThrow(/cannot be read/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ token: "x" }));
    expect(() => loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN_FILE: bad }, noFont)).toThrow(/deviceToken/);
  });

  it("uses the font fontconfig found, and warns when it is not a CJK one", () => {
    expect(loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN: "t" }, () => ({ file: "/f.ttc", family: "Noto Sans CJK SC" }))).toMatchObject({ fontFile: "/f.ttc", warnings: [] });
    expect(loadGatewaySettings({ API_URL: "http://x", GATEWAY_TOKEN: "t" }, () => ({ file: "/d.ttf", family: "DejaVu Sans" })).warnings.join()).toMatch(/may lack Chinese/);
  });

  it("turns GB/T 28181 on with GB28181_SIP_PORT, with the standard's defaults, and names a bad value", () => {
    const env = { API_URL: "http://x", GATEWAY_TOKEN: "t" };
    expect(loadGatewaySettings(env, () => null).gb28181).toBeNull();
    expect(loadGatewaySettings({ ...env, GB28181_SIP_PORT: "5060", GB28181_HOST: "192.168.1.10" }, () => null).gb28181).toEqual({
      sipPort: 5060,
      advertisedHost: "192.168.1.10",
      bindHost: "0.0.0.0",
      platformId: "34020000002000000001",
      realm: "3402000000",
      keepaliveMs: 60_000,
      missedKeepalives: 3,
    });
    expect(() => loadGatewaySettings({ ...env, GB28181_SIP_PORT: "5060", GB28181_PLATFORM_ID: "123" }, () => null)).toThrow(/GB28181_PLATFORM_ID must be 20 digits/);
    expect(() => loadGatewaySettings({ ...env, GB28181_SIP_PORT: "70000" }, () => null)).toThrow(/GB28181_SIP_PORT/);
  });
});
