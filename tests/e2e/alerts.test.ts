import { mkdtempSync, rmSync } from "node:fs";
import { RoomServiceClient } from "livekit-server-sdk";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tinyJpeg } from "../support/images.ts";
import { startGateway } from "./support/gateway.ts";
import { startLiveStack } from "./support/live.ts";
import { setupOnce } from "./support/setup.ts";

/**
 * AI抓拍 end to end, every part real: the demo's AI camera (a file source showing the licensed photo of a
 * cook, its storeroom override making any person an after-hours intrusion) goes through ffmpeg, the
 * gateway's YOLOX detector and rules, the API and LiveKit into the inspector's open inbox — no reload; the
 * principal disposes of it with a photo, and the inspector verifies it, each seeing the other's step live.
 */
describe("AI alerts in Chromium", () => {
  const stack = setupOnce(() => startLiveStack({ gateway: false, aiCamera: true }), (s) => s.close());

  it("an after-hours person on the AI camera appears live in the inspector's inbox, is disposed of by the principal and verified", async () => {
    const s = stack();
    const inspector = await s.signIn("echeng.inspector");
    // the principal works on a phone
    const principal = await s.signIn("school.principal", { viewport: { width: 390, height: 844 } });
    for (const user of [inspector, principal]) {
      await user.page.goto(`${s.server.url}/alerts`);
      await user.page.waitForSelector('[data-testid="alerts-feed"][data-state="connected"]', { timeout: 30_000 });
      // a marker that a reload would wipe out
      await user.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    }
    expect(await inspector.page.locator('[data-testid="alert-card"]').count()).toBe(0);

    // only now does the gateway start: whatever shows up came over the ops room
    const alertDir = mkdtempSync(join(tmpdir(), "mcll-e2e-alerts-"));
    const gateway = await startGateway({ apiUrl: s.server.url, tokenFile: s.server.gatewayTokenFile, cameras: 8, env: { GATEWAY_ALERT_DIR: alertDir } });
    try {
      const card = await inspector.page.waitForSelector('[data-testid="alert-card"][data-status="new"]', { timeout: 60_000 });
      const alertId = (await card.getAttribute("data-alert-id"))!;
      expect(await card.textContent()).toContain("非工作时间人员闯入");
      expect(await card.textContent()).toContain("库房-AI抓拍演示");
      expect(await inspector.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

      // the inspector opens it: the snapshot with the person boxed, and the way to the live camera
      await card.click();
      await inspector.page.waitForSelector('[data-testid="alert-panel"] [data-testid="alert-snapshot"] img');
      expect(await inspector.page.locator('[data-testid="alert-box"]').count()).toBeGreaterThan(0);
      expect(await inspector.page.getAttribute('[data-testid="alert-live-link"]', "href")).toMatch(new RegExp(`^/live/${s.canteenId}\\?camera=cam_`));
      const loaded = await inspector.page.evaluate(() => (document.querySelector('[data-testid="alert-snapshot"] img') as HTMLImageElement).naturalWidth);
      expect(loaded).toBeGreaterThan(100);
      // a regulator cannot dispose; it is not disposed yet, so it cannot be verified either
      expect(await inspector.page.locator('[data-testid="alert-acknowledge"], [data-testid="alert-verify"]').count()).toBe(0);

      // the principal (whose page was open as well) acknowledges and disposes with a photo
      const pcard = await principal.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"]`, { timeout: 20_000 });
      await pcard.click();
      // on the phone the opened alert comes first, above the list, and fits the screen's width
      const [panelBox, listBox] = await Promise.all([principal.page.locator('[data-testid="alert-panel"]').boundingBox(), principal.page.locator('[data-testid="alert-list"]').boundingBox()]);
      expect(panelBox!.y).toBeLessThan(listBox!.y);
      expect(await principal.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await principal.page.click('[data-testid="alert-acknowledge"]');
      await principal.page.waitForSelector('[data-testid="alert-dispose"]');
      await principal.page.fill('[data-testid="alert-note"]', "已核实为夜间违规进入库房，已将人员请离并更换门锁");
      await principal.page.setInputFiles('[data-testid="alert-photo"]', { name: "lock.jpg", mimeType: "image/jpeg", buffer: Buffer.from(tinyJpeg(64, 48, [30, 120, 200])) });
      await principal.page.click('[data-testid="alert-dispose"]');
      await principal.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"][data-status="disposed"]`);

      // the inspector sees the disposal arrive live, with the photo, and verifies
      await inspector.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"][data-status="disposed"]`, { timeout: 20_000 });
      await inspector.page.waitForSelector('[data-testid="alert-events"] li[data-action="disposed"] img');
      expect(await inspector.page.textContent('[data-testid="alert-events"]')).toContain("已将人员请离并更换门锁");
      await inspector.page.click('[data-testid="alert-verify"]');
      await inspector.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"][data-status="verified"]`);
      await principal.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"][data-status="verified"]`, { timeout: 20_000 });
      expect(await principal.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

      const detail = await (await inspector.context.request.get(`${s.server.url}/api/v1/alerts/${alertId}`)).json();
      expect(detail.events.map((e: { action: string }) => e.action)).toEqual(["raised", "acknowledged", "disposed", "verified"]);
      expect(inspector.problems.filter((p) => !/livekit|websocket/i.test(p))).toEqual([]);
      expect(principal.problems.filter((p) => !/livekit|websocket/i.test(p))).toEqual([]);
    } finally {
      await gateway.stop();
      rmSync(alertDir, { recursive: true, force: true });
    }
  }, 240_000);

  it("an inbox that lost its ops-room connection reconnects and fetches what it missed, without a reload", async () => {
    const s = stack();
    const inspector = await s.signIn("echeng.inspector");
    await inspector.page.goto(`${s.server.url}/alerts`);
    await inspector.page.waitForSelector('[data-testid="alerts-feed"][data-state="connected"]', { timeout: 30_000 });
    await inspector.page.evaluate(() => {
      const w = window as unknown as { __sameDocument: boolean; __feedStates: string[] };
      w.__sameDocument = true;
      w.__feedStates = [];
      const badge = document.querySelector('[data-testid="alerts-feed"]')!;
      new MutationObserver(() => w.__feedStates.push(badge.getAttribute("data-state")!)).observe(badge, { attributes: true });
    });
    const identity = await inspector.page.evaluate(() => (window as unknown as { __alerts: { rooms: () => Array<{ localParticipant: { identity: string } }> } }).__alerts.rooms()[0]!.localParticipant.identity);

    // LiveKit drops the inbox from its room; while it is away, a gateway reports an alert
    const lk = s.server.livekit;
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, "http"), lk.apiKey, lk.apiSecret);
    await rooms.removeParticipant("ops:420704", identity);
    const { deviceToken, gatewayId } = s.server.demo;
    const cams = (await (await inspector.context.request.get(`${s.server.url}/api/v1/cameras?canteenId=${s.canteenId}`)).json()) as { items: Array<{ id: string; gatewayId: string }> };
    const res = await s.server.call("POST", "/api/v1/gateway/alerts", {
      token: deviceToken,
      body: { idempotencyKey: `e2e-missed-${Date.now()}`, cameraId: cams.items.find((c) => c.gatewayId === gatewayId)!.id, type: "smoking", confidence: 0.77, boxes: [], occurredAt: new Date().toISOString(), snapshotJpegBase64: Buffer.from(tinyJpeg()).toString("base64") },
    });
    expect(res.status).toBe(201);
    const { alertId } = res.json as { alertId: string };

    await inspector.page.waitForSelector(`[data-testid="alert-card"][data-alert-id="${alertId}"]`, { timeout: 30_000 });
    await inspector.page.waitForSelector('[data-testid="alerts-feed"][data-state="connected"]');
    const w = await inspector.page.evaluate(() => {
      const x = window as unknown as { __sameDocument?: boolean; __feedStates: string[] };
      return { __sameDocument: x.__sameDocument, __feedStates: x.__feedStates };
    });
    expect(w.__sameDocument).toBe(true);
    expect(w.__feedStates).toContain("reconnecting");
  }, 120_000);
});
