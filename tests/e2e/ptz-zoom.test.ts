/**
 * Issue 17's end-to-end test, in Chromium with everything real (API, LiveKit, the gateway process, ffmpeg, the ONVIF
 * camera simulator): the inspector takes PTZ control of the simulated ONVIF camera and pans it, and the principal's
 * picture moves (her <video> drawn to a canvas, before and after); the inspector zooms digitally into a region of a
 * camera whose source (2560x1440) is larger than the live track (≤ 1280x720), and the crop is the region's size in
 * source pixels — more than the track could give — and the source's own pixels there. Kept as evidence, the crop
 * opens for the principal too. Any uncaught page error or console error fails it. Screenshots desktop and phone.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import { cropOf } from "../../server/zoom/rules.ts";
import { openLive, startLiveStack, waitForMovingTiles } from "./support/live.ts";
import { setupOnce } from "./support/setup.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/zoom) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/zoom";
/** the zoomed camera's picture: ZOOM_PHOTO (any JPEG larger than 1280x720), else a 2560x1440 test pattern made here */
const SOURCE = { width: 2560, height: 1440 };

const tile = (cameraId: string) => `[data-testid="camera-tile"][data-camera-id="${cameraId}"]`;

/** A 32x18 grey fingerprint of what a camera's <video> shows now, drawn to a canvas in the page. */
const fingerprint = (page: Page, cameraId: string) =>
  page.evaluate((sel) => {
    const v = document.querySelector<HTMLVideoElement>(`${sel} video`)!;
    const c = document.createElement("canvas");
    c.width = 32;
    c.height = 18;
    const g = c.getContext("2d", { willReadFrequently: true })!;
    g.drawImage(v, 0, 0, 32, 18);
    const d = g.getImageData(0, 0, 32, 18).data;
    return Array.from({ length: 32 * 18 }, (_, i) => Math.round((d[i * 4]! + d[i * 4 + 1]! + d[i * 4 + 2]!) / 3));
  }, tile(cameraId));
const distance = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

/** Drags over the fraction `r` of the enlarged camera's picture (the letterbox bars left out), as a mouse does. */
async function dragRegion(page: Page, cameraId: string, r: { x: number; y: number; w: number; h: number }) {
  // the picture's box once the layout has settled (an enlarged tile, a panel appearing above it): two frames alike
  const read = () =>
    page.evaluate(
      (sel) =>
        new Promise<{ left: number; top: number; width: number; height: number; track: { width: number; height: number } }>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const v = document.querySelector<HTMLVideoElement>(`${sel} video`)!;
              const b = v.getBoundingClientRect();
              const s = Math.min(b.width / v.videoWidth, b.height / v.videoHeight);
              resolve({ left: b.left + (b.width - v.videoWidth * s) / 2, top: b.top + (b.height - v.videoHeight * s) / 2, width: v.videoWidth * s, height: v.videoHeight * s, track: { width: v.videoWidth, height: v.videoHeight } });
            }),
          ),
        ),
      tile(cameraId),
    );
  let box = await read();
  for (let next = await read(); JSON.stringify(next) !== JSON.stringify(box); next = await read()) box = next;
  await page.mouse.move(box.left + r.x * box.width, box.top + r.y * box.height);
  await page.mouse.down();
  await page.mouse.move(box.left + (r.x + r.w / 2) * box.width, box.top + (r.y + r.h / 2) * box.height, { steps: 3 });
  await page.mouse.move(box.left + (r.x + r.w) * box.width, box.top + (r.y + r.h) * box.height, { steps: 3 });
  await page.mouse.up();
  return box.track;
}

