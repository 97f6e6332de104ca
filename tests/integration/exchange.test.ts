import { and, count, eq, gte, inArray, lt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, cameras, cameraStatusEvents, canteens, complaints, gateways, inspections, orders, orgs, users } from "../../db/schema/index.ts";
import { newId } from "../../server/auth/tokens.ts";
import { RegionPage, SchoolPage, UnitPage } from "../../server/exchange/contracts.ts";
import { BOM } from "../../server/exchange/csv.ts";
import { FIGURE_KEYS, flattenFigures, REGION_KEYS, SCHOOL_KEYS, unitCsvRow, UNIT_KEYS } from "../../server/exchange/rows.ts";
import { parseCsv } from "../support/csv.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * Data exchange for the provincial platform (issue 16, item 9) over the demo data at a fixed clock: every school
 * exactly once across the pages, JSON and CSV row for row, the figures equal to the overview's for the same period,
 * the units' files, a district inspector held to their district, and bad periods refused.
 */
const H = 3_600_000;
const NOW = Date.parse("2026-11-20T10:00:00+08:00");
const FROM = "2026-11-01";
const TO = "2026-11-20";
const PERIOD = `from=${FROM}&to=${TO}`;

let t: TestApp;
let admin: string;
const get = (path: string, token = admin, headers?: Record<string, string>) => t.call("GET", path, { token, headers });

beforeAll(async () => {
  t = await startTestApp({}, { now: () => NOW });
  admin = await t.login("ezhou.admin");
  // one school's cameras online since October, one of them offline for six hours of the period: a rate that is neither 0 nor 1
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  const ids = (await t.db.select({ id: cameras.id }).from(cameras).innerJoin(canteens, eq(canteens.id, cameras.canteenId)).where(eq(canteens.orgId, org!.id))).map((r) => r.id);
  const start = Date.parse("2026-10-01T00:00:00+08:00");
  await t.db.insert(cameraStatusEvents).values([
    ...ids.map((id) => ({ id: newId("cse"), cameraId: id, status: "online" as const, at: start, reason: null })),
    { id: newId("cse"), cameraId: ids[0]!, status: "offline" as const, at: NOW - 30 * H, reason: null },
    { id: newId("cse"), cameraId: ids[0]!, status: "online" as const, at: NOW - 24 * H, reason: null },
  ]);
  await t.db.update(cameras).set({ status: "online" }).where(inArray(cameras.id, ids));
  // records of the period in two schools (the demo's history lies around the real date, not this clock)
  for (const [i, name] of ["鄂城区第一中学", "华容区第一中学"].entries()) await recordsOf(name, i + 1);
});

/** in the period: n ended online patrols, an order, an open AI alert past its deadline, an open complaint */
async function recordsOf(schoolName: string, n: number) {
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, schoolName));
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id));
  const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, canteen!.id));
  const [gateway] = await t.db.select().from(gateways).where(eq(gateways.canteenId, canteen!.id));
  const [admin] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const [regulator] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂州市市场监督管理局"));
  const at = NOW - 48 * H;
  let inspectionId = "";
  for (let k = 0; k < n; k++) {
    inspectionId = newId("ins");
    await t.db.insert(inspections).values({ id: inspectionId, kind: "online_patrol", canteenId: canteen!.id, room: `canteen:${canteen!.id}`, status: "ended", startedBy: admin!.id, startedAt: at + k, endedAt: at + k + H });
  }
  await t.db.insert(orders).values({ id: newId("ord"), number: `交换测试${schoolName}`, canteenId: canteen!.id, inspectionId, issuerOrgId: regulator!.id, issuedBy: admin!.id, issuedAt: at, deadline: at + 86_400_000, status: "issued", documentSha256: "0".repeat(64), updatedAt: at });
  await t.db.insert(alerts).values({
    id: newId("alr"), gatewayId: gateway!.id, cameraId: camera!.id, canteenId: canteen!.id, orgId: org!.id, type: "no_mask", confidence: 0.9, boxes: "[]",
    snapshotKey: "exchange/none.jpg", snapshotSha256: "0".repeat(64), occurredAt: at, receivedAt: at, status: "new", fpProposed: false, deadlineAt: at + H, idempotencyKey: newId("idk"), updatedAt: at,
  });
  await t.db.insert(complaints).values({ id: newId("cmp"), code: `EX${n}${schoolName.length}ABCDEFGH`, canteenId: canteen!.id, orgId: org!.id, category: "hygiene", text: "交换测试投诉", status: "open", deadlineAt: at + 86_400_000, createdAt: at, updatedAt: at });
}
afterAll(() => t?.close());

