import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../../db/seed/demo.ts";
import { type Stack, startStack } from "../../support/stack.ts";
import { launchChromium } from "./browser.ts";
import { setupOnce } from "./setup.ts";

/**
 * The public page's end-to-end tests without LiveKit: the API with the built client and Chromium, started once
 * per file; `open` a page signed in (or not) on a desktop or a 390×844 phone, collecting uncaught page errors;
 * `shot` a full-page screenshot into PUBLIC_SHOTS_DIR when it is set.
 */
export function publicBrowserEnv(name: string) {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name, client: true, aiCamera: false });
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

  async function open(username: string | null, path: string, phone: boolean) {
    const { server, browser } = env();
    const context: BrowserContext = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 } });
    if (username) expect((await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } })).ok()).toBe(true);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${server.url}${path}`);
    return { context, page, errors };
  }

  const shot = async (page: { screenshot(o: { path: string; fullPage: boolean }): Promise<unknown> }, name: string) => {
    const dir = process.env.PUBLIC_SHOTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  };

  return { env, open, shot };
}
