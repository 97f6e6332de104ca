import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../../db/seed/demo.ts";
import { startStack, type Stack } from "../../support/stack.ts";
import { launchChromium } from "./browser.ts";
import { setupOnce } from "./setup.ts";

export const PHONE = { width: 390, height: 844 };

/**
 * The shape most page-level e2e files share: the product on its demo data with the built client, a real LiveKit
 * (pages open their live feeds — the overview's red warnings, the notices — and without it the token request is a
 * 503 the console reports) and one Chromium, started once per file; demo users signed in through the API into a zh-CN context whose uncaught page errors and
 * console errors are collected (a test asserts they stay empty); screenshots kept for a person to look at.
 */
export function demoBrowser(name: string, shotsDir: string) {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: `e2e-${name}`, client: true, aiCamera: false, livekit: true });
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
  async function signIn(username: string, viewport: { width: number; height: number } = PHONE) {
    const { server, browser } = env();
    const context = await browser.newContext({ locale: "zh-CN", viewport });
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
  const shot = (page: Page, file: string, fullPage = true) => {
    mkdirSync(shotsDir, { recursive: true });
    return page.screenshot({ path: `${shotsDir}/${file}.png`, fullPage });
  };
  return { env, signIn, shot };
}
