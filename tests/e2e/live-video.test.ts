import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveMetrics } from "../../client/live/metrics.ts";
import { type LiveUser, movingCameraIds, openLive, startLiveStack, waitForMovingTiles } from "./support/live.ts";

interface CameraRow {
  id: string;
  areaId: string;
  name: string;
  publicVisible: boolean;
}

/**
 * The live page with real video: the edge gateway (media/gateway) decodes the demo canteen's seven test
 * cameras with ffmpeg and publishes them into a real LiveKit room; Chromium subscribes through the UI.
 */
describe("live video in Chromium", () => {
  let stack: Awaited<ReturnType<typeof startLiveStack>>;
  let setupError: unknown;
  let cameras: CameraRow[] = [];
  let areaNames = new Map<string, string>();

  beforeAll(async () => {
    try {
      stack = await startLiveStack({ gateway: true });
      const admin = await stack.signIn("echeng.inspector");
      const detail = await (await admin.context.request.get(`${stack.server.url}/api/v1/canteens/${stack.canteenId}`)).json();
      await admin.context.close();
      cameras = detail.cameras;
      areaNames = new Map(detail.areas.map((a: { id: string; name: string }) => [a.id, a.name]));
    } catch (error) {
      setupError = error;
    }
  });
  afterAll(async () => {
    await stack?.close();
  });
  const requireSetup = () => {
    if (setupError) throw setupError;
  };
  const metricsOf = (user: LiveUser) => user.page.evaluate(() => (window as unknown as { __live: { metrics: LiveMetrics } }).__live.metrics);

  it("the inspector and the principal each see the cameras moving, labelled by area", async () => {
    requireSetup();
    const inspector = await stack.signIn("echeng.inspector");
    const principal = await stack.signIn("school.principal");
    await Promise.all([openLive(inspector, stack.server.url, stack.canteenId), openLive(principal, stack.server.url, stack.canteenId)]);

    for (const user of [inspector, principal]) {
      await user.page.waitForFunction((n) => document.querySelectorAll('[data-testid="camera-tile"]').length === n, cameras.length);
      await waitForMovingTiles(user.page, 2);
      // each tile names its area (食品库房, 烹饪区 …) and camera
      for (const camera of cameras) {
        const label = await user.page.textContent(`[data-testid="camera-tile"][data-camera-id="${camera.id}"] [data-testid="tile-label"]`);
        expect(label).toContain(areaNames.get(camera.areaId));
        expect(label).toContain(camera.name);
      }
      expect(user.problems).toEqual([]);
    }

    // every camera is moving for the inspector, not just two
    await waitForMovingTiles(inspector.page, cameras.length, 3);
    const m = await metricsOf(inspector);
    const frames = Object.values(m.firstFrameAt);
    const subscribed = Object.values(m.subscribedAt);
    console.log(
      `[measure] inspector, from navigation start: token ${m.tokenAt.toFixed(0)} ms, connected ${m.connectedAt.toFixed(0)} ms, ` +
        `first track subscribed ${Math.min(...subscribed).toFixed(0)} ms, first frame ${Math.min(...frames).toFixed(0)} ms, ` +
        `all ${frames.length} cameras ${Math.max(...frames).toFixed(0)} ms`,
    );
    expect(frames.length).toBe(cameras.length);
    await inspector.context.close();
    await principal.context.close();
  });

  it("a click enlarges one camera without reconnecting or resubscribing; the others keep playing", async () => {
    requireSetup();
    const inspector = await stack.signIn("echeng.inspector");
    await openLive(inspector, stack.server.url, stack.canteenId);
    await waitForMovingTiles(inspector.page, cameras.length, 3);
    const before = await metricsOf(inspector);
    const target = cameras[cameras.length - 1]!.id;
    const tile = `[data-testid="camera-tile"][data-camera-id="${target}"]`;
    const smallWidth = (await inspector.page.locator(tile).boundingBox())!.width;

    await inspector.page.click(tile);
    await inspector.page.waitForSelector(`${tile}[data-focused="true"]`);
    const bigWidth = (await inspector.page.locator(tile).boundingBox())!.width;
    expect(bigWidth).toBeGreaterThan(smallWidth * 2);
    // first in the grid, full width
    expect(await inspector.page.evaluate((sel) => document.querySelector(sel)!.getBoundingClientRect().top <= Math.min(...[...document.querySelectorAll('[data-testid="camera-tile"]')].map((e) => e.getBoundingClientRect().top)), tile)).toBe(true);
    await waitForMovingTiles(inspector.page, 1, 5, tile);
    await waitForMovingTiles(inspector.page, 3, 3);

    const after = await metricsOf(inspector);
    expect(after.reconnects).toBe(0);
    expect(after.subscriptions).toBe(before.subscriptions);

    await inspector.page.click(tile);
    await inspector.page.waitForSelector(`${tile}[data-focused="false"]`);
    expect(inspector.problems).toEqual([]);
    await inspector.context.close();
  });

  it("back on the canteen page the room stays open a moment, receiving nothing; 实时查看 again plays on the same connection", async () => {
    requireSetup();
    const inspector = await stack.signIn("echeng.inspector");
    await inspector.page.goto(`${stack.server.url}/canteens/${stack.canteenId}`);
    await inspector.page.click('[data-testid="live-link"]');
    await inspector.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]');
    await waitForMovingTiles(inspector.page, cameras.length, 3);
    type Room = { state: string; localParticipant: { sid: string; isMicrophoneEnabled: boolean }; remoteParticipants: Map<string, { videoTrackPublications: Map<string, { isSubscribed: boolean; isEnabled: boolean }>; audioTrackPublications: Map<string, { isDesired: boolean }> }> };
    const sid = await inspector.page.evaluate(() => (window as unknown as { __live: { room: Room } }).__live.room.localParticipant.sid);

    await inspector.page.click('[data-testid="live-page"] .breadcrumb a');
    await inspector.page.waitForSelector('[data-testid="live-link"]');
    // parked: still connected, no microphone, every camera still subscribed but paused (no <video> shows it)
    await inspector.page.waitForFunction(
      () => {
        const room = (window as unknown as { __live: { room: Room } }).__live.room;
        const pubs = [...room.remoteParticipants.values()].flatMap((p) => [...p.videoTrackPublications.values()]);
        return room.state === "connected" && !room.localParticipant.isMicrophoneEnabled && pubs.length > 0 && pubs.every((pub) => pub.isSubscribed && !pub.isEnabled);
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await inspector.page.evaluate(() => [...(window as unknown as { __live: { room: Room } }).__live.room.remoteParticipants.values()].flatMap((p) => [...p.audioTrackPublications.values()]).filter((a) => a.isDesired).length)).toBe(0);

    await inspector.page.click('[data-testid="live-link"]');
    await waitForMovingTiles(inspector.page, cameras.length, 3);
    const metrics = await metricsOf(inspector);
    expect(metrics.reconnects).toBe(0);
    expect(await inspector.page.evaluate(() => (window as unknown as { __live: { room: Room } }).__live.room.localParticipant.sid)).toBe(sid);
    expect(inspector.problems).toEqual([]);
    await inspector.context.close();
  });

  it("on a phone the tiles stack, and the ones scrolled out of view are paused (adaptive stream)", async () => {
    requireSetup();
    const phone = await stack.signIn("echeng.inspector", { viewport: { width: 390, height: 844 } });
    await openLive(phone, stack.server.url, stack.canteenId);
    await waitForMovingTiles(phone.page, 1);
    // one column
    const lefts = await phone.page.$$eval('[data-testid="camera-tile"]', (tiles) => new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().left))).size);
    expect(lefts).toBe(1);
    const order = await phone.page.$$eval('[data-testid="camera-tile"]', (tiles) => tiles.map((t) => (t as HTMLElement).dataset.cameraId!));
    const first = order[0]!;
    const last = order[order.length - 1]!;
    const enabled = (id: string) =>
      phone.page.evaluate((cameraId) => {
        const room = (window as unknown as { __live: { room: any } }).__live.room;
        for (const p of room.remoteParticipants.values()) for (const pub of p.videoTrackPublications.values()) if (pub.trackName === cameraId) return pub.isEnabled as boolean;
        return null;
      }, id);
    // the last camera is far below the fold: subscribed, but its video is switched off
    await phone.page.waitForFunction(
      (cameraId) => {
        const room = (window as unknown as { __live: { room: any } }).__live.room;
        for (const p of room.remoteParticipants.values()) for (const pub of p.videoTrackPublications.values()) if (pub.trackName === cameraId) return pub.isSubscribed && !pub.isEnabled;
        return false;
      },
      last,
      { timeout: 15_000 },
    );
    expect(await enabled(first)).toBe(true);
    // scrolled into view, it plays
    await phone.page.locator(`[data-testid="camera-tile"][data-camera-id="${last}"]`).scrollIntoViewIfNeeded();
    await phone.page.waitForFunction(
      (cameraId) => {
        const room = (window as unknown as { __live: { room: any } }).__live.room;
        for (const p of room.remoteParticipants.values()) for (const pub of p.videoTrackPublications.values()) if (pub.trackName === cameraId) return pub.isEnabled;
        return false;
      },
      last,
      { timeout: 15_000 },
    );
    await waitForMovingTiles(phone.page, 1, 5, `[data-testid="camera-tile"][data-camera-id="${last}"]`);
    await phone.context.close();
  });

  it("a parent sees only the public-visible cameras, has no microphone, and cannot publish", async () => {
    requireSetup();
    const parent = await stack.signIn("school.parent");
    await openLive(parent, stack.server.url, stack.canteenId);
    const publicIds = cameras.filter((c) => c.publicVisible).map((c) => c.id).sort();
    const hiddenCount = cameras.length - publicIds.length;
    expect(publicIds.length).toBeGreaterThan(0);
    expect(hiddenCount).toBeGreaterThan(0);

    await waitForMovingTiles(parent.page, publicIds.length);
    expect((await movingCameraIds(parent.page)).sort()).toEqual(publicIds);
    // the hidden ones get no tile at all (no black "不可查看" squares), and are not named to a parent
    const shown = await parent.page.$$eval('[data-testid="camera-tile"]', (tiles) => tiles.map((t) => (t as HTMLElement).dataset.cameraId ?? ""));
    expect(shown.sort()).toEqual(publicIds);
    const grid = (await parent.page.textContent('[data-testid="camera-grid"]')) ?? "";
    for (const c of cameras.filter((cam) => !cam.publicVisible)) expect(grid).not.toContain(c.name);
    expect(await parent.page.locator('[data-testid="mic-controls"]').count()).toBe(0);

    // trying through the SDK, past the UI: the gateway's track permissions refuse the hidden cameras …
    const statuses = await parent.page.evaluate(async () => {
      const room = (window as unknown as { __live: { room: any } }).__live.room;
      const pubs: any[] = [];
      for (const p of room.remoteParticipants.values()) for (const pub of p.videoTrackPublications.values()) pubs.push(pub);
      for (const pub of pubs) pub.setSubscribed(true);
      const deadline = Date.now() + 10_000;
      const settled = () => pubs.every((p) => p.isSubscribed || p.permissionStatus === "not_allowed");
      while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return Object.fromEntries(pubs.map((p) => [p.trackName, p.isSubscribed ? "subscribed" : p.permissionStatus]));
    });
    for (const c of cameras) expect(statuses[c.id]).toBe(c.publicVisible ? "subscribed" : "not_allowed");

    // … and publishing is refused
    const attempt = await parent.page.evaluate(async () => {
      const room = (window as unknown as { __live: { room: any } }).__live.room;
      try {
        await room.localParticipant.setMicrophoneEnabled(true);
        return "published";
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    });
    expect(attempt).toMatch(/^refused: .*insufficient permissions/);
    expect(await parent.page.evaluate(() => (window as unknown as { __live: { room: any } }).__live.room.localParticipant.trackPublications.size)).toBe(0);
    await parent.context.close();
  });
});
