/**
 * The benches' baseline, Node side: builds the bare livekit-client page (index.html + main.ts here) with Vite
 * into a temp folder and serves it on a loopback port; mints its tokens in advance (livekit-server-sdk
 * AccessToken with the stack's LiveKit key and secret); opens it in fresh Chromium contexts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { AccessToken, DataPacket_Kind, RoomServiceClient } from "livekit-server-sdk";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import type { Bare, DataSample, OpenTimes } from "./main.ts";

export type { DataSample, OpenTimes };

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };

export interface LiveKitKeys {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** Builds the bare page and serves it; `url` is its address, `close()` stops the server and removes the build. */
export async function serveBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "mcll-bench-bare-"));
  await build({ root: import.meta.dirname, configFile: false, logLevel: "warn", base: "./", build: { outDir: dir, emptyOutDir: true } });
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path === "/" ? "index.html" : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise((done) => server.close(done));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A viewer's token for `room` (the attributes the gateway reads to grant cameras: an inspector sees them all). */
export async function bareToken(keys: LiveKitKeys, room: string, identity: string, publishData = false): Promise<string> {
  const at = new AccessToken(keys.apiKey, keys.apiSecret, { identity, name: identity, ttl: 600, attributes: { role: "inspector", displayName: identity, orgName: "bench" } });
  at.addGrant({ room, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: publishData });
  return at.toJwt();
}

/**
 * What the API does when it hands out a token: tells the gateway a viewer is coming ("viewer.expected"), so the
 * gateway grants it the cameras and starts encoding before it joins. Without it a bare client would wait for
 * the gateway to learn of the join (a second or more): the baseline gets the same head start as the product.
 */
export async function announceViewer(keys: LiveKitKeys, room: string, gatewayId: string, identity: string): Promise<void> {
  const rooms = new RoomServiceClient(keys.url.replace(/^ws/, "http"), keys.apiKey, keys.apiSecret);
  const message = new TextEncoder().encode(JSON.stringify({ type: "viewer.expected", identity, role: "inspector" }));
  await rooms.sendData(room, message, DataPacket_Kind.RELIABLE, { destinationIdentities: [gatewayId], topic: "gateway" });
}

/** The bare page in a fresh context of `browser`, loaded and ready. */
export async function openBarePage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // functions handed to page.evaluate from a tsx-run script carry esbuild's __name helper
  await context.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => !!(window as unknown as { __bare?: Bare }).__bare);
  return page;
}

/** connect → subscribe `cameraId` → first decoded frame, ms from the call; then leaves the room. */
export async function bareOpen(page: Page, url: string, token: string, cameraId: string): Promise<OpenTimes> {
  const times = await page.evaluate(([u, t, c]) => (window as unknown as { __bare: Bare }).__bare.open(u, t, c), [url, token, cameraId] as const);
  await page.evaluate(() => (window as unknown as { __bare: Bare }).__bare.close());
  return times;
}

export const bareJoin = (page: Page, url: string, token: string) => page.evaluate(([u, t]) => (window as unknown as { __bare: Bare }).__bare.join(u, t), [url, token] as const);
export const bareSend = (page: Page, count: number, everyMs: number, bytes: number) =>
  page.evaluate(([n, ms, b]) => (window as unknown as { __bare: Bare }).__bare.send(n, ms, b), [count, everyMs, bytes] as const);
export const bareSamples = (page: Page) => page.evaluate(() => (window as unknown as { __bare: Bare }).__bare.samples.map((s) => ({ ...s })));
export const bareClose = (page: Page) => page.evaluate(() => (window as unknown as { __bare: Bare }).__bare.close());
