/**
 * The demo's traceability (db/seed/trace.ts, seeded by `npm start`): the supplier account opens on its canteens and
 * deliveries, the demo canteen on its stock and this week's menu, the chain verifies, a dish traces to its batches.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedTraceDemo } from "../../db/seed/trace.ts";
import { localMediaStore } from "../../server/media-store/store.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedTraceDemo>>;
beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedTraceDemo(t.db, localMediaStore(t.config.mediaDir), Date.now());
});
afterAll(() => t?.close());

it("shows the supplier its canteens and deliveries, and the canteen its stock, menu and a valid chain", async () => {
  expect(seeded.deliveries).toBeGreaterThanOrEqual(5);
  const supplier = await t.login("supplier.manager");
  const mine = (await t.call("GET", "/api/v1/trace/supplier", { token: supplier })).json.suppliers[0];
  expect(mine.profile.foodLicence).toBe("valid");
  expect(mine.canteens).toHaveLength(3);
  expect((await t.call("GET", "/api/v1/trace/deliveries", { token: supplier })).json.items.length).toBeGreaterThanOrEqual(5);

  const staff = await t.login("school.staff");
  const canteenId = t.demo.demoCanteenId;
  const stock = (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock`, { token: staff })).json;
  expect(stock.products.map((p: { product: string }) => p.product)).toContain("大米");
  expect(stock.products.every((p: { onHand: number }) => p.onHand > 0)).toBe(true);
  const menu = (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/menus`, { token: staff })).json;
  expect(menu.dishes.length).toBeGreaterThanOrEqual(15);
  const verify = (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: staff })).json;
  expect(verify).toMatchObject({ ok: true, checked: seeded.moves });
  const lastWeek = (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/menus?from=${menu.from.slice(0, 8)}01&to=${menu.to}`, { token: staff })).json;
  const used = lastWeek.dishes.find((d: { ingredients: Array<{ used: number }> }) => d.ingredients.some((g) => g.used > 0));
  expect(used).toBeTruthy();
  const trace = (await t.call("GET", `/api/v1/trace/dishes/${used.id}/trace`, { token: staff })).json;
  expect(trace.batches.length).toBeGreaterThan(0);
  expect(trace.batches[0].supplier.name).toContain("放心粮油");
  const warnings = (await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: staff })).json;
  expect(warnings.items.map((w: { kind: string }) => w.kind)).toContain("use_off_plan");
});
