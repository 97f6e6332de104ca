import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { startStack } from "../support/stack.ts";
import { launchChromium } from "./support/browser.ts";
import { setupOnce } from "./support/setup.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/overview) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/overview";
const PHONE = { width: 390, height: 844 };

/**
 * Issue 16 end to end in Chromium on a phone, over the demo city with its 92 days of camera history (as after
 * `npm start`): the city admin opens the overview, sees 鄂州市's online rate (the API's figure), drills down to 鄂城区
 * and to a school, its cameras and its 一户一档, comes back up by the trail, downloads the monthly report whose online rate is the
 * one on screen, and the district inspector's overview opens at their district with its patrol coverage; both see the
 * demo's red warning overdue and flagged to the level above (desktop and phone screenshots).
 */
describe("the regulator's overview on a phone", () => {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: "e2e-overview", client: true, aiCamera: false, livekit: true, env: { SEED_HISTORY: "1" } });
      const browser = await launchChromium();
      return { server, browser };
    },
    async ({ server, browser }) => {
      await browser.close();
      await server.close();
    },
  );

  async function signIn(username: string) {
    const { server, browser } = env();
    const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, acceptDownloads: true });
    const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
    expect(res.ok()).toBe(true);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
    });
    return { context, page, problems };
  }
  const shot = (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  /**
   * 红色预警 (item 6) as the demo seeds it (db/seed/history/risk-warning.ts): a 鄂城区 canteen's warning overdue and
   * flagged to the level above, red and first, on the phone and on a desktop
   */
  async function seesFlaggedWarning(page: Page, name: string) {
    const panel = page.locator('[data-testid="overview-warnings"]');
    expect(Number(await panel.getAttribute("data-flagged"))).toBeGreaterThanOrEqual(1);
    const first = panel.locator('[data-testid="overview-warning"]').first();
    expect(await first.getAttribute("data-flagged")).toBe("true");
    expect(await first.textContent()).toContain("鄂城区");
    expect(await first.locator(".error-text").isVisible()).toBe(true);
    expect(await panel.locator('[data-testid="overview-warnings-summary"] .badge-risk-high').isVisible()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-phone.png` });
    const phone = page.viewportSize()!;
    await page.setViewportSize({ width: 1280, height: 860 });
    await panel.scrollIntoViewIfNeeded();
    expect(await first.isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/${name}-desktop.png` });
    await page.setViewportSize(phone);
  }
  const place = (page: Page, level: string, code?: string) => page.waitForSelector(`[data-testid="overview-place"][data-level="${level}"]${code ? `[data-code="${code}"]` : ""}`);

  it("city → district → school and back, and the monthly report's online rate is the overview's", async () => {
    const { server } = env();
    const { context, page, problems } = await signIn("ezhou.admin");
    await page.goto(`${server.url}/overview`);
    await place(page, "city", "420700");
    const shown = await page.getAttribute('[data-testid="overview-online-period"]', "data-percent");
    const api = await server.call("GET", "/api/v1/overview", { token: await server.login("ezhou.admin") });
    expect(api.status).toBe(200);
    const percent = api.json.total.online.period.percent as number;
    // the history's outages and the cameras dead for good: a real rate, under 100 %
    expect(percent).toBeGreaterThan(50);
    expect(percent).toBeLessThan(100);
    expect(Number(shown)).toBe(percent);
    expect(await page.textContent('[data-testid="overview-online-period-value"]')).toBe(`${percent.toFixed(1)}%`);
    // 梁子湖区's two schools not yet connected (摸底) show in the coverage
    expect(await page.textContent('[data-testid="overview-coverage-value"]')).not.toBe("100.0%");
    await page.waitForSelector('[data-testid="overview-chart"] canvas');
    // the ten canteens of highest risk, explained
    expect(await page.locator('[data-testid="overview-risk-row"]').count()).toBe(10);
    await shot(page, "1-city");
    await seesFlaggedWarning(page, "1c-city-warning");

    // the coverage figure opens the 摸底 survey: 梁子湖区's two schools still to connect
    await page.click('[data-testid="overview-coverage"] a');
    await page.waitForSelector('[data-testid="survey-to-connect"]');
    const toConnect = await page.locator('[data-testid="survey-to-connect"] li').allTextContents();
    expect(toConnect.some((x) => x.includes("梁子湖区涂家垴小学"))).toBe(true);
    expect(await page.textContent('[data-testid="survey-row"][data-code="420702"] [data-category="neither"]')).toBe("1");
    await shot(page, "1b-survey");
    await page.goBack();
    await place(page, "city", "420700");

    await page.click('[data-testid="overview-row"][data-key="420704"] [data-testid="overview-drill"]');
    await place(page, "district", "420704");
    const schoolRow = await page.waitForSelector('[data-testid="overview-row"]');
    const schoolId = await schoolRow.getAttribute("data-key");
    await shot(page, "2-district");
    await page.click(`[data-testid="overview-row"][data-key="${schoolId}"] [data-testid="overview-drill"]`);
    await place(page, "school");
    expect(await page.locator('[data-testid="overview-camera"]').count()).toBeGreaterThanOrEqual(6);
    await shot(page, "3-school");
    // its 一户一档, printable: canteens, cameras, the latest records
    await page.click('[data-testid="overview-unit-link"]');
    await page.waitForSelector('[data-testid="unit-title"]');
    expect(await page.locator('[data-testid="unit-page"] [data-testid="overview-camera"]').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('[data-testid="unit-canteens"] li').count()).toBe(1);
    await shot(page, "3b-unit");
    await page.goBack();
    await place(page, "school");

    // back up by the trail to the city, then the report of this month (the overview's default period)
    await page.click('[data-testid="overview-trail"] a >> text=鄂州市');
    await place(page, "city", "420700");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="overview-report-xlsx"]')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as never);
    const total = workbook.worksheets[0]!;
    const header = total.getRow(4).values as string[];
    expect(total.getRow(5).values as string[]).toContain(`${percent.toFixed(1)}%`);
    expect((total.getRow(5).values as string[])[header.indexOf("在线率")]).toBe(`${percent.toFixed(1)}%`);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["总体", "下级区域排名", "学校排名"]);
    const pdfHref = await page.getAttribute('[data-testid="overview-report-pdf"]', "href");
    const pdf = await context.request.get(`${server.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // the list behind the online rate: the worst cameras first, the dead ones offline until now
    await page.click('[data-testid="overview-online-period"] a');
    await page.waitForSelector('[data-testid="overview-camera"]');
    expect(await page.locator('[data-testid="overview-camera"]').first().getAttribute("data-percent")).not.toBe("100");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the district inspector's overview opens at 鄂城区 with its patrol coverage", async () => {
    const { server } = env();
    const { context, page, problems } = await signIn("echeng.inspector");
    await page.goto(`${server.url}/overview`);
    await place(page, "district", "420704");
    const api = await server.call("GET", "/api/v1/overview", { token: await server.login("echeng.inspector") });
    const patrol = api.json.total.patrol as { covered: number; total: number; rate: number };
    expect(patrol.total).toBe(12);
    expect(await page.textContent('[data-testid="overview-patrol-value"]')).toBe(`${(Math.round(patrol.rate * 1000) / 10).toFixed(1)}%`);
    expect(await page.locator('[data-testid="overview-row"]').count()).toBe(12);
    await shot(page, "4-inspector");
    await seesFlaggedWarning(page, "4b-inspector-warning");
    expect(problems).toEqual([]);
    await context.close();
  });
});
