import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoBrowser, PHONE } from "./support/demo-browser.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/dispatch) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/dispatch";

const DESKTOP = { width: 1280, height: 860 };

/**
 * 应急指挥调度 end to end in Chromium (issue 16, item 8): the principal of 鄂城区第一中学 has the live room of the
 * school's canteen open on a phone when the city admin, from the overview, sends an urgent notice to 鄂城区; the
 * banner appears in the live room without a reload (pushed on the bus through the real LiveKit), the to-do lists the
 * notice too, and 已读 on the banner signs for the school: the banner goes, the to-do empties, the admin sees 1 read
 * with the school's live view a click away. No uncaught page error anywhere.
 */
describe("a dispatch notice from the city to a district's schools", () => {
  const { env, signIn, shot: shotOf } = demoBrowser("dispatch", SHOTS);
  const shot = (page: Page, name: string) => shotOf(page, name, true);

  it("reaches the live room open at the school as a banner, is read there, and counted for the sender", async () => {
    const { server } = env();
    const title = "紧急：暂停使用某批次冷冻猪肉";

    // the principal of 鄂城区第一中学, on a phone, in the live room of the school's canteen before anything is sent
    const principal = await signIn("school.principal", PHONE);
    const canteens = (await (await principal.context.request.get(`${server.url}/api/v1/canteens`)).json()) as { items: Array<{ id: string }> };
    const canteenId = canteens.items[0]!.id;
    await principal.page.goto(`${server.url}/live/${canteenId}`);
    await principal.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    expect(await principal.page.locator('[data-testid="notice-banner"]').count()).toBe(0);

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
    const noticeId = await item.getAttribute("data-id");
    await shot(admin.page, "2-admin-sent-desktop");

    // the banner arrives in the open live room, no reload: in Chinese, urgent, inside the phone's width
    const banner = principal.page.locator(`[data-testid="notice-banner"][data-notice-id="${noticeId}"]`);
    await banner.waitFor();
    expect(await banner.textContent()).toContain(title);
    expect(await banner.textContent()).toContain("调度通知"); // 「{sender}调度通知」
    expect(await banner.locator('[data-testid="notice-urgency"]').textContent()).toBe("紧急");
    expect(await banner.locator('[data-testid="notice-banner-read"]').textContent()).toBe("已读");
    const box = (await banner.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await principal.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await banner.locator('[data-testid="notice-banner-read"]').isVisible()).toBe(true);
    await shot(principal.page, "3-principal-live-banner-phone");

    // the same notice waits on the school's to-do (another tab: the room stays open)
    const todo = await principal.context.newPage();
    todo.on("pageerror", (err) => principal.problems.push(`pageerror: ${err.message}`));
    await todo.goto(`${server.url}/todo`);
    const todoItem = todo.locator('[data-testid="todo-item"][data-kind="notice"]');
    await todoItem.waitFor();
    expect(await todoItem.textContent()).toContain(title);
    expect(await todoItem.getAttribute("data-overdue")).toBe("true");
    await shot(todo, "4-principal-todo-phone");

    // 已读 on the banner signs for the school: the banner goes, the to-do empties
    await banner.locator('[data-testid="notice-banner-read"]').click();
    await banner.waitFor({ state: "detached" });
    await shot(principal.page, "5-principal-live-read-phone");
    await todo.reload();
    await todo.waitForSelector('[data-testid="todo-page"] [data-testid="todo-counts"]');
    expect(await todo.locator('[data-testid="todo-item"][data-kind="notice"]').count()).toBe(0);
    await todo.goto(`${server.url}/notices/${noticeId}`);
    await todo.waitForSelector('[data-testid="notice-you-read"]');
    await todo.close();

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
    // one click from the receipt into the school's live room (where the principal still is), to talk at once
    await admin.page.setViewportSize(DESKTOP);
    await live.click();
    await admin.page.waitForSelector(`[data-testid="live-page"][data-canteen-id="${canteenId}"] [data-testid="connection-state"][data-state="connected"]`, { timeout: 30_000 });
    // a regulator does not get the school's banner
    expect(await admin.page.locator('[data-testid="notice-banner"]').count()).toBe(0);

    expect(admin.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await admin.context.close();
    await principal.context.close();
  });
});
