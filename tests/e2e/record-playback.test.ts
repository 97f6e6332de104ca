/**
 * Playback together (issue 19) in Chromium with the real API, LiveKit and gateway process recording one camera:
 * the inspector opens the camera's timeline and plays from 2 minutes ago; the live room opens with the playback,
 * the principal in a second browser sees the same picture advancing; the inspector changes the speed and the
 * principal's controls, time and picture follow (a seek back, then the picture moves again; a new speed, and it
 * moves on); stopping takes it away for both. The gateway finds the camera's last few minutes already recorded on
 * its disk (support/backdated-recording.ts: segments and chain as a gateway that ran and stopped would leave them),
 * so playing 2 minutes back does not cost 2 minutes of waiting. On the way the inspector cuts a 20-second
 * evidence clip from the playback position (视频抓拍): it is cut on the gateway, listed, plays and seeks in the browser
 * (byte ranges), and its verification says unchanged; the inspector attaches it to the first problem of an order of the
 * inspection in progress (the chooser fits a phone's width); the order page shows it under that problem, where the
 * principal plays it and verifies it unchanged, and changed once its file is altered on disk — inline and on the clip's verify page.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageForm, jpegFrame } from "../support/images.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backdateRecording } from "./support/backdated-recording.ts";
import { startGateway } from "./support/gateway.ts";
import { type LiveUser, openLive, startLiveStack, waitForMovingTiles } from "./support/live.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "";
let env: Awaited<ReturnType<typeof startLiveStack>>;
let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
let cameraId = "";
let orderId = "";
/** the order's first problem (its first order item): what the clip is attached to */
let itemId = "";
/** seconds of the clip cut from the playback position */
const CLIP_S = 20;
/** the inspector plays from this many seconds ago (the "2 minutes ago") */
const BACK_S = 120;
/** seconds already recorded when the gateway starts: 2 minutes back, the clip before it, and a margin */
const SEEDED_S = BACK_S + CLIP_S + 30;
const users: LiveUser[] = [];

beforeAll(async () => {
  env = await startLiveStack({
    gateway: false,
    beforeGateway: async (server) => {
      const director = await server.login("school.director");
      const cams: Array<{ id: string; gatewayId: string | null }> = (await server.call("GET", `/api/v1/cameras?canteenId=${server.demo.canteenId}`, { token: director })).json.items;
      cameraId = cams.find((c) => c.gatewayId)!.id;
      // one recorded camera: less load on a shared machine
      for (const c of cams) if (c.id !== cameraId && c.gatewayId) await server.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } });
    },
  });
  const recordDir = join(env.server.dir, "recordings");
  await backdateRecording({ recordDir, cameraId, seconds: SEEDED_S });
  gateway = await startGateway({ apiUrl: env.server.url, tokenFile: env.server.gatewayTokenFile, cameras: 1, env: { RECORD: "on", RECORD_DIR: recordDir, RECORD_SEGMENT_S: "1", RECORD_ANCHOR_S: "1", RECORD_POLL_S: "1" } });
  const token = await env.server.login("echeng.inspector");
  // the minutes on disk anchored, and the gateway's own recording since its start (the gateway anchors every second
  // here); the recording has no event to await from here: its day is polled
  for (const deadline = Date.now() + 90_000; ; await new Promise((r) => setTimeout(r, 500))) {
    const day = (await env.server.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token })).json;
    if ((day.recordedMs ?? 0) >= (SEEDED_S + 2) * 1000 && day.gaps?.some((g: { reason: string }) => g.reason === "gateway_stopped")) break;
    if (Date.now() > deadline) throw new Error(`the backdated ${SEEDED_S} s and the gateway's own recording not anchored within 90 s`);
  }
  // an inspection in progress with an order (its problem is what the clip is evidence of)
  const fixture = <T>(res: { status: number; text: string; json: T }, status: number) => {
    if (res.status !== status) throw new Error(`fixture: ${res.status} ${res.text.slice(0, 300)}`);
    return res.json;
  };
  const inspection = fixture(await env.server.call("POST", "/api/v1/inspections", { token, body: { canteenId: env.canteenId, kind: "online_patrol" } }), 201) as { id: string };
  const snapshot = fixture(await env.server.call("POST", "/api/v1/snapshots", { token, form: imageForm("file", [jpegFrame(160, 90)], { cameraId, inspectionId: inspection.id }) }), 201) as { id: string };
  const bases = fixture(await env.server.call("GET", "/api/v1/legal-bases", { token }), 200) as { items: Array<{ id: string }> };
  const items = ["回放发现：操作人员未戴口罩，且未按规定洗手消毒", "垃圾桶未加盖"].map((problem) => ({ problem, severity: "minor", legalBasisId: bases.items[0]!.id, snapshotIds: [snapshot.id] }));
  const order = fixture(await env.server.call("POST", "/api/v1/orders", { token, body: { inspectionId: inspection.id, items } }), 201) as { id: string; items: Array<{ id: string; seq: number }> };
  orderId = order.id;
  itemId = order.items.find((i) => i.seq === 1)!.id;
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await env?.close();
});

