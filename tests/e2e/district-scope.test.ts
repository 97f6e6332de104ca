import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.ts";
import { type Stack, startStack } from "../support/stack.ts";

/**
 * A district inspector signs in through the real UI, served by the real API on a real libSQL file, and
 * sees exactly the schools of their district (鄂城区, 12 in the demo data) — none of the neighbouring 华容区.
 */
describe("district inspector in Chromium", () => {
  let server: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let setupError: unknown;

  beforeAll(async () => {
    try {
      browser = await launchChromium();
      server = await startStack({ name: "e2e", client: true, aiCamera: false });
      const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on("pageerror", (err) => pageErrors.push(err.message));
    } catch (error) {
      setupError = error;
    }
  });

  /** Each test fails (never skips) with the setup's own message, e.g. when Chromium is missing. */
  const requireSetup = () => {
    if (setupError) throw setupError;
  };

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rowTexts = (testid: string) => page.locator(`[data-testid="school-row"] [data-testid="${testid}"]`).allTextContents();
  const waitForRowCount = (n: number) =>
    page.waitForFunction((count) => document.querySelectorAll('[data-testid="school-row"]').length === count, n);

  it("signs in as echeng.inspector, lands on the overview of 鄂城区, and its schools list holds its 12 schools", async () => {
    requireSetup();
    await page.goto(`${server.url}/`);
    // not signed in: the shell sends us to the login page
    await page.waitForSelector('[data-testid="login-form"]');
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.fill('[data-testid="login-username"]', "echeng.inspector");
    await page.fill('[data-testid="login-password"]', "mcll-demo-2026");
    await page.click('[data-testid="login-submit"]');

    // home is the overview of their district (issue 16); the schools list is one tap away
    await page.waitForURL((url) => url.pathname === "/overview");
    await page.waitForSelector('[data-testid="overview-place"][data-code="420704"]');
    await page.goto(`${server.url}/schools`);
    await page.waitForSelector('[data-testid="school-total"]');
    await waitForRowCount(12);

    expect(await page.textContent('[data-testid="school-total"]')).toContain("12");
    expect(await page.textContent('[data-testid="current-user"]')).toContain("鄂城区巡查员");

    const regions = await rowTexts("school-region");
    expect(regions).toHaveLength(12);
    expect(new Set(regions.map((r) => r.trim()))).toEqual(new Set(["鄂城区"]));

    const names = await rowTexts("school-name");
    expect(names.every((n) => n.startsWith("鄂城区"))).toBe(true);
    expect(names).not.toContain("华容区第一中学");
    expect(names.some((n) => n.includes("华容区"))).toBe(false);
    expect(new Set(names).size).toBe(12);
  });

  it("narrows the list with the search box", async () => {
    requireSetup();
    await page.fill('[data-testid="search-input"]', "第一");
    await page.press('[data-testid="search-input"]', "Enter");
    await waitForRowCount(2);

    const names = (await rowTexts("school-name")).map((n) => n.trim()).sort();
    expect(names).toEqual(["鄂城区第一小学", "鄂城区第一中学"].sort());
    await page.waitForFunction(() => document.querySelector('[data-testid="school-total"]')?.textContent?.includes("2"));
  });

  it("signs out, and the session is gone", async () => {
    requireSetup();
    await page.click('[data-testid="logout"]');
    await page.waitForURL((url) => url.pathname === "/login");
    await page.waitForSelector('[data-testid="login-form"]');

    const me = await page.request.get(`${server.url}/api/v1/auth/me`);
    expect(me.status()).toBe(401);

    // a deep link now goes back to the login page
    await page.goto(`${server.url}/schools`);
    await page.waitForSelector('[data-testid="login-form"]');
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(pageErrors).toEqual([]);
  });
});
