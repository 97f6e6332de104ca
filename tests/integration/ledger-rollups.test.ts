/**
 * The per-canteen-day completeness rollup (issue 14 at province scale): the regulator's overview, which reads only
 * the rollups, agrees with the canteen's own completeness, which reads the entries — after entries, a late entry,
 * a correction that moves an entry to another meal, a person leaving, and settings with weekly and monthly
 * cadences; and rebuilding the rollups from the entries gives back the same rows.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, ledgerDayRollups, orgs } from "../../db/schema/index.ts";
import { rebuildRollups } from "../../server/ledgers/rollup.ts";
import { addDays, chinaDay } from "../../server/ledgers/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let director: string;
let inspector: string;
let canteenId: string;
let n = 0;
const key = () => `rollup-key-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const today = () => chinaDay(Date.now());
const yesterday = () => addDays(today(), -1);
const at = (day: string) => new Date(Date.parse(`${day}T04:00:00Z`)).toISOString(); // noon in China

async function entry(kind: string, data: Record<string, unknown>, day = today()) {
  const res = await t.call("POST", "/api/v1/ledgers/entries", { token: director, body: { kind, canteenId, idempotencyKey: key(), eventAt: day === today() ? new Date(Date.now() - 60_000).toISOString() : at(day), data } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string };
}

/** the overview's row for the canteen and the canteen's own figures, over yesterday and today */
async function both() {
  const period = `from=${yesterday()}&to=${today()}`;
  const overview = await t.call("GET", `/api/v1/ledgers/completeness/overview?${period}`, { token: inspector });
  expect(overview.status, overview.text).toBe(200);
  const row = overview.json.canteens.find((c: { canteenId: string }) => c.canteenId === canteenId);
  const own = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}&${period}`, { token: director });
  expect(own.status, own.text).toBe(200);
  return { overview: { due: row.due, done: row.done, rate: row.rate, flagged: row.flagged }, own: { due: own.json.due, done: own.json.done, rate: own.json.rate, flagged: own.json.attention.length } };
}

beforeAll(async () => {
  t = await startTestApp();
  director = await t.login("school.director");
  inspector = await t.login("echeng.inspector");
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  canteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id)))[0]!.id;
});
afterAll(() => t?.close());

describe("completeness rollups", () => {
  const staff: string[] = [];
  it("the overview counts what the canteen's own completeness counts, entry by entry", async () => {
    for (const name of ["周师傅", "吴师傅"]) {
      const res = await t.call("POST", "/api/v1/ledgers/staff", { token: director, body: { canteenId, name, position: "厨师", certificateNo: `HC2026${name.length}${++n}`, certificateIssuedOn: "2025-01-01", certificateExpiresOn: addDays(today(), 300) } });
      expect(res.status, res.text).toBe(201);
      staff.push(res.json.id);
    }
    const empty = await both();
    expect(empty.overview).toEqual(empty.own);
    expect(empty.own.done).toBe(0);

    for (const s of staff) await entry("morning_check", { staffId: s, temperature: 36.6, symptoms: [], fit: true });
    await entry("morning_check", { staffId: staff[0], temperature: 36.4, symptoms: [], fit: true }, yesterday());
    await entry("disinfection", { item: "餐具", method: "uv", startAt: at(yesterday()), endAt: new Date(Date.parse(at(yesterday())) + 1800_000).toISOString() }, yesterday());
    await entry("pesticide_test", { sample: "青菜", method: "test_strip", result: "positive" });
    const sample = await entry("sample", { dish: "红烧肉", meal: "lunch", weightGrams: 150 });
    const mid = await both();
    expect(mid.overview).toEqual(mid.own);
    expect(mid.own).toMatchObject({ done: 5, flagged: 1 });

    // the 留样 was the dinner's: lunch is missing again, on the rollup too
    const fix = await t.call("POST", `/api/v1/ledgers/entries/${sample.id}/corrections`, { token: director, body: { idempotencyKey: key(), reason: "餐次选错", data: { dish: "红烧肉", meal: "dinner", weightGrams: 150 } } });
    expect(fix.status, fix.text).toBe(201);
    const corrected = await both();
    expect(corrected.overview).toEqual(corrected.own);
    expect(corrected.own.done).toBe(4);
  });

  it("a person leaving and new settings recount the rollups", async () => {
    const gone = await t.call("PATCH", `/api/v1/ledgers/staff/${staff[1]}`, { token: director, body: { active: false } });
    expect(gone.status, gone.text).toBe(200);
    const left = await both();
    expect(left.overview).toEqual(left.own);

    const settings = await t.call("PATCH", `/api/v1/canteens/${canteenId}/ledger-settings`, { token: director, body: { meals: ["lunch", "dinner"], cadences: { disinfection: "weekly", photo_record: "monthly", waste: "daily" } } });
    expect(settings.status, settings.text).toBe(200);
    const changed = await both();
    expect(changed.overview).toEqual(changed.own);
    // the disinfection of yesterday covers its week, the dinner's 留样 its meal
    expect(changed.own.done).toBeGreaterThanOrEqual(4);
  });

  it("rebuilding from the entries gives back the same rollups", async () => {
    const rows = () => t.db.select().from(ledgerDayRollups).orderBy(asc(ledgerDayRollups.canteenId), asc(ledgerDayRollups.day));
    const before = await rows();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await t.db.delete(ledgerDayRollups);
    expect(await rows()).toEqual([]);
    const canteensRebuilt = await rebuildRollups(t.db);
    expect(canteensRebuilt).toBeGreaterThanOrEqual(1);
    expect(await rows()).toEqual(before);
    const after = await both();
    expect(after.overview).toEqual(after.own);
  });
});