/** every page of a list, following nextCursor; the pages' items in order */
async function walk(path: string, token = admin) {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token);
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    expect(res.headers.get("x-next-cursor")).toBe(cursor);
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

/**
 * A CSV answer's bytes (fetch's text() drops a BOM, so the app is asked directly): the BOM checked, the header and
 * records parsed; `text` is the whole body after the BOM.
 */
async function getCsv(path: string, headers: Record<string, string> = {}, token = admin) {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(text.startsWith(BOM)).toBe(true);
  const [header, ...records] = parseCsv(text.slice(1));
  return { header: header!, records, headers: res.headers, text };
}
const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));

describe("the schools' figures", () => {
  it("walks every school of the city exactly once, by (region code, id), in pages with a next link", async () => {
    const { items, pages } = await walk(`/api/v1/exchange/schools?${PERIOD}&limit=7`);
    const overview = (await get(`/api/v1/overview?${PERIOD}`)).json;
    expect(overview.total.schools).toBe(25);
    expect(items).toHaveLength(25);
    expect(pages).toBe(4);
    expect(new Set(items.map((r) => r.schoolId)).size).toBe(25);
    const keys = items.map((r) => `${r.regionCode}|${r.schoolId}`);
    expect(keys).toEqual([...keys].sort());
    const first = await get(`/api/v1/exchange/schools?${PERIOD}&limit=7`);
    const link = first.headers.get("link")!.match(/^<(\/api\/v1\/exchange\/schools\?[^>]+)>; rel="next"$/)![1]!;
    const params = new URL(link, "http://x").searchParams;
    expect([...params]).toEqual([["from", FROM], ["to", TO], ["limit", "7"], ["cursor", first.json.nextCursor]]);
    expect(first.json.place).toMatchObject({ code: "420700", level: "city" });
    expect(first.json.period).toMatchObject({ from: FROM, to: TO });
    expect(items.every((r) => r.cityCode === "420700" && r.cityName === "鄂州市" && r.regionName && r.from === FROM && r.to === TO)).toBe(true);
  });

  it("equals the overview's row of each school for the same period, and adds up to its total", async () => {
    const { items } = await walk(`/api/v1/exchange/schools?${PERIOD}&limit=200`);
    const byId = new Map(items.map((r) => [r.schoolId, r]));
    const districts = (await get(`/api/v1/overview?${PERIOD}`)).json.rows.map((r: { key: string }) => r.key);
    let compared = 0;
    for (const code of districts) {
      for (const row of (await get(`/api/v1/overview?regionCode=${code}&${PERIOD}`)).json.rows) {
        const mine = byId.get(row.key);
        expect(mine, row.name).toBeTruthy();
        expect(mine.schoolName).toBe(row.name);
        expect(mine.regionCode).toBe(code);
        const { key: _k, name: _n, kind: _d, drill: _r, ...figures } = row;
        expect(Object.fromEntries(FIGURE_KEYS.map((k) => [k, mine[k]]))).toEqual(flattenFigures(figures));
        compared++;
      }
    }
    expect(compared).toBe(25);
    const total = (await get(`/api/v1/overview?${PERIOD}`)).json.total;
    // the records made above, so the comparison is not of zeros
    expect([total.alerts.total, total.alerts.overdue, total.orders.issued, total.complaints.open, total.patrol.covered, total.ledgers.due]).toEqual([2, 2, 2, 2, 2, 2125]);
    expect(items.reduce((s, r) => s + r.alertsTotal, 0)).toBe(total.alerts.total);
    expect(items.reduce((s, r) => s + r.coverageRegistered, 0)).toBe(total.coverage.registered);
    // the school with the outage: a rate strictly between 0 and 1, the overview's own
    const echeng = items.find((r) => r.schoolName === "鄂城区第一中学");
    expect(echeng.onlinePeriodRate).toBeGreaterThan(0.9);
    expect(echeng.onlinePeriodRate).toBeLessThan(1);
    expect(echeng.onlinePeriodOutages).toBe(1);
  });

  it("answers CSV with format=csv or Accept: text/csv, row for row the JSON, the cursor in the headers", async () => {
    const json = await get(`/api/v1/exchange/schools?${PERIOD}&limit=10`);
    const csv = await getCsv(`/api/v1/exchange/schools?${PERIOD}&limit=10&format=csv`);
    const { header, records } = csv;
    expect(header).toEqual([...SCHOOL_KEYS]);
    expect(records).toEqual(json.json.items.map((r: Record<string, unknown>) => SCHOOL_KEYS.map((k) => cell(r[k]))));
    expect(csv.headers.get("x-next-cursor")).toBe(json.json.nextCursor);
    expect(csv.headers.get("content-disposition")).toContain(`exchange-schools-420700-${FROM}_${TO}.csv`);
    const accepted = await getCsv(`/api/v1/exchange/schools?${PERIOD}&limit=10`, { accept: "text/csv" });
    expect(accepted.text).toBe(csv.text);
    // following the CSV's Link walks the rest
    const next = csv.headers.get("link")!.match(/^<([^>]+)>; rel="next"$/)![1]!;
    expect(next).toContain("format=csv");
    const second = await getCsv(next);
    expect(second.records[0]![SCHOOL_KEYS.indexOf("schoolId")]).not.toBe(records[0]![SCHOOL_KEYS.indexOf("schoolId")]);
  });
});

