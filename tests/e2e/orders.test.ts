import { createClient } from "@libsql/client";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { jpegFrame } from "../support/images.ts";
import { drag, drawUntilShown, freezeFirstMovingCamera, hold, label, waitForAnnotations } from "./support/annotate.ts";
import { openLive, startLiveStack } from "./support/live.ts";
import { setupOnce } from "./support/setup.ts";

const statusOf = (page: Page) => page.getAttribute('[data-testid="order-page"] [data-testid="order-status"]', "data-status");
const waitForStatus = (page: Page, status: string) => page.waitForSelector(`[data-testid="order-page"] [data-testid="order-status"][data-status="${status}"]`, { timeout: 15_000 });
const timeline = (page: Page) => page.$$eval('[data-testid="order-event"]', (els) => els.map((e) => (e as HTMLElement).dataset.type));

/**
 * Issue 4 end to end, everything real (API, libSQL, LiveKit, the camera gateway, Chromium): a frame frozen
 * and annotated together, an order issued and acknowledged in the call, then the rectification loop on
 * the order pages, and the public verification of the signed document.
 */
describe("frozen frames, shared annotations and rectification orders in Chromium", () => {
  const liveStack = setupOnce(() => startLiveStack({ gateway: true }), (stack) => stack.close());

  it("inspector and principal annotate one frame, the order is issued, acknowledged, rectified, returned once, accepted, closed and verified", async () => {
    const stack = liveStack();
    const base = stack.server.url;
    const inspector = await stack.signIn("echeng.inspector");
    // the principal joins from a phone
    const principal = await stack.signIn("school.principal", { viewport: { width: 390, height: 844 } });
    await Promise.all([openLive(inspector, base, stack.canteenId), openLive(principal, base, stack.canteenId)]);

    // the inspection session the snapshot and the order belong to
    await inspector.page.selectOption('[data-testid="inspection-kind"]', "live_inspection");
    await inspector.page.click('[data-testid="inspection-start"]');
    // the gateway streams: no "no camera online" warning stands in the way
    expect(await inspector.page.locator('[data-testid="inspection-no-camera"]').count()).toBe(0);
    await principal.page.waitForSelector('[data-testid="active-inspection"]');

    // 冻结画面: the principal's page opens the frozen frame from the server's broadcast
    const snapshotId = await freezeFirstMovingCamera(inspector.page);
    await principal.page.waitForSelector(`[data-testid="snapshot-viewer"][data-snapshot-id="${snapshotId}"][data-loaded="true"]`, { timeout: 15_000 });

    // a stroke in progress and the inspector's cursor show on the principal's screen before anything is committed
    const stroke = await hold(inspector.page, "stroke", [0.1, 0.9], [0.4, 0.8], 12);
    const inspectorId = await inspector.page.evaluate(() => (window as unknown as { __live: { room: { localParticipant: { identity: string } } } }).__live.room.localParticipant.identity);
    await drawUntilShown(principal.page, `[data-testid="live-drawing"][data-kind="stroke"][data-author="${inspectorId}"]`, stroke.more);
    await drawUntilShown(principal.page, `[data-testid="live-cursor"][data-author="${inspectorId}"]`, stroke.more);
    await stroke.release();
    await waitForAnnotations(principal.page, ["stroke"]);
    await principal.page.waitForSelector('[data-testid="live-drawing"]', { state: "detached" });
    // …and the inspector takes it back (undo of one's own shape)
    await inspector.page.click('[data-testid="annot-undo"]');
    await waitForAnnotations(principal.page, []);

    // the inspector marks the problem: a rectangle and a text; the principal sees both
    await drag(inspector.page, "rect", [0.2, 0.2], [0.55, 0.6]);
    await label(inspector.page, [0.22, 0.65], "操作人员未戴口罩");
    await waitForAnnotations(inspector.page, ["rect", "text"]);
    await waitForAnnotations(principal.page, ["rect", "text"]);
    expect(await principal.page.textContent('[data-testid="annotation-text"]')).toBe("操作人员未戴口罩");

    // the principal points back with an arrow; the inspector sees it
    await drag(principal.page, "arrow", [0.85, 0.85], [0.5, 0.55]);
    await waitForAnnotations(inspector.page, ["arrow", "rect", "text"]);
    await waitForAnnotations(principal.page, ["arrow", "rect", "text"]);
    const authors = await inspector.page.$$eval('[data-testid="snapshot-viewer"] [data-testid="annotation"]', (els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${(e as HTMLElement).dataset.author}`));
    const principalId = await principal.page.evaluate(() => (window as unknown as { __live: { room: { localParticipant: { identity: string } } } }).__live.room.localParticipant.identity);
    expect(authors.filter((a) => a.endsWith(principalId))).toEqual([`arrow:${principalId}`]);

    // the order, with that snapshot (preselected: it is the open one)
    await inspector.page.click('[data-testid="order-issue"]');
    await inspector.page.fill('[data-testid="order-problem"]', "烹饪区操作人员未按规定佩戴口罩");
    await inspector.page.selectOption('[data-testid="order-severity"]', "major");
    // the legal-basis catalogue loads when the form opens
    const firstBasis = await inspector.page.waitForSelector('[data-testid="order-basis"] option[value]:not([value=""])', { state: "attached" });
    const basis = await firstBasis.evaluate((o) => (o as HTMLOptionElement).value);
    await inspector.page.selectOption('[data-testid="order-basis"]', basis);
    expect(await inspector.page.isChecked(`[data-testid="order-snapshot"][value="${snapshotId}"]`)).toBe(true);
    await inspector.page.click('[data-testid="order-send"]');
    const row = await inspector.page.waitForSelector('[data-testid="call-order"][data-status="issued"]', { timeout: 15_000 });
    const orderId = (await row.getAttribute("data-order-id"))!;

    // the principal sees it in the call and acknowledges (签收); the inspector sees that at once
    await principal.page.waitForSelector(`[data-testid="order-banner"][data-order-id="${orderId}"]`, { timeout: 15_000 });
    await principal.page.click(`[data-testid="order-banner"][data-order-id="${orderId}"] [data-testid="order-acknowledge"]`);
    await inspector.page.waitForSelector(`[data-testid="call-order"][data-order-id="${orderId}"][data-status="acknowledged"]`, { timeout: 15_000 });
    await principal.page.waitForSelector('[data-testid="order-banner"]', { state: "detached" });

    // after the call: the principal submits evidence on the order page
    const orderUrl = `${base}/orders/${orderId}`;
    await Promise.all([inspector.page.goto(orderUrl), principal.page.goto(orderUrl)]);
    await waitForStatus(principal.page, "acknowledged");
    const submit = async (text: string, seed: number) => {
      await principal.page.fill('[data-testid="order-description"]', text);
      await principal.page.setInputFiles('[data-testid="order-photos"]', [{ name: `rect-${seed}.jpg`, mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(64, 48, seed)) }]);
      await principal.page.click('[data-testid="order-submit"]');
      await waitForStatus(principal.page, "submitted");
    };
    await submit("已为烹饪区全体人员配发口罩并培训", 1);

    // the inspector returns it once, with a reason
    await inspector.page.reload();
    await waitForStatus(inspector.page, "submitted");
    await inspector.page.fill('[data-testid="order-reason"]', "照片未显示烹饪区现场，请补拍");
    await inspector.page.click('[data-testid="order-return"]');
    await waitForStatus(inspector.page, "acknowledged");

    // the principal resubmits; the inspector accepts and closes
    await principal.page.reload();
    await waitForStatus(principal.page, "acknowledged");
    expect(await principal.page.textContent('[data-testid="order-event"][data-type="returned"]')).toContain("照片未显示烹饪区现场");
    await submit("补拍烹饪区现场照片：人员均佩戴口罩", 2);
    await inspector.page.reload();
    await waitForStatus(inspector.page, "submitted");
    await inspector.page.click('[data-testid="order-accept"]');
    await waitForStatus(inspector.page, "accepted");
    await inspector.page.click('[data-testid="order-close"]');
    await waitForStatus(inspector.page, "closed");

    // a reload in both browsers shows the same final state
    const expected = ["issued", "acknowledged", "submitted", "returned", "submitted", "accepted", "closed"];
    for (const user of [inspector, principal]) {
      await user.page.reload();
      await waitForStatus(user.page, "closed");
      expect(await timeline(user.page)).toEqual(expected);
      expect(await user.page.$$eval('[data-testid="order-evidence"]', (els) => els.length)).toBe(2);
      expect(await user.page.textContent('[data-testid="order-number"]')).toMatch(/市监整〔\d{4}〕\d{4}号$/);
      await user.page.waitForSelector('[data-testid="annotated-snapshot"][data-count="3"]');
    }
    expect(await statusOf(principal.page)).toBe("closed");
    expect(await principal.page.locator('[data-testid="order-submit-form"], [data-testid="order-review-form"], [data-testid="order-close"]').count()).toBe(0);

    // the print view's QR code opens the public verification page, which needs no sign-in
    await inspector.page.goto(`${orderUrl}/print`);
    const qr = await inspector.page.waitForSelector('[data-testid="print-qr"]');
    const verifyUrl = (await qr.getAttribute("data-url"))!;
    expect(verifyUrl).toBe(`${base}/verify/order/${orderId}`);
    expect(await inspector.page.textContent('[data-testid="print-hash"]')).toMatch(/^[0-9a-f]{64}$/);
    // printed (or saved as PDF), the document stands alone: no app bar, no navigation, no print button
    await inspector.page.emulateMedia({ media: "print" });
    expect(await inspector.page.isVisible(".topbar")).toBe(false);
    expect(await inspector.page.isVisible('[data-testid="nav"]')).toBe(false);
    expect(await inspector.page.isVisible('[data-testid="print-qr"]')).toBe(true);
    const anonymous = await stack.browser.newContext({ locale: "zh-CN" });
    const visitor = await anonymous.newPage();
    await visitor.goto(verifyUrl);
    await visitor.waitForSelector('[data-testid="verify-result"][data-result="unchanged"]');
    expect(await visitor.textContent('[data-testid="verify-result"]')).toContain("未被改动");

    // someone alters the order's row directly in the database: the page says so
    const db = createClient({ url: stack.server.databaseUrl });
    try {
      const changed = await db.execute({ sql: "UPDATE orders SET deadline = deadline + 86400000 WHERE id = ?", args: [orderId] });
      expect(changed.rowsAffected).toBe(1);
    } finally {
      db.close();
    }
    await visitor.reload();
    await visitor.waitForSelector('[data-testid="verify-result"][data-result="changed"]');
    expect(await visitor.textContent('[data-testid="verify-result"]')).toContain("不一致");
    await anonymous.close();

    expect(inspector.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await inspector.context.close();
    await principal.context.close();
  });
});
