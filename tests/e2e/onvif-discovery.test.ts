/**
 * 发现摄像头 in Chromium (issue 17): the school's food-safety director, on the canteen page, asks the canteen's gateway
 * to look for cameras; the ONVIF simulator answers the probe; the director reads its profiles (a wrong password
 * first: said in words), picks one, names it and adds it; the camera shows in the canteen's list with its password
 * masked. Then the same panel on a phone. Real API, LiveKit, gateway process and simulator; screenshots for a person.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import { startLiveStack } from "./support/live.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/onvif-discovery";
const PASSWORD = "Kitchen@pw/42";
let sim: OnvifSim;
let stack: Awaited<ReturnType<typeof startLiveStack>>;

const shot = (page: Page, file: string) => {
  mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${file}.png`, fullPage: true });
};

beforeAll(async () => {
  sim = await startOnvifSim({ discovery: { address: "127.0.0.1", port: 0 }, name: "烹饪区云台", password: PASSWORD, fps: 2 });
  stack = await startLiveStack({
    gateway: true,
    cameras: 0,
    gatewayEnv: { GATEWAY_DETECT: "off", ONVIF_DISCOVERY: `127.0.0.1:${sim.discoveryPort}` },
    // the gateway decodes nothing here (a 2-core machine): discovery needs only its room and its heartbeats
    beforeGateway: async (server) => {
      const director = await server.login("school.director");
      const cams: Array<{ id: string; gatewayId: string | null }> = (await server.call("GET", `/api/v1/cameras?canteenId=${server.demo.canteenId}`, { token: director })).json.items;
      for (const c of cams) if (c.gatewayId) expect((await server.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await sim?.close().catch(() => {});
});

describe("发现摄像头 on the canteen page in Chromium", () => {
  it("finds the camera, says a wrong password in words, reads its profiles and adds one; the list masks its password", async () => {
    const { server } = stack;
    // discovery asks an online gateway (an offline one is a 503 said on the page): wait for its first heartbeat
    const token = await server.login("school.director");
    const deadline = Date.now() + 30_000;
    while ((await server.call("GET", `/api/v1/canteens/${stack.canteenId}`, { token })).json.gateway.state !== "online") {
      if (Date.now() > deadline) throw new Error("the gateway did not come online in 30 s");
      await new Promise((r) => setTimeout(r, 250));
    }
    const director = await stack.signIn("school.director");
    const page = director.page;
    await page.goto(`${server.url}/canteens/${stack.canteenId}`);
    await page.waitForSelector('[data-testid="onvif-panel"]');
    await page.click('[data-testid="onvif-discover"]');
    const device = await page.waitForSelector('[data-testid="onvif-device"]', { timeout: 30_000 });
    expect(await device.textContent()).toContain("烹饪区云台");
    await shot(page, "1-found-desktop");
    await page.click('[data-testid="onvif-choose"]');

    await page.fill('[data-testid="onvif-username"]', sim.username);
    await page.fill('[data-testid="onvif-password"]', "not-the-password");
    await page.click('[data-testid="onvif-read"]');
    const refused = await page.waitForSelector('[data-testid="onvif-profiles-failure"]', { timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await shot(page, "2-wrong-password-desktop");

    await page.fill('[data-testid="onvif-password"]', PASSWORD);
    await page.click('[data-testid="onvif-read"]');
    await page.waitForSelector('[data-testid="onvif-add"]', { timeout: 30_000 });
    await page.selectOption('[data-testid="onvif-profile"]', "main");
    await page.fill('[data-testid="onvif-name"]', "烹饪区云台(发现)");
    await shot(page, "3-profiles-desktop");
    await page.click('[data-testid="onvif-add-camera"]');
    await page.waitForSelector('[data-testid="onvif-added"]', { timeout: 15_000 });
    // the new camera is listed, its password masked in the page as in the API
    await page.waitForFunction(() => document.body.innerText.includes("烹饪区云台(发现)"));
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toContain(PASSWORD);
    await shot(page, "4-added-desktop");
    expect(director.problems).toEqual([]);
    await director.context.close();

    const phone = await stack.signIn("school.director", { viewport: { width: 390, height: 844 } });
    await phone.page.goto(`${server.url}/canteens/${stack.canteenId}`);
    await phone.page.click('[data-testid="onvif-discover"]');
    await phone.page.waitForSelector('[data-testid="onvif-device"]', { timeout: 30_000 });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone.page, "5-found-phone");
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 180_000);
});
