import type { Page } from "playwright-core";
import { waitForMovingTiles } from "./live.ts";

/** A normalised point [x, y] on the open snapshot's drawing surface, in page pixels. */
async function at(page: Page, p: [number, number]) {
  // mouse events land at viewport coordinates: on a phone the frame may be below the fold
  await page.locator('[data-testid="annotation-layer"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid="annotation-layer"]').boundingBox();
  if (!box) throw new Error("no annotation layer on the page");
  return { x: box.x + p[0] * box.width, y: box.y + p[1] * box.height };
}

/**
 * Presses the mouse at `from` with `tool` and moves to `to` without releasing; returns `more`, which goes on
 * drawing a little further (as a user does), and the release.
 */
export async function hold(page: Page, tool: "rect" | "arrow" | "stroke", from: [number, number], to: [number, number], steps = 8) {
  await page.click(`[data-testid="tool-${tool}"]`);
  const a = await at(page, from);
  const b = await at(page, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps });
  let x = b.x;
  return {
    more: async () => {
      x += 3;
      await page.mouse.move(x, b.y, { steps: 2 });
    },
    release: () => page.mouse.up(),
  };
}

/**
 * Waits for `selector` on `page` while `more` goes on drawing: previews travel on LiveKit's lossy data, where
 * a packet may be lost by design, so the test asserts what a user sees, the preview appearing as they draw.
 */
export async function drawUntilShown(page: Page, selector: string, more: () => Promise<void>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.waitForSelector(selector, { timeout: 1000 }).then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error(`${selector} did not show while drawing for ${timeoutMs} ms`);
    await more();
  }
}

/** Picks a drawing tool and drags from `from` to `to` with real mouse events (`steps` moves in between). */
export async function drag(page: Page, tool: "rect" | "arrow" | "stroke", from: [number, number], to: [number, number], steps = 8) {
  await (await hold(page, tool, from, to, steps)).release();
}

/** Places a text label at `p`. */
export async function label(page: Page, p: [number, number], text: string) {
  await page.click('[data-testid="tool-text"]');
  const a = await at(page, p);
  await page.mouse.click(a.x, a.y);
  await page.fill('[data-testid="annot-text-input"]', text);
  await page.press('[data-testid="annot-text-input"]', "Enter");
}

/** Enlarges the first camera whose video moves and freezes its current frame; resolves to the snapshot id. */
export async function freezeFirstMovingCamera(page: Page): Promise<string> {
  // a click in the side panel (开始检查 below the PTZ panel) may have scrolled the tiles out of view, and adaptive
  // stream pauses what is not seen: look at the cameras again, as the user does before freezing one
  await page.locator('[data-testid="camera-tile"]').first().scrollIntoViewIfNeeded();
  await waitForMovingTiles(page, 1);
  const tile = page.locator('[data-testid="camera-tile"][data-state="live"]').first();
  await tile.click();
  await page.click('[data-testid="freeze-frame"]');
  const viewer = await page.waitForSelector('[data-testid="snapshot-viewer"][data-loaded="true"]', { timeout: 20_000 });
  return (await viewer.getAttribute("data-snapshot-id"))!;
}

/** Waits until the open snapshot shows `count` committed annotations of these kinds (in any order). */
export async function waitForAnnotations(page: Page, kinds: string[]) {
  const want = [...kinds].sort().join(",");
  await page.waitForFunction(
    (w) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="snapshot-viewer"] [data-testid="annotation"]')]
        .map((e) => e.dataset.kind)
        .sort()
        .join(",") === w,
    want,
    { timeout: 15_000 },
  );
}