describe("the regions' figures", () => {
  it("lists the city and each district, equal to the overview's total and rows", async () => {
    const { items } = await walk(`/api/v1/exchange/regions?${PERIOD}&limit=2`);
    const overview = (await get(`/api/v1/overview?${PERIOD}`)).json;
    expect(items.map((r) => r.code)).toEqual(["420700", ...overview.rows.map((r: { key: string }) => r.key)]);
    expect(items[0]).toMatchObject({ level: "city", name: "鄂州市", parentCode: "420000" });
    expect(Object.fromEntries(FIGURE_KEYS.map((k) => [k, items[0][k]]))).toEqual(flattenFigures(overview.total));
    for (const row of overview.rows) {
      const { key, name: _n, kind: _d, drill: _r, ...figures } = row;
      const mine = items.find((r) => r.code === key);
      expect(mine.level).toBe("district");
      expect(Object.fromEntries(FIGURE_KEYS.map((k) => [k, mine[k]]))).toEqual(flattenFigures(figures));
    }
    const csv = await getCsv(`/api/v1/exchange/regions?${PERIOD}&limit=200&format=csv`);
    expect(csv.header).toEqual([...REGION_KEYS]);
    expect(csv.records).toEqual(items.map((r: Record<string, unknown>) => REGION_KEYS.map((k) => cell(r[k]))));
  });
});

describe("the units' files", () => {
  it("lists each school with its canteens, licences, grades and cameras, and the period's counts", async () => {
    const { items } = await walk(`/api/v1/exchange/units?${PERIOD}&limit=9`);
    expect(items).toHaveLength(25);
    const schools = (await walk(`/api/v1/exchange/schools?${PERIOD}&limit=200`)).items;
    expect(items.map((u) => u.schoolId)).toEqual(schools.map((s) => s.schoolId));
    for (const [i, u] of items.entries()) {
      const s = schools[i];
      expect([u.cameras, u.camerasOnline, u.onlinePeriodRate, u.orders, u.alerts, u.complaints]).toEqual([s.onlineNowCameras, s.onlineNowOnline, s.onlinePeriodRate, s.ordersIssued, s.alertsTotal, s.complaintsTotal]);
      expect(u.canteens.length).toBe(s.coverageRegistered);
      expect(u.canteens.reduce((n: number, c: { cameras: unknown[] }) => n + c.cameras.length, 0)).toBe(u.cameras);
    }
    // one school against its file (一户一档) and the database
    const unit = items.find((u) => u.schoolName === "鄂城区第一中学");
    const file = (await get(`/api/v1/overview/units/${unit.schoolId}`)).json;
    expect(unit.canteens.map((c: object) => ({ ...c, cameras: undefined }))).toEqual(file.canteens.map((c: object) => ({ ...c, cameras: undefined })));
    expect(unit.canteens.flatMap((c: { cameras: Array<{ id: string }> }) => c.cameras.map((k) => k.id)).sort()).toEqual(file.cameras.map((k: { id: string }) => k.id).sort());
    expect(unit.canteens[0].cameras.some((k: { percent: number }) => k.percent < 100)).toBe(true);
    const [n] = await t.db
      .select({ n: count() })
      .from(inspections)
      .innerJoin(canteens, eq(canteens.id, inspections.canteenId))
      .where(and(eq(canteens.orgId, unit.schoolId), gte(inspections.startedAt, Date.parse(`${FROM}T00:00:00+08:00`)), lt(inspections.startedAt, NOW)));
    expect(unit.inspections).toBe(n!.n);
    expect(items.reduce((s, u) => s + u.inspections, 0)).toBeGreaterThan(0);
  });

  it("answers CSV row for row, a school's canteens joined in order", async () => {
    const json = await get(`/api/v1/exchange/units?${PERIOD}&limit=25`);
    const { header, records } = await getCsv(`/api/v1/exchange/units?${PERIOD}&limit=25&format=csv`);
    expect(header).toEqual([...UNIT_KEYS]);
    expect(records).toHaveLength(25);
    expect(records).toEqual(json.json.items.map((u: Parameters<typeof unitCsvRow>[0]) => UNIT_KEYS.map((k) => cell(unitCsvRow(u)[k]))));
    expect(records.every((r) => r[UNIT_KEYS.indexOf("canteenIds")]!.split(";").length === Number(r[UNIT_KEYS.indexOf("canteenCount")]))).toBe(true);
  });
});

