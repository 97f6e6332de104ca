import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { MONTHLY_ITEMS, WEEKLY_ITEMS } from "../../server/ledgers/kinds.ts";
import { jpegFrame } from "../support/images.ts";
import { startStack } from "../support/stack.ts";
import { launchChromium } from "./support/browser.ts";
import { setupOnce } from "./support/setup.ts";

/** where the screenshots go for a person to look at (SCREENSHOT_DIR, else test-results/ledgers) */
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/ledgers";
const PHONE = { width: 390, height: 844 };
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * what Chromium logs on its own for a refused request or a request made offline (503: a read the service worker
 * has no answer for without a network): expected here, not a fault
 */
const EXPECTED_CONSOLE = /Failed to load resource: (the server responded with a status of (409|503)|net::ERR_INTERNET_DISCONNECTED)/;

/**
 * Issue 14 end to end in Chromium on a phone: the morning check of three people (the one whose certificate
 * expired refused as fit, recorded unfit), a 留样 and a disinfection, a purchase inspection with two photos made
 * offline that waits on the phone and is sent exactly once when the network returns, the principal's 陪餐, the
 * director's review of the day, and the district inspector's completeness at 100 %.
 */
describe("self-discipline ledgers on a phone", () => {
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: "e2e-ledgers", client: true, aiCamera: false });
      const browser = await launchChromium();
      return { server, browser };
    },
    async ({ server, browser }) => {
      await browser.close();
      await server.close();
    },
  );

  async function signIn(username: string, viewport = PHONE) {
    const { server, browser } = env();
    const context = await browser.newContext({ locale: "zh-CN", viewport });
    const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
    expect(res.ok()).toBe(true);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && !EXPECTED_CONSOLE.test(msg.text())) problems.push(`console.error: ${msg.text()}`);
    });
    return { context, page, problems };
  }
  const shot = (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  async function submitted(page: Page) {
    const notice = await page.waitForSelector('[data-testid="ledger-notice"]');
    const text = await notice.textContent();
    await page.evaluate(() => document.querySelector('[data-testid="ledger-notice"]')?.remove());
    return text;
  }
  const pickKind = async (page: Page, kind: string) => {
    await page.click(`[data-testid="ledger-kind-${kind}"]`);
    await page.waitForSelector(`[data-testid="ledger-form"][data-kind="${kind}"]`);
  };
  const localTime = (page: Page, minutesAgo: number) =>
    page.evaluate((m) => {
      const d = new Date(Date.now() - m * 60_000);
      d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
      return d.toISOString().slice(0, 16);
    }, minutesAgo);

  it("morning check, 留样, disinfection, an offline purchase inspection sent once, review, and the inspector's 100 %", async () => {
    const { server } = env();
    const director = await server.login("school.director");
    const canteenId = (await server.call("GET", "/api/v1/canteens", { token: director })).json.items[0].id as string;
    const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
    for (const [name, expires] of [["王建国", day(300)], ["李秀英", day(20)], ["赵小军", day(-2)]] as const) {
      const res = await server.call("POST", "/api/v1/ledgers/staff", { token: director, body: { canteenId, name, position: "厨师", certificateNo: `HC4207${name.length}${expires.replace(/-/g, "")}`, certificateIssuedOn: day(-400), certificateExpiresOn: expires } });
      expect(res.status, res.text).toBe(201);
    }
    const staffIds = Object.fromEntries((await server.call("GET", `/api/v1/ledgers/staff?canteenId=${canteenId}`, { token: director })).json.items.map((s: { name: string; id: string }) => [s.name, s.id]));

    const staff = await signIn("school.staff");
    const { page } = staff;
    await page.goto(`${server.url}/ledgers`);
    await page.waitForSelector('[data-testid="ledger-form"][data-kind="morning_check"]');
    await page.waitForSelector('[data-testid="ledger-todo"]');
    const warnings = await page.$$eval('[data-testid="ledger-cert-warning"]', (els) => els.map((e) => (e as HTMLElement).dataset.status).sort());
    expect(warnings).toEqual(["expired", "within_30_days"]);
    await shot(page, "phone-morning-check-empty");

    const check = async (name: string, fit: boolean) => {
      await page.selectOption('[data-testid="ledger-form"] select[name="staffId"]', staffIds[name]);
      await page.fill('[data-testid="ledger-form"] input[name="temperature"]', "36.5");
      await page.click(`[data-testid="ledger-form"] button[name="fit"][data-value="${fit}"]`);
      await page.click('[data-testid="ledger-submit"]');
    };
    await check("王建国", true);
    expect(await submitted(page)).toBe("已提交");
    await check("李秀英", true);
    expect(await submitted(page)).toBe("已提交");
    // the expired certificate: refused as fit, with the server's reason on screen, nothing recorded
    await check("赵小军", true);
    const banner = await page.waitForSelector('[data-testid="ledger-form"] [data-testid="error-banner"]');
    expect(await banner.textContent()).toBeTruthy();
    await shot(page, "phone-morning-check-refused");
    await page.click('[data-testid="ledger-form"] button[name="fit"][data-value="false"]');
    await page.click('[data-testid="ledger-submit"]');
    expect(await submitted(page)).toBe("已提交");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ledger-entry"][data-kind="morning_check"]').length === 3);

    await pickKind(page, "sample");
    await page.fill('[data-testid="ledger-form"] input[name="dish"]', "番茄炒蛋");
    await page.selectOption('select[name="meal"]', "lunch");
    await page.fill('input[name="weightGrams"]', "150");
    await page.click('[data-testid="ledger-submit"]');
    expect(await submitted(page)).toBe("已提交");
    // a correction: a new version with its reason; the first stays, shown as an earlier version
    await page.click('[data-testid="ledger-entry"][data-kind="sample"] [data-testid="ledger-correct"]');
    await page.fill('[data-testid="ledger-correction"] input[name="weightGrams"]', "160");
    await page.fill('[data-testid="ledger-correction"] textarea[name="reason"]', "称重时未去皮");
    await page.click('[data-testid="ledger-correction"] [data-testid="ledger-submit"]');
    await page.waitForSelector('[data-testid="ledger-entry"][data-kind="sample"] [data-testid="ledger-reason"]');
    await page.click('[data-testid="ledger-history"]');
    expect(await page.textContent('[data-testid="ledger-old-version"]')).toContain("150");
    await shot(page, "phone-sample-corrected");

    await pickKind(page, "disinfection");
    await page.fill('input[name="item"]', "餐具");
    await page.selectOption('select[name="method"]', "heat");
    await page.fill('input[name="startAt"]', await localTime(page, 40));
    await page.fill('input[name="endAt"]', await localTime(page, 10));
    await page.fill('input[name="temperatureC"]', "100");
    await page.click('[data-testid="ledger-submit"]');
    expect(await submitted(page)).toBe("已提交");

    // the storeroom has no signal: the purchase inspection waits on the phone
    await pickKind(page, "purchase_inspection");
    // the app shell's service worker took over after the first visit: this load goes through it and is kept
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.reload();
    await page.waitForSelector('[data-testid="ledger-form"][data-kind="purchase_inspection"]');
    await page.waitForSelector('[data-testid="ledger-entry"][data-kind="purchase_inspection"], [data-testid="ledger-todo"]');
    await staff.context.setOffline(true);
    // a reload with no network still opens the form (the shell and the last answers from the service worker)
    await page.reload();
    await page.waitForSelector('[data-testid="ledger-form"][data-kind="purchase_inspection"]');
    await page.waitForSelector('[data-testid="ledger-form"] input[name="supplier"]');
    await shot(page, "phone-offline-reloaded");
    await page.fill('input[name="supplier"]', "鄂州放心粮油");
    await page.fill('input[name="product"]', "大米");
    await page.fill('input[name="quantity"]', "50");
    await page.fill('input[name="unit"]', "千克");
    await page.fill('input[name="productionDate"]', day(-10));
    await page.fill('input[name="shelfLifeDays"]', "365");
    await page.selectOption('select[name="result"]', "accepted");
    await page.setInputFiles('input[name="photos"]', [
      { name: "合格证.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(320, 240, 1)) },
      { name: "票据.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(320, 240, 2)) },
    ]);
    await page.click('[data-testid="ledger-submit"]');
    expect(await submitted(page)).toContain("无网络");
    await page.waitForSelector('[data-testid="ledger-waiting"][data-count="1"]');
    await shot(page, "phone-offline-waiting");
    // and the entry still waits after another reload without a network (IndexedDB)
    await page.reload();
    await page.waitForSelector('[data-testid="ledger-waiting"][data-count="1"]');
    // back online: sent, once
    await staff.context.setOffline(false);
    await page.waitForSelector('[data-testid="ledger-waiting"][data-count="0"]', { timeout: 15_000 });
    const purchases = await server.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=purchase_inspection&history=true`, { token: director });
    expect(purchases.json.items).toHaveLength(1);
    expect(purchases.json.items[0].photos).toHaveLength(2);
    await page.waitForSelector('[data-testid="ledger-entry"][data-kind="purchase_inspection"]');

    // the principal eats with the students and records it, with a photo
    const principal = await signIn("school.principal");
    await principal.page.goto(`${server.url}/ledgers?kind=accompany_meal`);
    await principal.page.waitForSelector('[data-testid="ledger-form"][data-kind="accompany_meal"]');
    await principal.page.fill('input[name="leader"]', "张校长");
    await principal.page.selectOption('select[name="meal"]', "lunch");
    await principal.page.fill('textarea[name="remarks"]', "饭菜温度适宜，分量充足");
    await principal.page.setInputFiles('input[name="photos"]', [{ name: "陪餐.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(320, 240, 3)) }]);
    await principal.page.click('[data-testid="ledger-submit"]');
    expect(await submitted(principal.page)).toBe("已提交");

    // the director reviews the day (desktop)
    // the principal's 周排查 and 月调度 (through the API), the director's 日管控 ticked item by item (desktop)
    const principalToken = await server.login("school.principal");
    for (const [kind, passed] of [["weekly_check", WEEKLY_ITEMS], ["monthly_dispatch", MONTHLY_ITEMS]] as const) {
      const res = await server.call("POST", "/api/v1/ledgers/entries", { token: principalToken, body: { kind, canteenId, idempotencyKey: `e2e-${kind}-${Date.now()}`, eventAt: new Date(Date.now() - 60_000).toISOString(), data: { passed: [...passed] } } });
      expect(res.status, res.text).toBe(201);
    }
    // the city's regulator adapts 日管控 on a phone (from the ledger overview): removes an item, adds its own
    const regulator = await signIn("ezhou.admin");
    await regulator.page.goto(`${server.url}/ledgers/overview`);
    await regulator.page.click('[data-testid="ledger-checklists-link"]');
    await regulator.page.waitForSelector('[data-testid="checklist-form"][data-kind="daily_control"] [data-testid="checklist-item"]');
    expect(await regulator.page.textContent('[data-testid="checklist-source"]')).toContain("内置");
    await regulator.page.click('[data-testid="checklist-item"][data-key="additives_recorded"] [data-testid="checklist-remove"]');
    await regulator.page.click('[data-testid="checklist-add"]');
    await regulator.page.fill('[data-testid="checklist-item"][data-key=""] input[name="label"]', "燃气阀门已关闭");
    await regulator.page.click('[data-testid="checklist-save"]');
    await regulator.page.waitForSelector('[data-testid="checklist-notice"]');
    expect(await regulator.page.textContent('[data-testid="checklist-source"]')).toContain("第 1 版");
    expect(await regulator.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(regulator.page, "phone-regulator-checklist");
    expect(regulator.problems).toEqual([]);

    // the director's form ticks the items in effect: the city's wording, the removed item gone
    const dir = await signIn("school.director", { width: 1280, height: 900 });
    await dir.page.goto(`${server.url}/ledgers?kind=daily_control`);
    await dir.page.waitForSelector('[data-testid="ledger-form"][data-kind="daily_control"] input[name="passed"]');
    const ticks = await dir.page.$$eval('[data-testid="ledger-form"] input[name="passed"]', (els) => els.map((e) => [(e as HTMLInputElement).value, e.parentElement!.textContent!.trim()]));
    expect(ticks).toHaveLength(8);
    expect(ticks.map(([key]) => key)).not.toContain("additives_recorded");
    expect(ticks[7]![1]).toBe("燃气阀门已关闭");
    for (const box of await dir.page.$$('[data-testid="ledger-form"] input[type="checkbox"][name="passed"]')) await box.check();
    await dir.page.click('[data-testid="ledger-submit"]');
    expect(await submitted(dir.page)).toBe("已提交");
    const daily = await server.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=daily_control`, { token: director });
    expect(daily.json.items[0]).toMatchObject({ flagged: false, derived: { checklist: { regionCode: "420700", version: 1 } } });
    await dir.page.waitForSelector('[data-testid="ledger-todo"][data-rate="1"]');
    await dir.page.click('[data-testid="ledger-review"]');
    await dir.page.waitForSelector('[data-testid="ledger-review"]:disabled');
    await shot(dir.page, "desktop-director-reviewed");
    const reviews = await server.call("GET", `/api/v1/ledgers/reviews?canteenId=${canteenId}`, { token: director });
    expect(reviews.json.items).toMatchObject([{ type: "daily_review", day: today() }]);

    // the day's ledgers, every kind, as the .xlsx the regulator files: it opens and holds the rows
    await dir.page.selectOption('[data-testid="ledger-export"] select[name="exportKind"]', "all");
    const [download] = await Promise.all([dir.page.waitForEvent("download"), dir.page.click('[data-testid="ledger-export-xlsx"]')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as never);
    const sheet = (name: string) => Array.from(workbook.getWorksheet(name)!.getSheetValues(), (r) => (Array.isArray(r) ? Array.from(r, (v) => String(v ?? "")) : []));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["晨检", "留样", "清洗消毒", "进货查验", "校长陪餐", "日管控", "周排查", "月调度"]);
    expect(sheet("晨检").filter((r) => r.includes("王建国") || r.includes("李秀英") || r.includes("赵小军"))).toHaveLength(3);
    expect(sheet("留样").find((r) => r.includes("番茄炒蛋"))).toEqual(expect.arrayContaining(["160", "午餐"]));
    expect(sheet("进货查验").find((r) => r.includes("鄂州放心粮油"))).toEqual(expect.arrayContaining(["大米", "验收合格", "2"]));

    // the district inspector: the canteen at 100 % of what was due today
    const inspector = await signIn("echeng.inspector", { width: 1280, height: 900 });
    await inspector.page.goto(`${server.url}/ledgers/overview`);
    await inspector.page.waitForSelector(`[data-testid="ledger-canteen-row"][data-canteen-id="${canteenId}"][data-rate="1"]`);
    await shot(inspector.page, "desktop-inspector-overview");
    const phoneInspector = await signIn("echeng.inspector");
    await phoneInspector.page.goto(`${server.url}/ledgers/overview`);
    await phoneInspector.page.waitForSelector('[data-testid="ledger-canteen-row"]');
    await shot(phoneInspector.page, "phone-inspector-overview");

    for (const user of [staff, principal, dir, inspector, phoneInspector]) expect(user.problems).toEqual([]);
    await Promise.all([staff, principal, dir, inspector, phoneInspector].map((u: { context: BrowserContext }) => u.context.close()));
  }, 240_000);

  it("a positive 农残快检 entered on the phone is an alert the district inspector opens with its entry", async () => {
    const { server } = env();
    const staff = await signIn("school.staff");
    await staff.page.goto(`${server.url}/ledgers?kind=pesticide_test`);
    await staff.page.waitForSelector('[data-testid="ledger-form"][data-kind="pesticide_test"]');
    await staff.page.fill('[data-testid="ledger-form"] input[name="sample"]', "韭菜");
    await staff.page.selectOption('[data-testid="ledger-form"] select[name="method"]', "enzyme_inhibition");
    await staff.page.fill('[data-testid="ledger-form"] input[name="inhibitionRate"]', "62");
    await staff.page.selectOption('[data-testid="ledger-form"] select[name="result"]', "positive");
    await staff.page.click('[data-testid="ledger-submit"]');
    expect(await submitted(staff.page)).toBe("已提交");
    await staff.page.waitForSelector('[data-testid="ledger-entry"][data-kind="pesticide_test"]');

    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      const inspector = await signIn("echeng.inspector", viewport);
      await inspector.page.goto(`${server.url}/alerts`);
      const card = await inspector.page.waitForSelector('[data-testid="alert-card"]:has-text("农残快检阳性")');
      expect(await card.textContent()).toContain("自律台账");
      await card.click();
      const source = await inspector.page.waitForSelector('[data-testid="alert-ledger-source"]:has-text("韭菜")');
      expect(await source.textContent()).toContain("62");
      expect(await inspector.page.$('[data-testid="alert-live-link"]')).toBeNull();
      await shot(inspector.page, `${viewport === PHONE ? "phone" : "desktop"}-inspector-pesticide-alert`);
      expect(inspector.problems).toEqual([]);
      await inspector.context.close();
    }
    // the principal's to-do lists it among the alerts to dispose of
    const principal = await signIn("school.principal");
    await principal.page.goto(`${server.url}/todo`);
    await principal.page.waitForSelector('text=农残快检阳性');
    await shot(principal.page, "phone-principal-todo-pesticide");
    for (const user of [staff, principal]) expect(user.problems).toEqual([]);
    await Promise.all([staff, principal].map((u) => u.context.close()));
  }, 120_000);
});
