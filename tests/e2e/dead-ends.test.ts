import type { Browser, BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { launchChromium } from "./support/browser.ts";
import { type Stack, startStack } from "../support/stack.ts";
import { setupOnce } from "./support/setup.ts";

/**
 * Dead ends in a real browser (issue 11 item 9): a forged QR code, a canteen that is not the user's, a page the
 * user may not open. Each says so plainly; none throws on the page (an uncaught error fails the test).
 */
describe("dead ends in Chromium", () => {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: "e2e", client: true, aiCamera: false });
      try {
        return { server, browser: await launchChromium() };
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

  async function visit(username: string | null, path: string, phone = false) {
    const { server, browser } = env();
    const context: BrowserContext = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 } });
    if (username) {
      const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
      expect(res.ok()).toBe(true);
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${server.url}${path}`);
    return { context, page, errors };
  }

  it("a forged QR code's verify page says no such order exists and the code may be forged (phone, signed out)", async () => {
    for (const id of ["ord_F0rgedF0rged01", "not-an-order"]) {
      const { context, page, errors } = await visit(null, `/verify/order/${id}`, true);
      const result = await page.waitForSelector('[data-testid="verify-result"][data-result="missing"]');
      expect(await result.textContent()).toContain("未找到该整改通知，二维码可能是伪造的");
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("a canteen outside the inspector's district is a not-found page, with no room to connect to", async () => {
    const { server } = env();
    // 华容区's inspector lists its canteens; 鄂城区's inspector may not see them
    const other = await visit("huarong.inspector", "/canteens");
    const list = (await (await other.context.request.get(`${server.url}/api/v1/canteens?limit=5`)).json()) as { items: Array<{ id: string }> };
    await other.context.close();
    const { context, page, errors } = await visit("echeng.inspector", `/live/${list.items[0]!.id}`);
    const dead = await page.waitForSelector('[data-testid="dead-end"][data-kind="not-found"]');
    expect(await dead.textContent()).toContain("未找到该食堂");
    expect(await page.locator('[data-testid="inspection-start"]').count()).toBe(0);
    expect(await page.locator('[data-testid="connection-state"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("parents and suppliers typing /alerts get a no-permission page, not a failing inbox", async () => {
    for (const username of ["school.parent", "supplier.manager"]) {
      const { context, page, errors } = await visit(username, "/alerts");
      const dead = await page.waitForSelector('[data-testid="dead-end"][data-kind="forbidden"]');
      expect(await dead.textContent()).toContain("无权访问此页面");
      expect(await page.locator('[data-testid="alerts-page"]').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