describe("jurisdiction and bad input", () => {
  it("a district's inspector gets their own district's schools, and 404 for another district or city", async () => {
    const inspector = await t.login("huarong.inspector");
    const home = (await get(`/api/v1/overview?${PERIOD}`, inspector)).json;
    expect(home.place.code).toBe("420703");
    const { items } = await walk(`/api/v1/exchange/schools?${PERIOD}&limit=3`, inspector);
    expect(items.length).toBe(home.total.schools);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.regionCode === "420703")).toBe(true);
    // its own school's records, not 鄂城区's
    expect(items.reduce((n, r) => n + r.alertsTotal, 0)).toBe(1);
    const units = await walk(`/api/v1/exchange/units?${PERIOD}`, inspector);
    expect(units.items.map((u) => u.schoolId)).toEqual(items.map((r) => r.schoolId));
    expect(units.items.reduce((n, u) => n + u.inspections, 0)).toBe(2);
    expect((await walk(`/api/v1/exchange/regions?${PERIOD}`, inspector)).items.map((r) => r.code)).toEqual(["420703"]);
    for (const path of ["schools", "regions", "units"]) {
      for (const code of ["420704", "420700"]) {
        const res = await get(`/api/v1/exchange/${path}?regionCode=${code}&format=csv`, inspector);
        expect(res.status, `${path} ${code}`).toBe(404);
        expect(res.json.error.code).toBe("not_found");
      }
    }
    expect((await get(`/api/v1/exchange/schools?regionCode=420200`)).status).toBe(404);
  });

  it("a school's people may not export (403), nor may anyone signed out (401)", async () => {
    expect((await get(`/api/v1/exchange/units`, await t.login("school.principal"))).status).toBe(403);
    expect((await t.call("GET", `/api/v1/exchange/schools?format=csv`)).status).toBe(401);
  });

  it.each([
    ["reversed", `from=2026-11-10&to=2026-11-01`, "from_after_to"],
    ["future", `from=2026-11-01&to=2026-11-21`, "period_in_future"],
    ["longer than 93 days", `from=2026-01-01&to=2026-11-20`, "overview_period_too_long"],
    ["not a date", `from=2026-02-30`, null],
    ["a bad cursor", `cursor=nonsense`, null],
    ["an unknown format", `format=xml`, null],
    ["a limit over 200", `limit=201`, null],
  ] as const)("%s → 400 with the error envelope, CSV asked or not", async (_name, query, reason) => {
    for (const path of ["schools", "regions", "units"]) {
      const res = await get(`/api/v1/exchange/${path}?${query}`, admin, { accept: "text/csv" });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.json.error.code).toBe("validation_failed");
      if (reason) expect(res.json.error.message).not.toBe("请求内容不符合要求");
    }
  });
});

describe("the document", () => {
  it("declares each endpoint with a summary, JSON and CSV answers, the paging headers and the overview's permission", async () => {
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
    for (const path of ["schools", "regions", "units"]) {
      const op = doc.paths[`/api/v1/exchange/${path}`].get;
      expect(op.summary).toContain("数据交换");
      expect(op["x-permission"]).toBe("overview.read");
      expect(Object.keys(op.responses[200].content).sort()).toEqual(["application/json", "text/csv"]);
      expect(Object.keys(op.responses[200].headers).sort()).toEqual(["Link", "X-Next-Cursor"]);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["cursor", "format", "from", "limit", "regionCode", "to"]);
      expect(op.responses[400].content["application/json"]).toBeTruthy();
    }
  });

  it("answers JSON that its contract parses (types and nulls as documented)", async () => {
    for (const [path, schema] of [["schools", SchoolPage], ["regions", RegionPage], ["units", UnitPage]] as const) {
      const res = await get(`/api/v1/exchange/${path}?${PERIOD}&limit=200`);
      const parsed = schema.safeParse(res.json);
      expect(parsed.success, `${path}: ${parsed.error?.message}`).toBe(true);
      expect(res.json.items.length).toBeGreaterThan(0);
    }
  });
});
