import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { apiRecordPlane } from "../../media/record/api.ts";
import { Recording } from "../../media/record/recording.ts";
import { launchChromium } from "./support/browser.ts";
import { type Stack, startStack } from "../support/stack.ts";
import { setupOnce } from "./support/setup.ts";

const SHOTS = process.env.RECORD_SHOTS_DIR;

/**
 * A camera's recording timeline in Chromium (issue 19, item 4): the demo gateway's recorder (real ffmpeg) records a
 * camera, is killed mid-segment and records again; its anchors reach the API; the principal opens the camera from
 * the canteen page and sees the day's recorded share, the recorded spans and the gap with its reason; ← goes to the
 * day before, which has nothing recorded. Desktop and phone; no uncaught page error.
 */
describe("recording timeline in Chromium", () => {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: "e2e-record", client: true, aiCamera: false });
      try {
        const list = await server.call("GET", `/api/v1/cameras?canteenId=${server.demo.canteenId}`, { token: await server.login("school.principal") });
        const camera = { ...(list.json.items as Array<{ id: string; name: string }>)[0]!, canteenId: server.demo.canteenId };
        const plane = apiRecordPlane({ apiUrl: server.url, deviceToken: () => server.demo.deviceToken });
        const o = { dir: join(server.dir, "recordings"), ffmpeg: "ffmpeg", segmentSeconds: 1, fps: 5, maxBitrate: 150_000, decode: { fps: 5, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 160, testHeight: 96 }, retentionDays: 7, maxBytes: 1e9, log: silentLogger };
        const segments = (rec: Recording, n: number) => new Promise<void>((resolve) => rec.on("link", (_id, l) => l.kind === "segment" && --n === 0 && resolve()));
        const first = new Recording(plane, o);
        await first.setCameras([{ id: camera.id, name: camera.name, source: "test:timeline" }]);
        await segments(first, 2);
        await first.recorders.get(camera.id)!.kill();
        const second = new Recording(plane, o);
        await second.setCameras([{ id: camera.id, name: camera.name, source: "test:timeline" }]);
        await segments(second, 2);
        await second.stop(5000);
        // an online patrol of the canteen today: a marker on the principal's timeline
        const patrol = await server.call("POST", "/api/v1/inspections", { token: await server.login("echeng.inspector"), body: { canteenId: camera.canteenId, kind: "online_patrol" } });
        expect(patrol.status).toBe(201);
        return { server, camera, browser: await launchChromium() };
      } catch (error) {
        await server.close();
        throw error;
      }
    },
    async ({ server, browser }: { server: Stack; browser: Browser }) => {
      await browser.close();
      await server.close();
    },
  );

  for (const phone of [false, true]) {
    it(`the principal reads the day's recorded share and the gap's reason (${phone ? "phone" : "desktop"})`, async () => {
      const { server, camera, browser } = env();
      const context = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 } });
      expect((await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username: "school.principal", password: DEMO_PASSWORD } })).ok()).toBe(true);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      await page.goto(`${server.url}/canteens/${camera.canteenId}`);
      await page.locator(`[data-camera-id="${camera.id}"] [data-testid="camera-recordings"]`).click();
      const share = page.locator('[data-testid="record-share"]');
      await share.waitFor();
      expect(await share.textContent()).toMatch(/录像完整率 \d+\.\d%/);
      expect(await page.locator('[data-testid="record-span"]').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('[data-testid="record-video"][data-playable="true"]').textContent()).toBe("视频编码 H264，160×96");
      expect(await page.locator('[data-testid="record-gap"]').first().textContent()).toContain("网关异常停止");
      expect(await page.locator('[data-testid="record-marker"][data-kind="inspection"]').first().textContent()).toContain("检查 · ");
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, `timeline-${phone ? "phone" : "desktop"}.png`), fullPage: true });
      }
      if (!phone) {
        await page.keyboard.press("ArrowLeft");
        await page.waitForURL(/day=\d{4}-\d{2}-\d{2}/);
        expect(await page.locator('[data-testid="record-no-gaps"]').textContent()).toBe("当日没有录像");
        if (SHOTS) await page.screenshot({ path: join(SHOTS, "timeline-empty-day.png"), fullPage: true });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
