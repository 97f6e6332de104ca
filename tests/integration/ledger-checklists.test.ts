/**
 * 食品安全自查 checklists a region adapts (issue 14) through the API: the city's regulator keeps, rewords, removes and
 * adds items; the school's canteen gets the nearest region's checklist (district before city, else the built-in
 * one); an entry is checked against it (an unknown item is a 400), flagged against its item count, and keeps the
 * version it was made against, so it reads the same after a later change. Each version is audited; other
 * jurisdictions and roles are refused.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, canteens, ledgerChecklists, orgs } from "../../db/schema/index.ts";
import { verifyAuditChain } from "../../server/audit/service.ts";
import { DAILY_ITEMS } from "../../server/ledgers/kinds.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const tk = {} as Record<"admin" | "director" | "staff" | "inspector" | "foreignInspector" | "edu", string>;
let canteenId: string;
let n = 0;
const CITY = "420700";
const DISTRICT = "420704";

const entry = (kind: string, passed: string[]) =>
  t.call("POST", "/api/v1/ledgers/entries", { token: tk.director, body: { kind, canteenId, idempotencyKey: `checklist-${++n}-${Date.now()}`, eventAt: new Date(Date.now() - 60_000).toISOString(), data: { passed } } });
const adapt = (regionCode: string, items: Array<{ key?: string; label?: string }> | null, token = tk.admin, kind = "daily_control") => t.call("POST", "/api/v1/ledgers/checklists", { token, body: { regionCode, kind, items } });
const inEffect = async (kind = "daily_control") => {
  const res = await t.call("GET", `/api/v1/canteens/${canteenId}/ledger-checklists`, { token: tk.staff });
  expect(res.status, res.text).toBe(200);
  return res.json.kinds.find((k: { kind: string }) => k.kind === kind);
};
const versions = async () => (await t.db.select().from(ledgerChecklists)).length;

beforeAll(async () => {
  t = await startTestApp();
  tk.admin = await t.login("ezhou.admin");
  tk.director = await t.login("school.director");
  tk.staff = await t.login("school.staff");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.edu = await t.login("ezhou.edu");
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  expect(org!.regionCode).toBe(DISTRICT);
  canteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id)))[0]!.id;
});
afterAll(() => t?.close());

let builtinEntry: { id: string };
let cityEntry: { id: string };
let gasKey: string;
let cityV1: string;

describe("a region's checklist through the API", () => {
  it("starts as the built-in list for the canteen and the regulator; an entry is flagged against the built-in count", async () => {
    const daily = await inEffect();
    expect(daily).toMatchObject({ id: null, version: 0, regionCode: null });
    expect(daily.items.map((i: { key: string }) => i.key)).toEqual([...DAILY_ITEMS]);
    const region = await t.call("GET", `/api/v1/ledgers/checklists?regionCode=${CITY}`, { token: tk.admin });
    expect(region.status, region.text).toBe(200);
    expect(region.json.regionName).toBe("鄂州市");
    expect(region.json.kinds.map((k: { kind: string; own: unknown }) => [k.kind, k.own])).toEqual([["daily_control", null], ["weekly_check", null], ["monthly_dispatch", null]]);
    const res = await entry("daily_control", DAILY_ITEMS.slice(0, 3));
    expect(res.status, res.text).toBe(201);
    expect(res.json.flagged).toBe(true);
    expect(res.json.derived.checklist).toMatchObject({ id: null, version: 0 });
    builtinEntry = res.json;
  });

  it("the city's regulator keeps, rewords, removes and adds items: a new version, audited in the same transaction", async () => {
    const res = await adapt(CITY, [{ key: "health_checked" }, { key: "samples_kept", label: "留样满48小时并登记" }, { label: "燃气阀门已关闭" }]);
    expect(res.status, res.text).toBe(201);
    expect(res.json.own).toMatchObject({ version: 1, createdBy: { name: "鄂州市监局管理员" } });
    const items = res.json.inEffect.items as Array<{ key: string; label: string | null }>;
    expect(items.slice(0, 2)).toEqual([{ key: "health_checked", label: null }, { key: "samples_kept", label: "留样满48小时并登记" }]);
    expect(items[2]!.key).toMatch(/^c_[a-z0-9]+$/);
    gasKey = items[2]!.key;
    cityV1 = res.json.own.id;
    expect(res.json.inherited).toMatchObject({ id: null, version: 0 });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "ledger_checklist.adapt"), eq(auditLog.targetId, cityV1)));
    expect(audit).toBeTruthy();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("the canteen's form gets the city's items; an entry of them all is not flagged, an unknown item is a 400 and nothing is written", async () => {
    const daily = await inEffect();
    expect(daily).toMatchObject({ id: cityV1, version: 1, regionCode: CITY });
    expect(daily.items.map((i: { key: string }) => i.key)).toEqual(["health_checked", "samples_kept", gasKey]);
    const all = await entry("daily_control", ["health_checked", "samples_kept", gasKey]);
    expect(all.status, all.text).toBe(201);
    expect(all.json.flagged).toBe(false);
    expect(all.json.derived.checklist).toMatchObject({ id: cityV1, version: 1, regionCode: CITY });
    cityEntry = all.json;
    const some = await entry("daily_control", [gasKey]);
    expect(some.json.flagged).toBe(true);
    const removed = await entry("daily_control", ["health_checked", "pests_controlled"]);
    expect(removed.status).toBe(400);
    expect(removed.json.error).toMatchObject({ code: "validation_failed", message: "勾选的项目不在本食堂现行的自查清单中" });
    expect(removed.json.error.details).toEqual([{ path: "data.passed.1", message: "not an item of the checklist in effect" }]);
    expect((await entry("daily_control", ["c_nosuchitem"])).status).toBe(400);
    expect((await entry("daily_control", ["Not A Key"])).status).toBe(400);
    // the other kinds still use the built-in lists
    expect((await inEffect("weekly_check")).id).toBeNull();
    const list = await t.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=daily_control`, { token: tk.director });
    expect(list.json.items).toHaveLength(3);
  });

  it("a district's own checklist comes before the city's; when it stops adapting, the city's applies again", async () => {
    const district = await adapt(DISTRICT, [{ key: "waste_removed" }, { key: gasKey, label: "燃气阀门关闭" }]);
    expect(district.status, district.text).toBe(201);
    expect(district.json.inherited).toMatchObject({ id: cityV1, regionCode: CITY });
    expect(district.json.inheritedFrom).toBe("鄂州市");
    expect((await inEffect()).items.map((i: { key: string }) => i.key)).toEqual(["waste_removed", gasKey]);
    expect((await entry("daily_control", ["waste_removed", gasKey])).json.flagged).toBe(false);
    const stop = await adapt(DISTRICT, null);
    expect(stop.status, stop.text).toBe(201);
    expect(stop.json.own).toMatchObject({ version: 2, items: null });
    expect((await inEffect()).id).toBe(cityV1);
  });

  it("older entries stay readable with the checklist they were made against after the city rewords again", async () => {
    const v2 = await adapt(CITY, [{ key: "health_checked", label: "从业人员晨检全覆盖" }, { key: gasKey, label: "燃气阀门已关闭" }]);
    expect(v2.json.own.version).toBe(2);
    const old = await t.call("GET", `/api/v1/ledgers/entries/${cityEntry.id}`, { token: tk.inspector });
    expect(old.status).toBe(200);
    expect(old.json.data.passed).toEqual(["health_checked", "samples_kept", gasKey]);
    expect(old.json.derived.checklist).toMatchObject({ id: cityV1, version: 1 });
    expect(old.json.derived.checklist.items[1]).toEqual({ key: "samples_kept", label: "留样满48小时并登记" });
    const first = await t.call("GET", `/api/v1/ledgers/entries/${builtinEntry.id}`, { token: tk.director });
    expect(first.json.derived.checklist.items).toHaveLength(DAILY_ITEMS.length);
    // the export of entries made against different checklists still renders
    const pdf = await t.call("GET", `/api/v1/ledgers/export?canteenId=${canteenId}&kind=daily_control&format=pdf`, { token: tk.director });
    expect(pdf.status).toBe(200);
  });
});

describe("who may adapt, and bad adaptations", () => {
  it("refuses another jurisdiction, roles without the permission, and an unknown region", async () => {
    const before = await versions();
    expect((await adapt("420200", [{ key: "health_checked" }])).status).toBe(403);
    expect((await adapt(CITY, [{ key: "health_checked" }], tk.inspector)).status).toBe(403);
    expect((await adapt(CITY, [{ key: "health_checked" }], tk.director)).status).toBe(403);
    expect((await adapt("420799", [{ key: "health_checked" }])).status).toBe(404);
    expect((await t.call("GET", `/api/v1/ledgers/checklists?regionCode=${DISTRICT}`, { token: tk.foreignInspector })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/ledgers/checklists?regionCode=${CITY}`, { token: tk.director })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/ledgers/checklists?regionCode=${CITY}`, { token: tk.edu })).status).toBe(200);
    expect((await t.call("GET", `/api/v1/canteens/${canteenId}/ledger-checklists`, { token: tk.foreignInspector })).status).toBe(404);
    expect(await versions()).toBe(before);
  });

  it("refuses another kind's item, an item twice, an item of its own without wording, a label over 60 characters", async () => {
    const before = await versions();
    const wrong = await adapt(CITY, [{ key: "certificates_valid" }, { key: "health_checked" }, { key: "health_checked" }, { key: "c_abcdef" }]);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain("自查清单有误");
    expect(wrong.json.error.details.map((d: { path: string }) => d.path)).toEqual(["items.0.key", "items.2.key", "items.3.label"]);
    const long = await adapt(CITY, [{ label: "检".repeat(61) }]);
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe("validation_failed");
    expect((await adapt(CITY, [])).status).toBe(400);
    expect((await t.call("POST", "/api/v1/ledgers/checklists", { token: tk.admin, body: { regionCode: CITY, kind: "sample", items: null } })).status).toBe(400);
    expect(await versions()).toBe(before);
  });
});
