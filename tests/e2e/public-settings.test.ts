import { describe, expect, it } from "vitest";
import { imageForm } from "../support/images.ts";
import { publicBrowserEnv } from "./support/public.ts";

/**
 * The school's settings of its public page and 投诉转整改 in Chromium (issue 13): the principal sets the public
 * cameras' hours and cap and takes a camera off the public list, on a desktop and on a phone; the public page
 * follows. The district regulator turns a complaint into a rectification order from its inbox; the order names
 * the complaint, and the tracking code on a phone shows the order without personal data.
 */
describe("the public page's settings and complaint → order in Chromium", () => {
  const { env, open, shot } = publicBrowserEnv("e2e-public-settings");

  it("sets the public cameras' hours, cap and list; a bad window is refused in words; the public page follows", async () => {
    const { server } = env();
    const canteenId = server.demo.canteenId;
    const school = await open("school.principal", `/canteens/${canteenId}`, false);
    await school.page.click('[data-testid="canteen-disclosure"]');
    await school.page.waitForSelector('[data-testid="disclosure-form"]');
    expect(await school.page.isVisible('[data-testid="disclosure-closed"]')).toBe(true);
    await shot(school.page, "disclosure-empty-desktop");
    // closing before opening: refused with the reason, nothing saved
    await school.page.fill('[data-testid="disclosure-from"]', "12:30");
    await school.page.fill('[data-testid="disclosure-to"]', "10:30");
    await school.page.click('[data-testid="disclosure-save"]');
    expect(await (await school.page.waitForSelector('[data-testid="disclosure-form"] .error-banner')).textContent()).toContain("结束时间须晚于开放时间");
    await school.page.fill('[data-testid="disclosure-from"]', "00:00");
    await school.page.fill('[data-testid="disclosure-to"]', "23:59");
    await school.page.fill('[data-testid="disclosure-cap"]', "30");
    await school.page.click('[data-testid="disclosure-save"]');
    await school.page.waitForSelector('[data-testid="disclosure-saved"]');
    // one camera off the public list, saved at once
    const first = await school.page.waitForSelector('[data-testid="disclosure-camera"][data-public="true"]');
    const cameraId = (await first.getAttribute("data-camera-id"))!;
    await (await first.$('[data-testid="disclosure-camera-public"]'))!.click();
    // the switch shows the new state at once and is busy until the server has it
    await school.page.waitForSelector(`[data-testid="disclosure-camera"][data-camera-id="${cameraId}"][data-public="false"][aria-busy="false"]`);
    await shot(school.page, "disclosure-desktop");
    expect(school.errors).toEqual([]);
    await school.context.close();

    const phone = await open("school.principal", `/canteens/${canteenId}/disclosure`, true);
    await phone.page.waitForSelector('[data-testid="disclosure-form"]');
    expect(await phone.page.inputValue('[data-testid="disclosure-cap"]')).toBe("30");
    await shot(phone.page, "disclosure-phone");
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    const token = await server.login("school.principal");
    const slug = (await server.call("GET", `/api/v1/canteens/${canteenId}`, { token })).json.publicSlug as string;
    const page = (await server.call("GET", `/api/v1/public/canteens/${slug}`)).json;
    expect(page.live).toMatchObject({ from: "00:00", to: "23:59", open: true });
    expect(page.live.cameras.map((c: { id: string }) => c.id)).not.toContain(cameraId);
  });

  it("turns a complaint into an order from the regulator's inbox; the order and the tracking code name each other", async () => {
    const { server } = env();
    const token = await server.login("school.principal");
    const slug = (await server.call("GET", `/api/v1/canteens/${server.demo.canteenId}`, { token })).json.publicSlug as string;
    const filed = await server.call("POST", `/api/v1/public/canteens/${slug}/complaints`, { form: imageForm("photo", [], { category: "foreign_object", text: "饭菜里有头发", phone: "13812345678" }) });
    expect(filed.status, filed.text).toBe(201);
    const code = filed.json.code as string;

    const regulator = await open("echeng.inspector", "/complaints", false);
    const card = `[data-testid="complaint-card"][data-code="${code}"]`;
    await regulator.page.click(`${card} [data-testid="complaint-to-order"]`);
    await regulator.page.waitForSelector(`${card} [data-testid="complaint-order-form"]`);
    expect(await regulator.page.inputValue(`${card} [data-testid="complaint-order-problem"]`)).toBe("饭菜里有头发");
    await regulator.page.fill(`${card} [data-testid="complaint-order-problem"]`, "学生餐中发现头发，后厨未规范佩戴发网");
    await regulator.page.selectOption(`${card} [data-testid="complaint-order-basis"]`, { index: 1 });
    await shot(regulator.page, "complaint-order-form-desktop");
    await regulator.page.click(`${card} [data-testid="complaint-order-send"]`);
    const source = await regulator.page.waitForSelector('[data-testid="order-complaint"]');
    expect(await source.textContent()).toContain(code);
    const number = (await regulator.page.textContent('[data-testid="order-number"]'))!.trim();
    await shot(regulator.page, "complaint-order-desktop");
    // back in the inbox the complaint names the order, and cannot be turned twice
    await regulator.page.click('[data-testid="order-complaint"] a');
    expect(await (await regulator.page.waitForSelector(`${card} [data-testid="complaint-order-link"]`)).textContent()).toBe(number);
    expect(await regulator.page.$(`${card} [data-testid="complaint-to-order"]`)).toBeNull();
    expect(regulator.errors).toEqual([]);
    await regulator.context.close();

    const visitor = await open(null, `/t/${code}`, true);
    const order = await visitor.page.waitForSelector('[data-testid="track-order"]');
    expect(await order.textContent()).toContain(number);
    expect(await visitor.page.textContent('[data-testid="track-page"]')).not.toMatch(/138|巡查员/);
    await shot(visitor.page, "complaint-order-tracked-phone");
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });
});
