import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoBrowser, PHONE } from "./support/demo-browser.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/dispatch) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/dispatch";

const DESKTOP = { width: 1280, height: 860 };

/**
 * 应急指挥调度 end to end in Chromium (issue 16, item 8): the city admin, from the overview, sends an urgent notice to
 * 鄂城区; the principal of 鄂城区第一中学 finds it on the to-do on a phone and signs for it (已读); the admin sees the
 * school read (1 read) with its live view a click away. No uncaught page error anywhere. (The live room's banner,
 * pushed on the bus, is covered by tests/integration/dispatch-push.test.ts with a real LiveKit.)
 */
describe("a dispatch notice from the city to a district's schools", () => {
  const { env, signIn, shot: shotOf } = demoBrowser("dispatch", SHOTS);
  const shot = (page: Page, name: string) => shotOf(page, name, true);

  it("is sent, read by the school on its to-do, and counted for the sender", async () => {
    const { server } = env();
    const title = "紧急：暂停使用某批次冷冻猪肉";

    // the city admin, on a desktop, from the overview
    const admin = await signIn("ezhou.admin", DESKTOP);
    await admin.page.goto(`${server.url}/overview`);
    await admin.page.click('[data-testid="overview-dispatch"]');
    await admin.page.waitForSelector('[data-testid="notice-compose"]');
    await admin.page.waitForSelector('[data-testid="notices-empty"]');
    await shot(admin.page, "1-admin-empty-desktop");
    await admin.page.selectOption('[data-testid="notice-region"]', "420704");
    await admin.page.fill('[data-testid="notice-title"]', title);
    await admin.page.fill('[data-testid="notice-body"]', "各学校：\n经抽检，某批次冷冻猪肉存在问题，请立即排查库房并停止使用，处理结果于今日下班前报区市场监管局。");
    await admin.page.check('[data-testid="notice-urgent"]');
    await admin.page.click('[data-testid="notice-send"]');
    await admin.page.waitForSelector('[data-testid="notice-sent"]');
    const item = admin.page.locator('[data-testid="notice-item"]').first();
    await expect.poll(() => item.getAttribute("data-read")).toBe("0");
    const schools = Number(await item.getAttribute("data-schools"));
    expect(schools).toBe(12);
    expect(await item.locator('[data-testid="notice-urgency"]').getAttribute("data-urgency")).toBe("urgent");
    await shot(admin.page, "2-admin-sent-desktop");

    // the principal of 鄂城区第一中学, on a phone: the to-do, then 已读
    const principal = await signIn("school.principal", PHONE);
    await principal.page.goto(`${server.url}/todo`);
    const todoItem = principal.page.locator('[data-testid="todo-item"][data-kind="notice"]');
    await todoItem.waitFor();
    expect(await todoItem.textContent()).toContain(title);
    expect(await todoItem.getAttribute("data-overdue")).toBe("true");
    await shot(principal.page, "3-principal-todo-phone");
    await todoItem.locator("a").click();
    await principal.page.waitForSelector('[data-testid="notice-body-shown"]');
    expect(await principal.page.textContent('[data-testid="notice-title-shown"]')).toBe(title);
    await shot(principal.page, "4-principal-notice-phone");
    await principal.page.click('[data-testid="notice-mark-read"]');
    await principal.page.waitForSelector('[data-testid="notice-you-read"]');
    await shot(principal.page, "5-principal-read-phone");
    await principal.page.goto(`${server.url}/todo`);
    await principal.page.waitForSelector('[data-testid="todo-page"] [data-testid="todo-counts"]');
    expect(await principal.page.locator('[data-testid="todo-item"][data-kind="notice"]').count()).toBe(0);

    // the admin sees 1 read, the school signed, and its live view a click away
    await admin.page.reload();
    await expect.poll(() => admin.page.locator('[data-testid="notice-item"]').first().getAttribute("data-read")).toBe("1");
    expect(await admin.page.locator('[data-testid="notice-item"] [data-testid="notice-read-count"]').first().textContent()).toBe(`已读 1/${schools}`);
    await admin.page.click('[data-testid="notice-item"] [data-testid="notice-link"]');
    await admin.page.waitForSelector('[data-testid="notice-receipts"]');
    const signed = admin.page.locator('[data-testid="notice-receipt"][data-read="true"]');
    expect(await signed.count()).toBe(1);
    expect(await signed.textContent()).toContain("鄂城区第一中学");
    expect(await signed.textContent()).toContain("校长");
    expect(await admin.page.locator('[data-testid="notice-receipt"][data-read="false"]').count()).toBe(schools - 1);
    const live = signed.locator('[data-testid="live-link"]').first();
    expect(await live.getAttribute("href")).toMatch(/^\/live\/cnt_/);
    await shot(admin.page, "6-admin-receipts-desktop");
    await admin.page.setViewportSize(PHONE);
    await shot(admin.page, "7-admin-receipts-phone");

    expect(admin.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await admin.context.close();
    await principal.context.close();
  });
});