describe("PTZ and digital zoom in the live room (issue 17)", () => {
  let sim: OnvifSim | null = null;
  let dir = "";
  let photo = "";
  const ids = { onvif: "", photo: "" };
  const live = setupOnce(
    async () => {
      mkdirSync(SHOTS, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), "mcll-zoom-e2e-"));
      photo = process.env.ZOOM_PHOTO ?? join(dir, "shelf.jpg");
      if (!process.env.ZOOM_PHOTO) execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${SOURCE.width}x${SOURCE.height}`, "-frames:v", "1", "-q:v", "2", photo]);
      sim = await startOnvifSim({ discovery: false, fps: 5, password: "s3cret-pw" });
      return startLiveStack({
        gateway: true,
        cameras: 2,
        gatewayEnv: { GATEWAY_FPS: "5", GATEWAY_DETECT: "off", GATEWAY_MAX_BITRATE: "600000" },
        // the gateway decodes only these two (a 2-core machine): the ONVIF camera and the high-resolution one
        beforeGateway: async (server) => {
          const director = await server.login("school.director");
          const cams: Array<{ id: string; gatewayId: string | null; areaId: string }> = (await server.call("GET", `/api/v1/cameras?canteenId=${server.demo.canteenId}`, { token: director })).json.items;
          for (const c of cams) if (c.gatewayId) await server.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } });
          const add = async (body: object) => {
            const res = await server.call("POST", "/api/v1/cameras", { token: director, body: { areaId: cams[0]!.areaId, gatewayId: server.demo.gatewayId, ...body } });
            if (res.status !== 201) throw new Error(`could not add a camera: ${res.text}`);
            return res.json.id as string;
          };
          ids.onvif = await add({ name: "烹饪区云台", source: `onvif://admin:s3cret-pw@${new URL(sim!.baseUrl).host}/onvif/device_service?profile=sub`, ptz: true });
          ids.photo = await add({ name: "留样柜特写", source: photo });
        },
      });
    },
    async (stack) => {
      await stack.close();
      await sim?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it("the inspector pans the ONVIF camera and the principal's picture moves; the inspector's zoom is the source's own pixels", async () => {
    const stack = live();
    const inspector = await stack.signIn("echeng.inspector");
    const principal = await stack.signIn("school.principal");
    await Promise.all([openLive(inspector, stack.server.url, stack.canteenId), openLive(principal, stack.server.url, stack.canteenId)]);
    await Promise.all([waitForMovingTiles(inspector.page, 2, 3), waitForMovingTiles(principal.page, 2, 3)]);

    // PTZ: the inspector takes control and holds 右转 until the camera has turned; the principal's picture moves
    const before = await fingerprint(principal.page, ids.onvif);
    const panel = inspector.page.locator(`[data-testid="ptz-panel"][data-camera-id="${ids.onvif}"]`);
    await panel.locator('[data-testid="ptz-take"]').click();
    await panel.locator('[data-testid="ptz-holder"]', { hasText: "您正在控制" }).waitFor({ timeout: 15_000 });
    await principal.page.locator(`[data-testid="ptz-panel"][data-camera-id="${ids.onvif}"] [data-testid="ptz-holder"][data-rank="regulator"]`).waitFor({ timeout: 15_000 });
    const right = panel.locator('[data-testid="ptz-right"]');
    await right.dispatchEvent("pointerdown");
    await expect.poll(() => sim!.position().pan, { timeout: 15_000 }).toBeGreaterThan(0.3);
    await right.dispatchEvent("pointerup");
    await expect.poll(() => sim!.moving().panTilt, { timeout: 15_000 }).toBe(false);
    await expect.poll(async () => distance(before, await fingerprint(principal.page, ids.onvif)), { timeout: 20_000, interval: 250 }).toBeGreaterThan(8);

    // 数字变焦 on the 2560x1440 camera: a quarter of the picture's width
    await inspector.page.click(tile(ids.photo));
    await inspector.page.click(`${tile(ids.photo)} [data-testid="zoom-start"]`);
    await inspector.page.waitForSelector(`${tile(ids.photo)} [data-testid="zoom-draw"]`);
    const asked = inspector.page.waitForResponse((r) => r.url().endsWith(`/api/v1/cameras/${ids.photo}/zoom`) && r.request().method() === "POST");
    const track = await dragRegion(inspector.page, ids.photo, { x: 0.3, y: 0.35, w: 0.25, h: 0.3 });
    const request = (await asked).request().postDataJSON() as { x: number; y: number; w: number; h: number };
    const crop = cropOf(request, SOURCE);
    const shown = await inspector.page.waitForSelector(`${tile(ids.photo)} [data-testid="zoom-panel"]`, { timeout: 30_000 });
    expect([Number(await shown.getAttribute("data-width")), Number(await shown.getAttribute("data-height"))]).toEqual([crop.width, crop.height]);
    expect(crop.width).toBeGreaterThan(600);
    // more pixels than the live track has for the same region
    expect(crop.width).toBeGreaterThanOrEqual(1.9 * request.w * track.width);
    const natural = await inspector.page.waitForFunction((sel) => {
      const img = document.querySelector<HTMLImageElement>(`${sel} [data-testid="zoom-image"]`);
      return img?.complete && img.naturalWidth ? [img.naturalWidth, img.naturalHeight] : null;
    }, tile(ids.photo));
    expect(await natural.jsonValue()).toEqual([crop.width, crop.height]);
    expect(await inspector.page.textContent(`${tile(ids.photo)} [data-testid="zoom-size"]`)).toContain(`原始分辨率 ${crop.width}×${crop.height}`);

    // the crop is the source's own pixels there, not an enlargement of the stream
    const src = await inspector.page.getAttribute(`${tile(ids.photo)} [data-testid="zoom-image"]`, "src");
    const body = await (await inspector.context.request.get(`${stack.server.url}${src}`)).body();
    const got = jpeg.decode(body, { useTArray: true });
    const full = jpeg.decode(readFileSync(photo), { useTArray: true, maxMemoryUsageInMB: 1024 });
    let diff = 0;
    let n = 0;
    for (let y = 0; y < got.height; y += 4)
      for (let x = 0; x < got.width; x += 4) {
        diff += Math.abs(got.data[(y * got.width + x) * 4]! - full.data[((crop.y + y) * full.width + crop.x + x) * 4]!);
        n++;
      }
    expect(diff / n).toBeLessThan(8);
    await inspector.page.screenshot({ path: `${SHOTS}/1-inspector-zoom-desktop.png`, fullPage: true });

    // kept as evidence: a snapshot the principal's page opens too
    await inspector.page.click(`${tile(ids.photo)} [data-testid="zoom-save"]`);
    await inspector.page.waitForSelector(`${tile(ids.photo)} [data-testid="zoom-saved"]`);
    await principal.page.waitForSelector('[data-testid="snapshot-viewer"][data-loaded="true"]', { timeout: 20_000 });
    await principal.page.screenshot({ path: `${SHOTS}/2-principal-sees-evidence-desktop.png`, fullPage: true });

    expect(inspector.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await Promise.all([inspector.context.close(), principal.context.close()]);
  }, 240_000);

  it("zooms on a 390x844 phone with a finger", async () => {
    const stack = live();
    const phone = await stack.signIn("echeng.inspector", { viewport: { width: 390, height: 844 } });
    await openLive(phone, stack.server.url, stack.canteenId);
    // on a phone the tiles below the fold are not watched (adaptive stream): the zoomed camera is brought into view
    await phone.page.locator(tile(ids.photo)).scrollIntoViewIfNeeded();
    await waitForMovingTiles(phone.page, 1, 2, tile(ids.photo));
    await phone.page.click(tile(ids.photo));
    await phone.page.click(`${tile(ids.photo)} [data-testid="zoom-start"]`);
    await phone.page.waitForSelector(`${tile(ids.photo)} [data-testid="zoom-draw"]`);
    await phone.page.screenshot({ path: `${SHOTS}/3-phone-drawing.png`, fullPage: true });
    const asked = phone.page.waitForResponse((r) => r.url().endsWith(`/api/v1/cameras/${ids.photo}/zoom`) && r.request().method() === "POST");
    await dragRegion(phone.page, ids.photo, { x: 0.1, y: 0.1, w: 0.4, h: 0.4 });
    const crop = cropOf((await asked).request().postDataJSON(), SOURCE);
    await phone.page.waitForSelector(`${tile(ids.photo)} [data-testid="zoom-panel"]`, { timeout: 30_000 });
    expect(crop.width).toBeGreaterThan(1000);
    expect(await phone.page.textContent(`${tile(ids.photo)} [data-testid="zoom-size"]`)).toContain(`原始分辨率 ${crop.width}×${crop.height}`);
    await phone.page.screenshot({ path: `${SHOTS}/4-phone-zoom.png`, fullPage: true });
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 120_000);
});