const shot = async (u: LiveUser, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await u.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

describe("playback together in the room", () => {
  it("the inspector plays a past time from the timeline; the principal watches it and follows the controls", async () => {
    const inspector = await env.signIn("echeng.inspector");
    const principal = await env.signIn("school.principal", { viewport: { width: 390, height: 844 } });
    users.push(inspector, principal);
    // the principal's phone: the timeline fits its width and every control on it is large enough to touch
    await principal.page.goto(`${env.server.url}/cameras/${cameraId}/recordings`);
    await principal.page.waitForSelector('[data-testid="record-span"]');
    expect(await principal.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const id of ["record-prev", "record-day", "record-next", "record-bar", "record-play-time", "record-play"]) {
      const box = (await principal.page.locator(`[data-testid="${id}"]`).boundingBox())!;
      expect(box.height, id).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width, id).toBeLessThanOrEqual(390);
    }
    await shot(principal, "timeline-phone");
    await openLive(principal, env.server.url, env.canteenId);

    await inspector.page.goto(`${env.server.url}/cameras/${cameraId}/recordings`);
    await inspector.page.waitForSelector('[data-testid="record-span"]');
    const day = await (await inspector.context.request.get(`${env.server.url}/api/v1/cameras/${cameraId}/recordings`)).json();
    // 2 minutes ago (whole seconds, as typed); the 20 s before it are recorded too
    const from = Math.floor((Date.now() - BACK_S * 1000) / 1000) * 1000;
    expect(from - Date.parse(day.recorded[0].start)).toBeGreaterThanOrEqual(CLIP_S * 1000);
    const hhmmss = new Date(from + 8 * 3_600_000).toISOString().slice(11, 19);
    await inspector.page.fill('[data-testid="record-play-time"]', hhmmss);
    await shot(inspector, "timeline-desktop");
    await inspector.page.click('[data-testid="record-play"]');
    await inspector.page.waitForURL(`**/live/${env.canteenId}`);
    await inspector.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });

    const selector = '[data-testid="playback"]';
    // the inspection's frozen frame opens above the playback: each scrolls to it (a track out of view is not sent)
    for (const u of [inspector, principal]) await u.page.locator(selector).scrollIntoViewIfNeeded({ timeout: 30_000 });
    await Promise.all([waitForMovingTiles(inspector.page, 1, 5, selector), waitForMovingTiles(principal.page, 1, 5, selector)]);
    // the recording's time beside the picture, from the played time on
    const timeOf = async (u: LiveUser) => Number(await u.page.getAttribute('[data-testid="playback-time"]', "data-at"));
    expect(Math.abs((await timeOf(principal)) - from)).toBeLessThan(30_000);
    await shot(inspector, "playback-desktop");
    await shot(principal, "playback-phone");

    // 截取片段: the 20 seconds up to the playback position, cut on the gateway and listed with a player
    await inspector.page.selectOption('[data-testid="clip-length"]', String(CLIP_S));
    await inspector.page.click('[data-testid="clip-cut"]');
    await inspector.page.waitForSelector('[data-testid="clip-asked"]', { timeout: 10_000 });
    const clip = inspector.page.locator('[data-testid="clip"][data-status="ready"]').first();
    await clip.waitFor({ timeout: 60_000 });
    const video = clip.locator('[data-testid="clip-video"]');
    // it plays and seeks: the browser reads its length, then jumps into the middle (a 206 range request)
    await video.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? undefined : new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }))));
    // 20 s asked for; it starts on the keyframe at or before the start (1-second segments here)
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeGreaterThan(CLIP_S - 2);
    expect(duration).toBeLessThan(CLIP_S + 3);
    const seeked = await video.evaluate((v: HTMLVideoElement) => new Promise<number>((r) => {
      v.addEventListener("seeked", () => r(v.currentTime), { once: true });
      v.currentTime = v.duration / 2;
    }));
    expect(seeked).toBeGreaterThan(1);
    await clip.locator('[data-testid="clip-verify"]').click();
    await clip.locator('[data-testid="clip-verdict"][data-verdict="unchanged"]').waitFor({ timeout: 10_000 });
    // cut during the inspection: attached to it; the inspector attaches it to the order's first problem too
    await clip.locator('[data-testid="clip-attachments"]').waitFor();
    const clipId = (await clip.getAttribute("data-clip-id"))!;
    const chooser = clip.locator('[data-testid="clip-attach-target"]');
    const option = chooser.locator(`option[data-target-type="order_item"][data-target-id="${itemId}"]`);
    // the problems arrive with the order's detail: the option is there once they have
    await option.waitFor({ state: "attached", timeout: 10_000 });
    expect(await option.textContent()).toMatch(/^第1项 回放发现：操作人员未戴口罩.*… · \d{4}号$/);
    expect(await chooser.locator(`optgroup:has(option[data-target-id="${itemId}"])`).getAttribute("label")).toMatch(/^整改通知 .*号$/);
    await shot(inspector, "clip-attach-desktop");
    // on a phone's width the chooser and its button stay inside the page and large enough to touch
    await inspector.page.setViewportSize({ width: 390, height: 844 });
    await chooser.scrollIntoViewIfNeeded();
    expect(await inspector.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const control of [chooser, clip.locator('[data-testid="clip-attach"]')]) {
      const box = (await control.boundingBox())!;
      expect(box.height, await control.getAttribute("data-testid") ?? "").toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await shot(inspector, "clip-attach-phone");
    await inspector.page.setViewportSize({ width: 1280, height: 900 });
    await chooser.selectOption(`order_item:${itemId}`);
    await clip.locator('[data-testid="clip-attach"]').click();
    // attached: the clip says to which problem, and that problem is no longer offered
    await clip.locator('[data-testid="clip-attachments"]', { hasText: "整改第1项 回放发现" }).waitFor({ timeout: 10_000 });
    expect(await clip.locator(`option[data-target-id="${itemId}"]`).count()).toBe(0);
    await shot(inspector, "clip-desktop");

    // seek: back 30 s (to the oldest recording at most) — the principal's time jumps back with it, and the picture
    // moves again: the gateway's new reader over the segments delivers frames after the seek
    const before = await timeOf(principal);
    await inspector.page.click('[data-testid="playback-back"]');
    await principal.page.waitForFunction((t0) => Number(document.querySelector('[data-testid="playback-time"]')?.getAttribute("data-at")) < (t0 as number) - 1000, before, { timeout: 10_000 });
    const sought = await timeOf(principal);
    expect(sought).toBeGreaterThan(before - 40_000);
    expect(sought).toBeLessThan(before - 20_000);
    await Promise.all([waitForMovingTiles(principal.page, 1, 8, selector), waitForMovingTiles(inspector.page, 1, 8, selector)]);
    // still inside what was played from: the recording 2 minutes back, not the present
    expect(await timeOf(principal)).toBeLessThan(Date.now() - 60_000);

    await inspector.page.click('[data-testid="playback-speed-4"]');
    await principal.page.waitForSelector('[data-testid="playback-speed-4"][aria-pressed="true"]', { timeout: 10_000 });
    const a = await timeOf(principal);
    await principal.page.waitForFunction((t0) => Number(document.querySelector('[data-testid="playback-time"]')?.getAttribute("data-at")) - (t0 as number) >= 6000, a, { timeout: 10_000 });
    // and the picture follows at 4×: it keeps moving
    await waitForMovingTiles(principal.page, 1, 8, selector);

    await inspector.page.click('[data-testid="playback-stop"]');
    await principal.page.waitForSelector('[data-testid="playback"]', { state: "detached", timeout: 10_000 });
    await inspector.page.waitForSelector('[data-testid="playback"]', { state: "detached", timeout: 10_000 });
    // a playback is not a camera: it never became an "unknown camera" tile
    expect(await principal.page.locator('[data-testid="camera-tile"][data-kind="unknown"]').count()).toBe(0);

    // 视频抓拍 from live: the inspector enlarges the camera and cuts the last 20 s; it is listed, cut and playable
    const tile = inspector.page.locator(`[data-testid="camera-tile"][data-camera-id="${cameraId}"]`);
    await tile.scrollIntoViewIfNeeded();
    await waitForMovingTiles(inspector.page, 1, 3);
    await tile.click();
    await inspector.page.click('[data-testid="clip-live"]');
    await inspector.page.waitForFunction(() => {
      const clips = [...document.querySelectorAll('[data-testid="clip-list"] [data-testid="clip"]')];
      return clips.length >= 2 && clips.every((c) => c.getAttribute("data-status") === "ready");
    }, undefined, { timeout: 60_000 });
    await shot(inspector, "live-clip-desktop");

    // the order page shows the clip under its problem (the first), plays it and verifies it; altered on disk, it says changed
    await principal.page.goto(`${env.server.url}/orders/${orderId}`);
    const onOrder = principal.page.locator(`[data-testid="order-item"][data-item-id="${itemId}"] [data-testid="order-item-clips"] [data-testid="clip"][data-clip-id="${clipId}"][data-status="ready"]`);
    await onOrder.waitFor({ timeout: 15_000 });
    // only there: not under the other problem, and no list of the whole order's clips (it has none)
    expect(await principal.page.locator(`[data-testid="clip"][data-clip-id="${clipId}"]`).count()).toBe(1);
    expect(await principal.page.locator('[data-testid="order-item-clips"]').count()).toBe(1);
    expect(await principal.page.locator('[data-testid="clip-list"]').count()).toBe(0);
    expect(await principal.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const orderVideo = onOrder.locator('[data-testid="clip-video"]');
    await orderVideo.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? undefined : new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }))));
    expect(await orderVideo.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(CLIP_S - 2);
    // it plays: its time advances (the browser fetched and decoded it)
    await orderVideo.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await orderVideo.evaluate((v: HTMLVideoElement) => (v.currentTime > 0.5 ? undefined : new Promise((r) => v.addEventListener("timeupdate", function on() { if (v.currentTime > 0.5) { v.removeEventListener("timeupdate", on); r(undefined); } }))));
    await onOrder.locator('[data-testid="clip-verify"]').click();
    await onOrder.locator('[data-testid="clip-verdict"][data-verdict="unchanged"]').waitFor({ timeout: 10_000 });
    await shot(principal, "order-clip-phone");
    // the clip's own verify page says the same, with the hashes side by side
    await inspector.page.goto(`${env.server.url}/clips/${clipId}`);
    await inspector.page.locator('[data-testid="clip-verify-verdict"][data-verdict="unchanged"]').waitFor({ timeout: 10_000 });
    const manifest = await (await principal.context.request.get(`${env.server.url}/api/v1/clips/${clipId}/manifest`)).json();
    const file = join(env.server.dir, "media", "clip", manifest.sha256.slice(0, 2), `${manifest.sha256}.mp4`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(file, bytes);
    await onOrder.locator('[data-testid="clip-verify"]').click();
    await onOrder.locator('[data-testid="clip-verdict"][data-verdict="changed"]').waitFor({ timeout: 10_000 });
    await onOrder.locator('[data-testid="clip-verify-page-link"]').click();
    await principal.page.locator('[data-testid="clip-verify-verdict"][data-verdict="changed"]').waitFor({ timeout: 10_000 });
    expect(await principal.page.locator('[data-testid="clip-hash-computed"]').textContent()).not.toBe(manifest.sha256);
    expect(await principal.page.locator('[data-testid="clip-hash-recorded"]').textContent()).toBe(manifest.sha256);
    for (const u of users) expect(u.problems).toEqual([]);
  }, 240_000);
});
