/**
 * 数字变焦 (issue 17) through the real API and the gateway's real crop (ffmpeg): a 2560x1440 photo camera is zoomed
 * into; the gateway's JPEG is exactly the region in source pixels (twice what the 1280x720 live track could show) and
 * matches the photo there; it is kept as evidence. Bad regions 400, an offline gateway 503 with its reason, scope
 * 404/403, a wrong or late upload 409/415, a source that changed size or cannot be opened twice fails clearly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import jpeg from "jpeg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cameras, gateways } from "../../db/schema/index.ts";
import { DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { ZoomDriver, type ZoomOutcome } from "../../media/gateway/zoom.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { imageForm, tinyJpeg } from "../support/images.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const SOURCE = { width: 2560, height: 1440 };
let t: TestApp;
let dir: string;
let photo: string;
let cameraId: string;
let clock = Date.now();
let inspector: string;
const log = { info: () => {}, warn: () => {}, error: () => {} };
const driver = new ZoomDriver({ ffmpeg: process.env.FFMPEG ?? "ffmpeg", decode: { ...DEFAULT_DECODE, fontFile: null }, log, report: async () => undefined });
const camera = (source: string): GatewayCamera => ({ id: cameraId, name: "留样柜特写", source }) as GatewayCamera;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mcll-zoom-"));
  photo = join(dir, "shelf.jpg");
  // a picture with detail everywhere (a test pattern) larger than the live track
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${SOURCE.width}x${SOURCE.height}`, "-frames:v", "1", "-q:v", "2", photo]);
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "zoom", LIVEKIT_API_SECRET: "zoom-secret-zoom-secret-zoom-secret" }, { now: () => clock });
  const [cam] = await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id));
  cameraId = cam!.id;
  await t.db.update(cameras).set({ source: photo, status: "online", sourceWidth: SOURCE.width, sourceHeight: SOURCE.height }).where(eq(cameras.id, cameraId));
  await t.db.update(gateways).set({ lastSeenAt: clock }).where(eq(gateways.id, t.demo.demoGateway.id));
  inspector = await t.login("echeng.inspector");
}, 60_000);
afterAll(() => {
  t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const zoom = (body: unknown, token = inspector) => t.call("POST", `/api/v1/cameras/${cameraId}/zoom`, { token, body });
const upload = (id: string, bytes: Uint8Array, token = t.demo.demoGateway.deviceToken) => t.call("POST", `/api/v1/gateway/zooms/${id}`, { token, form: imageForm("file", [bytes]) });

describe("a digital zoom", () => {
  it("is cropped by the gateway from the source at full resolution and kept as evidence", async () => {
    const asked = await zoom({ x: 0.1, y: 0.2, w: 0.3, h: 0.25 });
    expect(asked.status).toBe(202);
    expect(asked.json).toMatchObject({ status: "pending", source: SOURCE, crop: { x: 256, y: 288, width: 768, height: 360 }, imageUrl: null });

    const outcome = (await driver.crop(camera(photo), asked.json)) as Extract<ZoomOutcome, { ok: true }>;
    expect(outcome.ok).toBe(true);
    const crop = jpeg.decode(outcome.jpeg, { useTArray: true });
    // twice the pixels the 1280x720 live track has for the same region
    expect([crop.width, crop.height]).toEqual([768, 360]);
    const full = jpeg.decode(readFileSync(photo), { useTArray: true });
    let diff = 0;
    let n = 0;
    for (let y = 0; y < 360; y += 3)
      for (let x = 0; x < 768; x += 3) {
        const a = (y * 768 + x) * 4;
        const b = ((288 + y) * full.width + 256 + x) * 4;
        diff += Math.abs(crop.data[a]! - full.data[b]!) + Math.abs(crop.data[a + 1]! - full.data[b + 1]!);
        n += 2;
      }
    expect(diff / n).toBeLessThan(6); // the same pixels (JPEG re-encoding aside), not a blurred enlargement

    expect((await upload(asked.json.id, outcome.jpeg)).status).toBe(200);
    const ready = await t.call("GET", `/api/v1/zooms/${asked.json.id}`, { token: inspector });
    expect(ready.json).toMatchObject({ status: "ready", imageUrl: `/api/v1/zooms/${asked.json.id}/image`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const image = await t.call("GET", ready.json.imageUrl, { token: inspector });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    // answered once: a second upload is refused, the first crop stays
    expect((await upload(asked.json.id, outcome.jpeg)).json.error.code).toBe("conflict");

    const saved = await t.call("POST", `/api/v1/zooms/${asked.json.id}/snapshot`, { token: inspector });
    expect(saved.status).toBe(201);
    expect(saved.json).toMatchObject({ cameraId, width: 768, height: 360, sha256: ready.json.sha256 });
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["zoom.request", "snapshot.take"]));
  });

  it("refuses a region outside the picture or too small (400), out of scope (404), for parents (403)", async () => {
    const outside = await zoom({ x: 0.8, y: 0, w: 0.3, h: 0.5 });
    expect(outside.status).toBe(400);
    expect(outside.json.error.message).toBe("所选区域超出画面");
    const small = await zoom({ x: 0.5, y: 0.5, w: 0.005, h: 0.2 });
    expect(small.status).toBe(400);
    expect(small.json.error.message).toContain("太小");
    expect((await zoom({ x: 0, y: 0, w: 0.5 })).status).toBe(400);
    expect((await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 }, await t.login("school.parent"))).status).toBe(403);
    expect((await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 }, await t.login("huarong.inspector"))).status).toBe(404);
  });

  it("answers 503 with the reason when the gateway is offline or the camera on none", async () => {
    await t.db.update(gateways).set({ lastSeenAt: clock - 10 * 60_000 }).where(eq(gateways.id, t.demo.demoGateway.id));
    const offline = await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 });
    expect(offline.status).toBe(503);
    expect(offline.json.error.message).toContain("网关离线");
    await t.db.update(gateways).set({ lastSeenAt: clock }).where(eq(gateways.id, t.demo.demoGateway.id));
    await t.db.update(cameras).set({ status: "offline" }).where(eq(cameras.id, cameraId));
    expect((await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 })).json.error.message).toContain("摄像头离线");
    await t.db.update(cameras).set({ status: "online" }).where(eq(cameras.id, cameraId));
  });

  it("takes only its own gateway's upload of the crop's exact size, as a JPEG, before the timeout", async () => {
    const asked = (await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 })).json;
    expect((await upload(asked.id, tinyJpeg(64, 48))).json.error.details[0].message).toContain("expected 1280x720");
    expect((await t.call("POST", `/api/v1/gateway/zooms/${asked.id}`, { token: t.demo.demoGateway.deviceToken, form: imageForm("file", [new TextEncoder().encode("not a picture")]) })).status).toBe(415);
    const other = t.demo.gateways.find((g) => g.gatewayId !== t.demo.demoGateway.id)!;
    expect((await upload(asked.id, tinyJpeg(64, 48), other.deviceToken)).status).toBe(404);
    expect((await upload(asked.id, tinyJpeg(64, 48), "not-a-device-token")).status).toBe(401);
    clock += 21_000;
    const late = await t.call("GET", `/api/v1/zooms/${asked.id}`, { token: inspector });
    expect(late.json).toMatchObject({ status: "failed", error: expect.stringContaining("did not answer") });
    expect((await t.call("POST", `/api/v1/gateway/zooms/${asked.id}/failed`, { token: t.demo.demoGateway.deviceToken, body: { error: "late" } })).status).toBe(409);
    expect((await t.call("POST", `/api/v1/zooms/${asked.id}/snapshot`, { token: inspector })).status).toBe(409);
    await t.db.update(gateways).set({ lastSeenAt: clock }).where(eq(gateways.id, t.demo.demoGateway.id));
  });

  it("reports the gateway's failure to the requester's record", async () => {
    const asked = (await zoom({ x: 0, y: 0, w: 0.5, h: 0.5 })).json;
    expect((await t.call("POST", `/api/v1/gateway/zooms/${asked.id}/failed`, { token: t.demo.demoGateway.deviceToken, body: { error: "留样柜特写: camera unreachable" } })).status).toBe(200);
    expect((await t.call("GET", `/api/v1/zooms/${asked.id}`, { token: inspector })).json).toMatchObject({ status: "failed", error: "留样柜特写: camera unreachable", imageUrl: null });
    expect((await t.call("POST", `/api/v1/gateway/zooms/${asked.id}/failed`, { token: t.demo.demoGateway.deviceToken, body: {} })).status).toBe(400);
  });
});

describe("the gateway's crop", () => {
  const crop = { x: 0, y: 0, width: 64, height: 64 };
  it("fails clearly when the source changed size since the API computed the crop", async () => {
    const r = await driver.crop(camera(photo), { source: { width: 1920, height: 1080 }, crop });
    expect(r).toEqual({ ok: false, error: "留样柜特写: the source is now 2560x1440, not 1920x1080: zoom again" });
  });
  it("crops a test: source and says why for a source it cannot open or open twice", async () => {
    const ok = await driver.crop(camera("test:冷库"), { source: { width: 640, height: 360 }, crop: { x: 600, y: 300, width: 40, height: 60 } });
    expect(ok.ok && jpeg.decode(ok.jpeg).width).toBe(40);
    expect(await driver.crop(camera(join(dir, "missing.jpg")), { source: SOURCE, crop })).toMatchObject({ ok: false, error: expect.stringMatching(/^留样柜特写: .*No such file/) });
    expect(await driver.crop(camera("gb28181:34020000001320000001/34020000001310000001"), { source: SOURCE, crop })).toMatchObject({ ok: false, error: expect.stringContaining("GB/T 28181") });
  });
});
