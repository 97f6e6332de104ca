/**
 * The schools list's total is kept for SCHOOL_TOTAL_MS per jurisdiction and filter (issue 11 item 17, bench:load):
 * a school registered or renamed through this instance counts on the very next request, in its district and the
 * regions above it and nowhere else; one added elsewhere (another instance, straight in the database) within
 * SCHOOL_TOTAL_MS, while the page's rows show it at once; and a kept total never reaches another jurisdiction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgs } from "../../db/schema/index.ts";
import { SCHOOL_TOTAL_MS } from "../../server/orgs/school-totals.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let clock = Date.now();
const token = {} as Record<string, string>;
let echengCode: string;

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  for (const [k, u] of Object.entries({ admin: "ezhou.admin", echeng: "echeng.inspector", huarong: "huarong.inspector" })) token[k] = await t.login(u);
  echengCode = (await schools("echeng")).items[0].regionCode;
});
afterAll(() => t?.close());

async function schools(who: string, query = "") {
  const res = await t.call("GET", `/api/v1/schools?limit=200${query}`, { token: token[who] });
  expect(res.status, res.text).toBe(200);
  return res.json as { total: number; items: Array<{ id: string; name: string; regionCode: string }> };
}
const totals = async () => ({ admin: (await schools("admin")).total, echeng: (await schools("echeng")).total, huarong: (await schools("huarong")).total });

describe("the schools list's kept total", () => {
  it("counts a school registered through this instance on the next request, in its district and the city, not in another district", async () => {
    const before = await totals(); // counted, and now kept
    expect(before).toEqual({ admin: 25, echeng: 12, huarong: 8 });
    const created = await t.call("POST", "/api/v1/orgs", { token: token.admin, body: { kind: "school", name: "鄂城区新建实验学校", regionCode: echengCode } });
    expect(created.status, created.text).toBe(201);
    expect(await totals()).toEqual({ admin: 26, echeng: 13, huarong: 8 });
    expect((await schools("echeng")).items.map((s) => s.id)).toContain(created.json.id);
  });

  it("follows a school renamed through this instance in a name search's total on the next request", async () => {
    expect((await schools("admin", `&q=${encodeURIComponent("改名后学校")}`)).total).toBe(0);
    const school = (await schools("echeng")).items[0];
    expect((await t.call("PATCH", `/api/v1/orgs/${school.id}`, { token: token.admin, body: { name: "鄂城区改名后学校" } })).status).toBe(200);
    const found = await schools("admin", `&q=${encodeURIComponent("改名后学校")}`);
    expect(found.total).toBe(1);
    expect(found.items.map((s) => s.id)).toEqual([school.id]);
  });

  it("counts a school added elsewhere (straight in the database) within SCHOOL_TOTAL_MS; the rows show it at once", async () => {
    const before = await schools("echeng");
    await t.db.insert(orgs).values({ id: "org_OtherInstance01", kind: "school", name: "鄂城区别处新建学校", regionCode: echengCode, createdAt: clock });
    const soon = await schools("echeng");
    expect(soon.items.map((s) => s.id)).toContain("org_OtherInstance01");
    expect(soon.total).toBe(before.total); // still the kept figure: another instance's write is not seen here at once
    clock += SCHOOL_TOTAL_MS;
    expect((await schools("echeng")).total).toBe(before.total + 1);
  });

  it("never hands a jurisdiction's total to a caller of another, for the same filter", async () => {
    clock += SCHOOL_TOTAL_MS;
    for (const q of ["", `&q=${encodeURIComponent("中学")}`, `&regionCode=${echengCode}`]) {
      const city = await schools("admin", q); // counted first, and kept
      const huarong = await schools("huarong", q);
      const echeng = await schools("echeng", q);
      expect(huarong.total, q).toBe(huarong.items.length);
      expect(echeng.total, q).toBe(echeng.items.length);
      expect(city.total, q).toBe(city.items.length);
      expect(huarong.total + echeng.total, q).toBeLessThanOrEqual(city.total);
      expect(huarong.items.every((s) => !echeng.items.some((e) => e.id === s.id)), q).toBe(true);
    }
  });
});
