import { describe, expect, it } from "vitest";
import { openLive, startLiveStack, waitForMovingTiles } from "./support/live.ts";
import { setupOnce } from "./support/setup.ts";

const SOURCE = { width: 640, height: 360 };

/**
 * Evidence resolution (issue 11 item 13): a frozen frame is stored at the camera's own resolution, not at the
 * size of the picture on screen. The gateway's `test:` cameras send 640×360; the principal freezes a frame from
 * a phone, where every tile is small, right after the pictures start (while the stream may still be ramping up).
 */
describe("frozen frames keep the camera's full resolution", () => {
  const liveStack = setupOnce(
    () => startLiveStack({ gateway: true, gatewayEnv: { GATEWAY_TEST_SIZE: `${SOURCE.width}x${SOURCE.height}`, GATEWAY_MAX_BITRATE: "2000000", GATEWAY_FPS: "4" } }),
    (stack) => stack.close(),
  );

  // the page asks for the top layer and waits (client/live/fullFrame.ts); the gateway keeps the resolution when the
  // bandwidth estimate is low (degradation preference, media/gateway/camera-track.ts), so the top layer is the source
  it("stores the snapshot at the source's width and height, frozen on a 390×844 phone", async () => {
    const stack = liveStack();
    const principal = await stack.signIn("school.principal", { viewport: { width: 390, height: 844 } });
    await openLive(principal, stack.server.url, stack.canteenId);
    await waitForMovingTiles(principal.page, 1, 2);
    const tile = principal.page.locator('[data-testid="camera-tile"][data-state="live"]').first();
    const cameraId = await tile.getAttribute("data-camera-id");
    await tile.click();
    await principal.page.click('[data-testid="freeze-frame"]');
    const viewer = await principal.page.waitForSelector('[data-testid="snapshot-viewer"][data-loaded="true"]', { timeout: 20_000 });
    const snapshotId = await viewer.getAttribute("data-snapshot-id");

    const res = await principal.context.request.get(`${stack.server.url}/api/v1/snapshots/${snapshotId}`);
    expect(res.ok()).toBe(true);
    const snapshot = (await res.json()) as { cameraId: string; width: number; height: number };
    expect(snapshot.cameraId).toBe(cameraId);
    expect({ width: snapshot.width, height: snapshot.height }).toEqual(SOURCE);
    // closed again, the tiles play on adaptive stream as before
    await principal.page.click('[data-testid="snapshot-close"]');
    await waitForMovingTiles(principal.page, 1, 2);
    expect(principal.problems).toEqual([]);
    await principal.context.close();
  });
});
