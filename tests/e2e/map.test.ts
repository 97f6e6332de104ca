import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoBrowser, PHONE } from "./support/demo-browser.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/map) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/map";
const DESKTOP = { width: 1280, height: 800 };

/**
 * 食安地图 (issue 16, item 7) end to end in Chromium, on a desktop and on a phone: the city admin opens the map from
 * the overview, sees 鄂州市's schools (clusters or points, every one counted), zooms into a cluster, clicks a school
 * and reaches its file (一户一档) and from there its canteen's live room; on the phone the popup's 实时查看 opens the
 * live room in one click (应急指挥调度); the district inspector's map opens at 鄂城区. Any uncaught page error fails.
 */
describe("the food-safety map", () => {
  const { env, signIn, shot: shotOf } = demoBrowser("map", SHOTS);
  const shot = (page: Page, name: string) => shotOf(page, name, false);
  const renders = async (page: Page) => Number(await page.getAttribute('[data-testid="map-page"]', "data-renders"));
  /** the schools on screen: each school drawn alone, plus each cluster's count */
  const shown = (page: Page) =>
    page.evaluate(() => {
      const counts = [...document.querySelectorAll<HTMLElement>('[data-testid="map-cluster"]')].map((b) => Number(b.dataset.count));
      return counts.reduce((a, b) => a + b, 0) + document.querySelectorAll('[data-testid="map-school"]').length;
    });

  /**
   * zooms into clusters until a school stands alone, clicks it, and follows the popup to its file, or (`live`) in
   * one click to its live room (应急指挥调度: see the school and talk to it at once)
   */
  async function openASchool(page: Page, name: string, via: "file" | "live" = "file") {
    // the layer draws a margin beyond the view: only what is inside the map's box can be clicked
    const onScreen = (kind: string) =>
      page.evaluate((k) => {
        const view = document.querySelector('[data-testid="map-view"]')!.getBoundingClientRect();
        return [...document.querySelectorAll<HTMLElement>(`[data-testid="${k}"]`)].findIndex((b) => {
          const r = b.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          return x > view.left + 30 && x < view.right - 30 && y > view.top + 30 && y < view.bottom - 30;
        });
      }, kind);
    for (let i = 0; i < 12 && (await onScreen("map-school")) < 0; i++) {
      const before = await renders(page);
      await page.locator('[data-testid="map-cluster"]').nth(await onScreen("map-cluster")).click();
      await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid="map-page"]')?.dataset.renders) > n, before);
    }
    const school = page.locator('[data-testid="map-school"]').nth(await onScreen("map-school"));
    const id = await school.getAttribute("data-id");
    await school.click();
    await page.waitForSelector('[data-testid="map-popup"]');
    await page.waitForTimeout(400); // the popup's fade-in, for the screenshot
    await shot(page, `${name}-popup`);
    const schoolName = await page.textContent(".map-popup-name");
    expect(await page.getAttribute('[data-testid="map-popup-live"]', "href")).toBe(`/live/org/${id}`);
    if (via === "live") {
      await page.click('[data-testid="map-popup-live"]');
      await page.waitForSelector('[data-testid="live-page"] [data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
      expect(page.url()).toMatch(/\/live\/cnt_/);
      expect(await page.textContent('[data-testid="live-page"] .page-head')).toContain(schoolName!);
      return;
    }
    await page.click('[data-testid="map-popup-file"]');
    await page.waitForSelector('[data-testid="unit-title"]');
    expect(page.url()).toContain(`/overview/units/${id}`);
    expect(await page.textContent('[data-testid="unit-title"]')).toContain(schoolName!);
  }

  it("the city admin opens the map from the overview, sees every school of 鄂州市 and opens one's file (desktop)", async () => {
    const { server } = env();
    const { context, page, problems } = await signIn("ezhou.admin", DESKTOP);
    await page.goto(`${server.url}/overview`);
    await page.click('[data-testid="overview-map-link"]');
    await page.waitForSelector('[data-testid="map-page"][data-renders]');
    expect(await page.getAttribute('[data-testid="map-place"]', "data-code")).toBe("420700");
    const api = await server.call("GET", "/api/v1/overview/map", { token: await server.login("ezhou.admin") });
    expect(api.json.schools.id.length).toBe(25);
    expect(await shown(page)).toBe(25);
    expect(await page.isVisible('[data-testid="map-illustrative"]')).toBe(true);
    expect(await page.locator('[data-testid="map-legend"] li').count()).toBe(5);
    expect(await page.locator(".map-region-label").count()).toBe(3);
    await shot(page, "1-desktop-city");
    await openASchool(page, "2-desktop");
    await shot(page, "3-desktop-unit");
    // and from the file, one click into the canteen's live room
    const canteenName = (await page.locator('[data-testid="unit-canteens"] li a').first().textContent())!;
    await page.locator('[data-testid="unit-canteens"] [data-testid="live-link"]').first().click();
    await page.waitForSelector('[data-testid="live-page"] [data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="live-title"]')).toContain(canteenName);
    await shot(page, "3b-desktop-live");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("on a phone: the navigation opens the map, a cluster zooms in, a school opens its file; the inspector sees 鄂城区", async () => {
    const { server } = env();
    const { context, page, problems } = await signIn("ezhou.admin", PHONE);
    await page.goto(`${server.url}/overview/map`);
    await page.waitForSelector('[data-testid="map-page"][data-renders]');
    expect(await shown(page)).toBe(25);
    const box = await page.locator('[data-testid="map-view"]').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(box!.height).toBeGreaterThanOrEqual(360);
    await shot(page, "4-phone-city");
    await openASchool(page, "5-phone", "live");
    await shot(page, "5b-phone-live");
    expect(problems).toEqual([]);
    await context.close();

    const inspector = await signIn("echeng.inspector", PHONE);
    await inspector.page.goto(`${server.url}/overview/map`);
    await inspector.page.waitForSelector('[data-testid="map-page"][data-renders]');
    expect(await inspector.page.getAttribute('[data-testid="map-place"]', "data-code")).toBe("420704");
    expect(await shown(inspector.page)).toBe(12);
    await shot(inspector.page, "6-phone-district");
    expect(inspector.problems).toEqual([]);
    await inspector.context.close();
  });
});
