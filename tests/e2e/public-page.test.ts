import { describe, expect, it } from "vitest";
import { jpegFrame } from "../support/images.ts";
import { publicBrowserEnv } from "./support/public.ts";

/**
 * The canteen's public page in Chromium (issue 13): on a phone, not signed in, the QR code's page shows the
 * canteen's facts and hotlines; a complaint with HTML and a photo is filed; the school answers it in its inbox;
 * the tracking code shows the answer. An unknown slug is a friendly page; the poster carries the QR code.
 */
describe("the public page in Chromium", () => {
  const { env, open, shot } = publicBrowserEnv("e2e-public");

  async function slugOf() {
    const { server } = env();
    const token = await server.login("school.principal");
    const res = await server.call("GET", `/api/v1/canteens/${server.demo.canteenId}`, { token });
    return res.json.publicSlug as string;
  }

  it("files a complaint from a phone, the school answers, the tracking code shows the answer", async () => {
    const slug = await slugOf();
    const visitor = await open(null, `/p/${slug}`, true);
    const { page } = visitor;
    await page.waitForSelector('[data-testid="public-canteen"]');
    expect(await page.textContent('[data-testid="public-facts"]')).toContain("食品经营许可证");
    expect(await page.textContent('[data-testid="public-hotlines"]')).toMatch(/12315[\s\S]*12331/);
    expect(await page.textContent('[data-testid="public-certs"]')).toContain("尚未在本平台公示");
    await shot(page, "public-page-phone");

    await page.click('[data-testid="star-4"]');
    await page.click('[data-testid="rating-submit"]');
    await page.waitForSelector('[data-testid="rating-thanks"]');

    const html = "<b>饭菜里有头发</b>";
    await page.selectOption('[data-testid="complaint-category"]', "foreign_object");
    await page.fill('[data-testid="complaint-text"]', html);
    await page.fill('[data-testid="complaint-phone"]', "13812345678");
    await page.setInputFiles('[data-testid="complaint-photo"]', { name: "hair.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(160, 90)) });
    await page.click('[data-testid="complaint-submit"]');
    const code = (await (await page.waitForSelector('[data-testid="complaint-code"]')).textContent())!.trim();
    expect(code).toMatch(/^[2-9A-Z]{10}$/);
    await shot(page, "complaint-receipt-phone");

    // the school's inbox: the text shown as text, the phone masked
    const school = await open("school.principal", "/complaints", false);
    const card = await school.page.waitForSelector(`[data-testid="complaint-card"][data-code="${code}"]`);
    expect(await (await card.$('[data-testid="complaint-card-text"]'))!.textContent()).toBe(html);
    expect(await (await card.$('[data-testid="complaint-phone-masked"]'))!.textContent()).toBe("138****5678");
    expect(await school.page.$(`[data-testid="complaint-card"][data-code="${code}"] b`)).toBeNull();
    await (await card.$('[data-testid="complaint-note"]'))!.fill("已核查，当餐厨师停岗培训，发网每日晨检");
    await (await card.$('[data-testid="complaint-answer"]'))!.click();
    await school.page.waitForSelector(`[data-testid="complaint-card"][data-code="${code}"][data-status="answered"]`);
    await shot(school.page, "complaints-inbox-desktop");
    expect(school.errors).toEqual([]);
    await school.context.close();

    // back on the phone: the tracking code shows the answer
    await page.fill('[data-testid="track-input"]', code.toLowerCase());
    await page.click('[data-testid="track-go"]');
    const answer = await page.waitForSelector('[data-testid="track-result"][data-status="answered"] [data-testid="track-answer"]');
    expect(await answer.textContent()).toContain("已核查，当餐厨师停岗培训");
    expect(await page.textContent('[data-testid="track-text"]')).toBe(html);
    await shot(page, "complaint-tracked-phone");
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it("an unknown slug is a friendly page that still gives the hotlines; the poster carries the page's QR code", async () => {
    const missing = await open(null, "/p/nosuchcanteen", true);
    const dead = await missing.page.waitForSelector('[data-testid="public-not-found"]');
    expect(await dead.textContent()).toContain("未找到该食堂公示页");
    expect(await dead.textContent()).toContain("12315");
    await shot(missing.page, "public-not-found-phone");
    expect(missing.errors).toEqual([]);
    await missing.context.close();

    const slug = await slugOf();
    const poster = await open(null, `/p/${slug}/poster`, false);
    const qr = await poster.page.waitForSelector('[data-testid="poster-qr"]');
    expect(await qr.getAttribute("data-url")).toBe(`${env().server.url}/p/${slug}`);
    await shot(poster.page, "poster-desktop");
    const pdf = await poster.page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    expect(poster.errors).toEqual([]);
    await poster.context.close();
  });

  it("lands the principal on the school's to-do; the committee and viewing pages say where things stand", async () => {
    const school = await open("school.principal", "/", false);
    await school.page.waitForSelector('[data-testid="todo-page"]');
    expect(new URL(school.page.url()).pathname).toBe("/todo");
    await school.page.waitForSelector('[data-testid="todo-counts"]');
    await shot(school.page, "todo-desktop");
    await school.page.goto(`${env().server.url}/committee`);
    const count = await school.page.waitForSelector('[data-testid="committee-count"]');
    expect(await count.getAttribute("data-meets")).toBe("false");
    expect(await count.textContent()).toContain("不少于 7 人");
    await shot(school.page, "committee-desktop");
    await school.page.goto(`${env().server.url}/viewing`);
    await school.page.waitForSelector('[data-testid="viewing-empty"]');
    await school.page.click('[data-testid="viewing-schedule"] summary');
    await shot(school.page, "viewing-schedule-desktop");
    expect(school.errors).toEqual([]);
    await school.context.close();
    const parent = await open("school.parent", "/viewing", true);
    await parent.page.waitForSelector('[data-testid="viewing-empty"]');
    expect(await parent.page.$('[data-testid="viewing-schedule"]')).toBeNull();
    await shot(parent.page, "viewing-parent-phone");
    expect(parent.errors).toEqual([]);
    await parent.context.close();
  });
});
