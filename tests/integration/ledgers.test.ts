/**
 * 自律台账 through the API on a real libSQL file (issue 14): staff files and certificate warnings, the one engine
 * over several kinds (晨检, 留样, 清洗消毒, 进货查验 with photos, 校长陪餐), idempotent entries, corrections as
 * versions, the per-canteen hash chain and the audit log, 复核, completeness for the school and the regulator,
 * and the bad input the issue lists.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, canteens, ledgerEntries, ledgerPhotos, orgs } from "../../db/schema/index.ts";
import { verifyAuditChain } from "../../server/audit/service.ts";
import { DAILY_ITEMS, MONTHLY_ITEMS, WEEKLY_ITEMS } from "../../server/ledgers/kinds.ts";
import { addDays, chinaDay, entryHash } from "../../server/ledgers/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { base64, jpegFrame, tinyJpeg } from "../support/images.ts";

let t: TestApp;
const tk = {} as Record<"staff" | "director" | "principal" | "inspector" | "foreignInspector" | "parent" | "supplier" | "edu", string>;
let canteenId: string;
let otherCanteenId: string;
const staff: Record<"wang" | "li" | "zhao", string> = { wang: "", li: "", zhao: "" };
let n = 0;
const key = () => `test-key-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const nowIso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const today = () => chinaDay(Date.now());

const entry = (token: string, kind: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  t.call("POST", "/api/v1/ledgers/entries", { token, body: { kind, canteenId, idempotencyKey: key(), eventAt: nowIso(-60_000), data, ...extra } });
const check = (staffId: string, fit = true, more: Record<string, unknown> = {}) => ({ staffId, temperature: 36.5, symptoms: [], fit, ...more });

async function addStaff(name: string, expiresOn: string, token = tk.director) {
  const res = await t.call("POST", "/api/v1/ledgers/staff", { token, body: { canteenId, name, position: "厨师", certificateNo: `HC${name.length}2026${++n}`, certificateIssuedOn: "2025-01-01", certificateExpiresOn: expiresOn, photo: base64(tinyJpeg()) } });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

beforeAll(async () => {
  t = await startTestApp();
  tk.staff = await t.login("school.staff");
  tk.director = await t.login("school.director");
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.parent = await t.login("school.parent");
  tk.supplier = await t.login("supplier.manager");
  tk.edu = await t.login("ezhou.edu");
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  canteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id)))[0]!.id;
  const [other] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第二中学"));
  otherCanteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, other!.id)))[0]!.id;
  staff.wang = (await addStaff("王师傅", addDays(today(), 200))).id;
  staff.li = (await addStaff("李师傅", addDays(today(), 5))).id;
  staff.zhao = (await addStaff("赵师傅", addDays(today(), -1))).id;
});
afterAll(() => t?.close());

describe("staff files", () => {
  it("lists certificates with their warning state", async () => {
    const res = await t.call("GET", `/api/v1/ledgers/staff?canteenId=${canteenId}`, { token: tk.staff });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.json.items.map((s: { name: string; certificate: string }) => [s.name, s.certificate]));
    expect(byName).toEqual({ 王师傅: "valid", 李师傅: "within_7_days", 赵师傅: "expired" });
    const photo = await t.call("GET", `/api/v1/ledgers/staff/${staff.wang}/certificate-photo`, { token: tk.inspector });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses staff files from canteen staff, a foreign district, an image that is not one", async () => {
    const body = { canteenId, name: "新人", position: "帮厨", certificateNo: "HC00001", certificateIssuedOn: "2026-01-01", certificateExpiresOn: "2027-01-01" };
    expect((await t.call("POST", "/api/v1/ledgers/staff", { token: tk.staff, body })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/ledgers/staff?canteenId=${canteenId}`, { token: tk.foreignInspector })).status).toBe(404);
    const notImage = await t.call("POST", "/api/v1/ledgers/staff", { token: tk.director, body: { ...body, photo: base64(new TextEncoder().encode("<html>not a photo</html>")) } });
    expect(notImage.status).toBe(415);
    const backwards = await t.call("POST", "/api/v1/ledgers/staff", { token: tk.director, body: { ...body, certificateExpiresOn: "2025-01-01" } });
    expect(backwards.status).toBe(400);
  });

  it("renews a certificate (audited)", async () => {
    const res = await t.call("PATCH", `/api/v1/ledgers/staff/${staff.li}`, { token: tk.director, body: { certificateExpiresOn: addDays(today(), 365) } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.certificate).toBe("valid");
    expect((await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, staff.li)))[0]!.n).toBe(2);
  });
});

describe("the engine", () => {
  it("records the morning check; an expired certificate cannot be marked fit (409), unfit is recorded", async () => {
    expect((await entry(tk.staff, "morning_check", check(staff.wang))).status).toBe(201);
    expect((await entry(tk.staff, "morning_check", check(staff.li))).status).toBe(201);
    const refused = await entry(tk.staff, "morning_check", check(staff.zhao));
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    const unfit = await entry(tk.staff, "morning_check", check(staff.zhao, false, { note: "健康证过期，暂停上岗" }));
    expect(unfit.status, unfit.text).toBe(201);
    expect(unfit.json).toMatchObject({ kind: "morning_check", subject: staff.zhao, flagged: true, late: false, version: 1 });
    const fever = await entry(tk.staff, "morning_check", check(staff.wang, true, { temperature: 38.2 }));
    expect(fever.status).toBe(400);
  });

  it("留样 below 125 g is refused; a sample knows when it may be discarded", async () => {
    const light = await entry(tk.staff, "sample", { dish: "番茄炒蛋", meal: "lunch", weightGrams: 100 });
    expect(light.status).toBe(400);
    expect(light.json.error.details.some((d: { path: string }) => d.path === "data.weightGrams")).toBe(true);
    const ok = await entry(tk.staff, "sample", { dish: "番茄炒蛋", meal: "lunch", weightGrams: 150 });
    expect(ok.status, ok.text).toBe(201);
    expect(Date.parse(ok.json.derived.discardAfter) - Date.parse(ok.json.eventAt)).toBe(48 * 3600_000);
  });

  it("清洗消毒 checks its method's measurement", async () => {
    const base = { item: "餐具", method: "heat", startAt: nowIso(-3600_000), endAt: nowIso(-1800_000) };
    expect((await entry(tk.staff, "disinfection", base)).status).toBe(400);
    expect((await entry(tk.staff, "disinfection", { ...base, temperatureC: 100 })).status).toBe(201);
  });

  it("进货查验 with two photos; the same idempotency key twice is one entry", async () => {
    const idempotencyKey = key();
    const body = { kind: "purchase_inspection", canteenId, idempotencyKey, eventAt: nowIso(-60_000), photos: [base64(jpegFrame(64, 36, 1)), base64(jpegFrame(64, 36, 2))], data: { supplier: "放心粮油", product: "大米", quantity: 50, unit: "kg", productionDate: addDays(today(), -10), shelfLifeDays: 365, result: "accepted" } };
    const first = await t.call("POST", "/api/v1/ledgers/entries", { token: tk.staff, body });
    expect(first.status, first.text).toBe(201);
    expect(first.json.photos).toHaveLength(2);
    const again = await t.call("POST", "/api/v1/ledgers/entries", { token: tk.staff, body });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect((await t.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, idempotencyKey)))[0]!.n).toBe(1);
    const photo = await t.call("GET", `/api/v1/ledgers/entries/${first.json.id}/photos/${first.json.photos[1].id}`, { token: tk.inspector });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("etag")).toBe(`"${first.json.photos[1].sha256}"`);
  });

  it("refuses the future, backdating beyond the window, another canteen, a photo that is not an image — writing nothing", async () => {
    const before = (await t.db.select({ n: count() }).from(ledgerEntries))[0]!.n;
    const photosBefore = (await t.db.select({ n: count() }).from(ledgerPhotos))[0]!.n;
    const data = { item: "砧板", method: "uv", startAt: nowIso(-3600_000), endAt: nowIso(-1800_000) };
    expect((await entry(tk.staff, "disinfection", data, { eventAt: nowIso(3600_000) })).json.error.message).toBeTruthy();
    expect((await entry(tk.staff, "disinfection", data, { eventAt: nowIso(3600_000) })).status).toBe(400);
    expect((await entry(tk.staff, "disinfection", data, { eventAt: nowIso(-5 * 86_400_000) })).status).toBe(400);
    expect((await entry(tk.staff, "disinfection", data, { canteenId: otherCanteenId })).status).toBe(404);
    const bad = await entry(tk.staff, "purchase_inspection", { supplier: "x", product: "y", quantity: 1, unit: "kg", productionDate: today(), shelfLifeDays: 3, result: "accepted" }, { photos: [base64(new TextEncoder().encode("GIF89a not an image at all"))] });
    expect(bad.status).toBe(415);
    expect((await entry(tk.staff, "accompany_meal", { leader: "张校长", meal: "lunch", remarks: "饭菜可口" }, { photos: [base64(tinyJpeg())] })).status).toBe(403);
    expect((await entry(tk.parent, "sample", { dish: "米饭", meal: "lunch", weightGrams: 200 })).status).toBe(403);
    expect((await entry(tk.supplier, "sample", { dish: "米饭", meal: "lunch", weightGrams: 200 })).status).toBe(403);
    expect((await t.db.select({ n: count() }).from(ledgerEntries))[0]!.n).toBe(before);
    expect((await t.db.select({ n: count() }).from(ledgerPhotos))[0]!.n).toBe(photosBefore);
  });

  it("an entry a day late is marked late", async () => {
    const res = await entry(tk.staff, "waste", { category: "kitchen_waste", quantityKg: 12.5, collector: "环卫公司" }, { eventAt: nowIso(-86_400_000 - 60_000) });
    expect(res.status, res.text).toBe(201);
    expect(res.json.late).toBe(true);
  });

  it("a correction is a new version with a reason; the old one stays; a second correction of the old one is refused", async () => {
    const first = await entry(tk.staff, "sample", { dish: "红烧肉", meal: "lunch", weightGrams: 130 });
    const noReason = await t.call("POST", `/api/v1/ledgers/entries/${first.json.id}/corrections`, { token: tk.staff, body: { idempotencyKey: key(), reason: "  ", data: { dish: "红烧肉", meal: "lunch", weightGrams: 160 } } });
    expect(noReason.status).toBe(400);
    const fixed = await t.call("POST", `/api/v1/ledgers/entries/${first.json.id}/corrections`, { token: tk.staff, body: { idempotencyKey: key(), reason: "称重录错", data: { dish: "红烧肉", meal: "lunch", weightGrams: 160 } } });
    expect(fixed.status, fixed.text).toBe(201);
    expect(fixed.json).toMatchObject({ version: 2, supersedesId: first.json.id, entryKey: first.json.id, reason: "称重录错" });
    const again = await t.call("POST", `/api/v1/ledgers/entries/${first.json.id}/corrections`, { token: tk.staff, body: { idempotencyKey: key(), reason: "再改", data: { dish: "红烧肉", meal: "lunch", weightGrams: 170 } } });
    expect(again.status).toBe(409);
    const detail = await t.call("GET", `/api/v1/ledgers/entries/${fixed.json.id}`, { token: tk.director });
    expect(detail.json.versions.map((v: { data: { weightGrams: number } }) => v.data.weightGrams)).toEqual([130, 160]);
    expect(detail.json.versions[0].supersededBy).toBe(fixed.json.id);
    const current = await t.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=sample`, { token: tk.staff });
    const ids = current.json.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(fixed.json.id);
    expect(ids).not.toContain(first.json.id);
    const history = await t.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=sample&history=true`, { token: tk.staff });
    expect(history.json.items.map((i: { id: string }) => i.id)).toContain(first.json.id);
  });

  it("chains every version of the canteen and audits every write", async () => {
    const rows = await t.db.select().from(ledgerEntries).where(eq(ledgerEntries.canteenId, canteenId)).orderBy(ledgerEntries.seq);
    let prev = "0".repeat(64);
    for (const [i, r] of rows.entries()) {
      expect(r.seq).toBe(i + 1);
      expect(r.prevHash).toBe(prev);
      const photos = (await t.db.select().from(ledgerPhotos).where(eq(ledgerPhotos.entryId, r.id)).orderBy(ledgerPhotos.seq)).map((p) => p.sha256);
      expect(entryHash(r.prevHash, { seq: r.seq, id: r.id, canteenId: r.canteenId, kind: r.kind, entryKey: r.entryKey, version: r.version, supersedesId: r.supersedesId, reason: r.reason, subject: r.subject, data: r.data, derived: r.derived, eventAt: r.eventAt, day: r.day, enteredAt: r.enteredAt, enteredBy: r.enteredBy, late: r.late, flagged: r.flagged, idempotencyKey: r.idempotencyKey, prevHash: r.prevHash, photos } as never)).toBe(r.hash);
      prev = r.hash;
      expect((await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, r.id)))[0]!.n).toBeGreaterThanOrEqual(1);
    }
    expect(rows.length).toBeGreaterThan(8);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("completeness and review", () => {
  it("shows the school what is missing today, then 100 % once done", async () => {
    const before = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.staff });
    expect(before.status, before.text).toBe(200);
    const kinds = Object.fromEntries(before.json.kinds.map((k: { kind: string }) => [k.kind, k]));
    expect(kinds.morning_check).toMatchObject({ cadence: "per_person_day", due: 3, done: 3 });
    expect(kinds.sample).toMatchObject({ due: 1, done: 1 });
    expect(kinds.disinfection).toMatchObject({ due: 1, done: 1 });
    expect(kinds.accompany_meal).toMatchObject({ due: 1, done: 0, missing: [`${today()}|lunch`] });
    expect(before.json.rate).toBeLessThan(1);
    expect(before.json.certificates.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([["赵师傅", "expired"]]);
    const meal = await entry(tk.principal, "accompany_meal", { leader: "张校长", meal: "lunch", remarks: "饭菜可口，分量足" }, { photos: [base64(tinyJpeg())] });
    expect(meal.status, meal.text).toBe(201);
    // 日管控、周排查、月调度: the checklists due today, this week and this month
    expect(kinds.daily_control).toMatchObject({ cadence: "daily", due: 1, done: 0 });
    expect(kinds.weekly_check).toMatchObject({ cadence: "weekly", due: 1, done: 0 });
    expect(kinds.monthly_dispatch).toMatchObject({ cadence: "monthly", due: 1, done: 0 });
    for (const [kind, passed] of [["daily_control", DAILY_ITEMS], ["weekly_check", WEEKLY_ITEMS], ["monthly_dispatch", MONTHLY_ITEMS]] as const) {
      const res = await entry(tk.principal, kind, { passed: [...passed] });
      expect(res.status, res.text).toBe(201);
      expect(res.json.flagged).toBe(false);
    }
    const after = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.director });
    expect(after.json).toMatchObject({ rate: 1, reviewed: false });
  });

  it("the director reviews the day; only the principal signs the week off", async () => {
    const review = await t.call("POST", "/api/v1/ledgers/reviews", { token: tk.director, body: { canteenId, type: "daily_review", day: today(), note: "已复核" } });
    expect(review.status, review.text).toBe(201);
    expect((await t.call("POST", "/api/v1/ledgers/reviews", { token: tk.staff, body: { canteenId, type: "daily_review", day: today() } })).status).toBe(403);
    expect((await t.call("POST", "/api/v1/ledgers/reviews", { token: tk.director, body: { canteenId, type: "weekly_signoff", day: today() } })).status).toBe(403);
    const week = await t.call("POST", "/api/v1/ledgers/reviews", { token: tk.principal, body: { canteenId, type: "weekly_signoff", day: today() } });
    expect(week.status).toBe(201);
    expect(week.json.day <= today()).toBe(true);
    const list = await t.call("GET", `/api/v1/ledgers/reviews?canteenId=${canteenId}`, { token: tk.inspector });
    expect(list.json.items.map((r: { type: string; reviewer: { name: string } }) => r.type)).toEqual(["daily_review", "weekly_signoff"]);
    expect((await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.staff })).json.reviewed).toBe(true);
  });

  it("a positive pesticide test needs attention: the school's to-do lists it, the regulator's overview counts it", async () => {
    const positive = await entry(tk.staff, "pesticide_test", { sample: "小白菜", method: "enzyme_inhibition", inhibitionRate: 62, result: "positive" });
    expect(positive.status, positive.text).toBe(201);
    expect(positive.json.flagged).toBe(true);
    const school = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.director });
    expect(school.json.attention.map((a: { kind: string }) => a.kind).sort()).toEqual(["morning_check", "pesticide_test"]);
    const overview = await t.call("GET", "/api/v1/ledgers/completeness/overview", { token: tk.inspector });
    expect(overview.json.canteens.find((c: { canteenId: string }) => c.canteenId === canteenId).flagged).toBe(2);
  });

  it("a positive pesticide test is an alert in the school's and its regulator's inbox, once per entry; a negative one is not", async () => {
    const positive = await entry(tk.staff, "pesticide_test", { sample: "韭菜", method: "test_strip", result: "positive" });
    expect(positive.status, positive.text).toBe(201);
    const inbox = async (token: string) => ((await t.call("GET", "/api/v1/alerts?limit=100", { token })).json.items as Array<{ id: string; type: string; ledgerEntryId: string | null; cameraId: string | null; cameraName: string | null }>).filter((a) => a.type === "pesticide_positive");
    const forRegulator = await inbox(tk.inspector);
    const raised = forRegulator.find((a) => a.ledgerEntryId === positive.json.id);
    expect(raised).toMatchObject({ cameraId: null, cameraName: null });
    expect((await inbox(tk.principal)).map((a) => a.id)).toContain(raised!.id);
    // another district's inspector does not see it, in the list or by its id
    expect((await inbox(tk.foreignInspector)).map((a) => a.id)).not.toContain(raised!.id);
    expect((await t.call("GET", `/api/v1/alerts/${raised!.id}`, { token: tk.foreignInspector })).status).toBe(404);
    const detail = await t.call("GET", `/api/v1/alerts/${raised!.id}`, { token: tk.inspector });
    expect(detail.status, detail.text).toBe(200);
    expect(detail.json.events).toMatchObject([{ action: "raised", note: "韭菜" }]);
    // a correction that is still positive is the same finding: no second alert while the first is open
    const corrected = await t.call("POST", `/api/v1/ledgers/entries/${positive.json.id}/corrections`, { token: tk.staff, body: { idempotencyKey: key(), reason: "样品名称写错", data: { sample: "韭菜（二号摊位）", method: "test_strip", result: "positive" } } });
    expect(corrected.status, corrected.text).toBe(201);
    expect((await inbox(tk.inspector)).length).toBe(forRegulator.length);
    // the school works it through the same workflow as a camera's alert
    const ack = await t.call("POST", `/api/v1/alerts/${raised!.id}/acknowledge`, { token: tk.principal, body: { note: "已停用该批次" } });
    expect(ack.status, ack.text).toBe(200);
    const negative = await entry(tk.staff, "pesticide_test", { sample: "土豆", method: "test_strip", result: "negative" });
    expect(negative.status, negative.text).toBe(201);
    expect((await inbox(tk.inspector)).length).toBe(forRegulator.length);
    // the alert and the entry are audited in one chain that still verifies
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("the district inspector sees the canteen at 100 % today; the other district does not see it", async () => {
    const mine = await t.call("GET", "/api/v1/ledgers/completeness/overview", { token: tk.inspector });
    expect(mine.status, mine.text).toBe(200);
    const row = mine.json.canteens.find((c: { canteenId: string }) => c.canteenId === canteenId);
    expect(row).toMatchObject({ rate: 1 });
    expect(row.due).toBeGreaterThanOrEqual(6);
    expect(mine.json.districts.map((d: { regionName: string }) => d.regionName)).toEqual(["鄂城区"]);
    const foreign = await t.call("GET", "/api/v1/ledgers/completeness/overview", { token: tk.foreignInspector });
    expect(foreign.json.canteens.map((c: { canteenId: string }) => c.canteenId)).not.toContain(canteenId);
    const city = await t.call("GET", "/api/v1/ledgers/completeness/overview?regionCode=420700", { token: tk.edu });
    expect(city.json.districts.length).toBe(3);
    expect(city.json.total.due).toBeGreaterThan(row.due);
  });

  it("a canteen's settings change what is due (two meals: a missing 留样 shows)", async () => {
    const res = await t.call("PATCH", `/api/v1/canteens/${canteenId}/ledger-settings`, { token: tk.director, body: { meals: ["lunch", "dinner"] } });
    expect(res.status, res.text).toBe(200);
    const c = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.staff });
    expect(c.json.kinds.find((k: { kind: string }) => k.kind === "sample")).toMatchObject({ due: 2, done: 1, missing: [`${today()}|dinner`] });
    expect((await t.call("PATCH", `/api/v1/canteens/${canteenId}/ledger-settings`, { token: tk.staff, body: { meals: ["lunch"] } })).status).toBe(403);
  });
});
