/**
 * The plans SQLite picks for a page of the main lists (issue 11 item 17, issue 18): a broad scope (a province, a
 * city) walks the list's index and stops after a page; a narrow one (a district) starts from its orgs. Without the
 * scope's planner hint (server/scope/predicate.ts orgInScopeForPagingSql) the province's inbox started from all its
 * orgs and sorted every alert (780 ms on the province dataset), and a district's order list walked every order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../../server/scope/actor.ts";
import { selectAlertPage, selectAlerts } from "../../server/alerts/view.ts";
import { newestFirst } from "../../server/alerts/service.ts";
import { selectSummaries, selectSummaryPage } from "../../server/orders/view.ts";
import { byAttention } from "../../server/orders/service.ts";
import { seedHistory } from "../../db/seed/history.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const scopeOf = (regionRanges: Array<readonly [string, string]>): Scope => ({ regionRanges, orgIds: [], memberships: [], publicCamerasOnly: false });
const PROVINCE = scopeOf([["420000", "429999"]]);
const CITY = scopeOf([["420700", "420799"]]);
const DISTRICT = scopeOf([["420704", "420704"]]);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // the demo's 90 days of alerts and orders, so the rows compared below exist
  await seedHistory(t.db, { now: Date.now(), alertPhoto: null });
});
afterAll(() => t?.close());

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
  return rows.rows.map((r) => String(r.detail ?? r[3]));
}

const alertPage = (scope: Scope) => selectAlertPage(t.db, scope).orderBy(...newestFirst.orderBy).limit(31);
const orderPage = (scope: Scope) => selectSummaryPage(t.db, scope).orderBy(...byAttention.orderBy).limit(51);

describe("a page of a scoped list", () => {
  it("walks the inbox's index for a province or a city and stops after a page, without sorting", async () => {
    for (const scope of [PROVINCE, CITY]) {
      const plan = await planOf(alertPage(scope));
      expect(plan[0]).toMatch(/^SCAN alerts USING INDEX alerts_time_idx/);
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  it("walks the orders list's attention index for a province or a city, without sorting", async () => {
    for (const scope of [PROVINCE, CITY]) {
      const plan = await planOf(orderPage(scope));
      expect(plan[0]).toMatch(/^SCAN orders USING INDEX orders_attention_idx/);
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  it("starts from a district's orgs and reaches their rows by index", async () => {
    const alertsPlan = await planOf(alertPage(DISTRICT));
    expect(alertsPlan[0]).toMatch(/^SEARCH orgs USING .*INDEX/);
    expect(alertsPlan.join("\n")).toMatch(/SEARCH alerts USING INDEX alerts_org_time_idx/);
    const ordersPlan = await planOf(orderPage(DISTRICT));
    expect(ordersPlan[0]).toMatch(/^SEARCH orgs USING .*INDEX/);
    expect(ordersPlan.join("\n")).toMatch(/SEARCH orders USING INDEX orders_canteen_idx/);
  });

  it("returns the same rows with and without the hint (it changes the plan only)", async () => {
    for (const scope of [PROVINCE, CITY, DISTRICT]) {
      const alertsHinted = await alertPage(scope);
      const alertsPlain = await selectAlerts(t.db, scope).orderBy(...newestFirst.orderBy).limit(31);
      expect(alertsHinted.length).toBeGreaterThan(0);
      expect(alertsHinted.map((r) => r.alert.id)).toEqual(alertsPlain.map((r) => r.alert.id));
      const ordersHinted = await orderPage(scope);
      const ordersPlain = await selectSummaries(t.db, scope).orderBy(...byAttention.orderBy).limit(51);
      expect(ordersHinted.length).toBeGreaterThan(0);
      expect(ordersHinted.map((r) => r.order.id)).toEqual(ordersPlain.map((r) => r.order.id));
    }
  });
});
