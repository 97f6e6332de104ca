import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { startGateway } from "./gateway.ts";
import { type Stack, startStack } from "../../support/stack.ts";

import { DEMO_PASSWORD } from "../../../db/seed/demo.ts";

export interface LiveUser {
  context: BrowserContext;
  page: Page;
  /** everything the page printed as a warning or error, and uncaught errors */
  problems: string[];
}

/**
 * Everything real for the live page: the API on a fresh demo database, a LiveKit server whose webhooks go to
 * the API, optionally the edge gateway publishing the demo canteen's cameras, and Chromium.
 */
export async function startLiveStack(opts: { gateway: boolean; aiCamera?: boolean; /** tracks the gateway publishes before the pages open (default: the seven demo cameras) */ cameras?: number; gatewayEnv?: Record<string, string>; apiEnv?: Record<string, string>; chromiumArgs?: string[]; beforeGateway?: (server: Stack) => Promise<void> }) {
  const stack: { server?: Stack; browser?: Browser; gateway?: Awaited<ReturnType<typeof startGateway>> } = {};
  const close = async () => {
    await stack.browser?.close();
    await stack.gateway?.stop();
    await stack.server?.close();
  };
  try {
    stack.server = await startStack({ name: "e2e", livekit: true, client: true, aiCamera: opts.aiCamera ?? false, env: opts.apiEnv });
    const server = stack.server;
    await opts.beforeGateway?.(server);
    // the gateway publishes all seven demo cameras before the pages open
    if (opts.gateway) stack.gateway = await startGateway({ apiUrl: server.url, tokenFile: server.gatewayTokenFile, cameras: opts.cameras ?? 7, env: opts.gatewayEnv });
    stack.browser = await launchChromium(opts.chromiumArgs);
    const browser = stack.browser;

    /** A signed-in browser context (its own cookies) with the page's test hook switched on. */
    async function signIn(username: string, extra: { permissions?: string[]; viewport?: { width: number; height: number } } = {}): Promise<LiveUser> {
      const context = await browser.newContext({ locale: "zh-CN", viewport: extra.viewport ?? { width: 1280, height: 900 }, permissions: extra.permissions ?? [] });
      await context.addInitScript(() => ((window as unknown as { __MCLL_TEST__: boolean }).__MCLL_TEST__ = true));
      // functions handed to page.evaluate from a tsx-run script (the benchmark) carry esbuild's __name helper
      await context.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
      const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
      if (!res.ok()) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
      });
      return { context, page, problems };
    }

    const principal = await signIn("school.principal");
    const canteens = (await (await principal.context.request.get(`${server.url}/api/v1/canteens`)).json()) as { items: Array<{ id: string }> };
    await principal.context.close();
    const canteenId = canteens.items[0]!.id;
    return { server, browser, canteenId, signIn, close, gateway: stack.gateway };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the live page and waits until the room is connected. */
export async function openLive(user: LiveUser, baseUrl: string, canteenId: string) {
  await user.page.goto(`${baseUrl}/live/${canteenId}`);
  await user.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
}

/**
 * Counts the frames each tile's <video> presents (requestVideoFrameCallback), then waits until at least
 * `tiles` tiles have presented `frames` more frames since: the video is moving, not a frozen picture.
 */
export async function waitForMovingTiles(page: Page, tiles: number, frames = 5, selector = '[data-testid="camera-tile"]', timeout = 30_000) {
  await page.evaluate((sel) => {
    type Counted = HTMLVideoElement & { __frames?: number; __from?: number };
    for (const video of document.querySelectorAll<Counted>(`${sel} video`)) {
      video.__from = video.__frames ?? 0;
      if (video.__frames !== undefined) continue;
      video.__frames = 0;
      const tick = () => {
        video.__frames!++;
        video.requestVideoFrameCallback(tick);
      };
      video.requestVideoFrameCallback(tick);
    }
  }, selector);
  await page.waitForFunction(
    ([sel, n, f]) => {
      type Counted = HTMLVideoElement & { __frames?: number; __from?: number };
      const moving = [...document.querySelectorAll<Counted>(`${sel} video`)].filter((v) => (v.__frames ?? 0) - (v.__from ?? 0) >= (f as number));
      return moving.length >= (n as number);
    },
    [selector, tiles, frames] as const,
    { timeout },
  );
}

/** Camera ids of the tiles whose video is moving, after waitForMovingTiles. */
export const movingCameraIds = (page: Page, frames = 5) =>
  page.evaluate((f) => {
    type Counted = HTMLVideoElement & { __frames?: number; __from?: number };
    return [...document.querySelectorAll<HTMLElement>('[data-testid="camera-tile"]')]
      .filter((tile) => {
        const v = tile.querySelector<Counted>("video");
        return !!v && (v.__frames ?? 0) - (v.__from ?? 0) >= f;
      })
      .map((tile) => tile.dataset.cameraId!);
  }, frames);
