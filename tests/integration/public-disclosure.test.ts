/**
 * The school's settings of its canteen's public page (issue 13, item 3): read back with defaults, hours both set
 * (opening first) or both cleared, the cap within 1–500, every change audited; a parent and a foreign district
 * cannot change them; the public page follows at once.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, canteens, inspections, orders, orgs, users } from "../../db/schema/index.ts";
import { newId } from "../../server/auth/tokens.ts";
import { Disclosure, PublicCanteen } from "../../server/public/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const clock = Date.UTC(2026, 10, 2, 3, 0); // 11:00 China time
let canteenId: string;
let slug: string;
const tk = {} as Record<"principal" | "director" | "parent" | "foreignInspector", string>;
const put = (body: unknown, token = tk.principal) => t.call("PUT", `/api/v1/canteens/${canteenId}/disclosure`, { token, body });

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  canteenId = t.demo.demoCanteenId;
  slug = (await t.db.select().from(canteens).where(eq(canteens.id, canteenId)))[0]!.publicSlug;
  tk.principal = await t.login("school.principal");
  tk.parent = await t.login("school.parent");
  tk.director = await t.login("school.director");
  tk.foreignInspector = await t.login("huarong.inspector");
});
afterAll(() => t?.close());

describe("the public page's settings", () => {
  it("reads the defaults before the school sets anything: no hours (closed), a cap of 50", async () => {
    const res = await t.call("GET", `/api/v1/canteens/${canteenId}/disclosure`, { token: tk.principal });
    expect(res.status, res.text).toBe(200);
    expect(Disclosure.parse(res.json)).toEqual({ licenseValidUntil: null, liveFrom: null, liveTo: null, viewerCap: 50 });
  });

  it("saves hours, cap and licence, audited, and the public page opens at once", async () => {
    const res = await put({ liveFrom: "10:30", liveTo: "12:30", viewerCap: 80, licenseValidUntil: "2028-06-30" });
    expect(res.status, res.text).toBe(200);
    expect((await t.call("GET", `/api/v1/canteens/${canteenId}/disclosure`, { token: tk.principal })).json).toEqual({ licenseValidUntil: "2028-06-30", liveFrom: "10:30", liveTo: "12:30", viewerCap: 80 });
    const page = PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json);
    expect(page.live).toMatchObject({ from: "10:30", to: "12:30", open: true });
    const audited = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, canteenId), eq(auditLog.action, "canteen.disclosure")));
    expect(audited).toHaveLength(1);
  });

  it("refuses one hour without the other and a closing before the opening (400), changing nothing", async () => {
    const incomplete = await put({ liveTo: null });
    expect(incomplete.status).toBe(400);
    expect(incomplete.json.error.details[0].path).toBe("liveTo");
    const backwards = await put({ liveFrom: "13:00" });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.message).toBe("结束时间须晚于开放时间");
    expect((await put({ viewerCap: 0 })).status).toBe(400);
    expect((await put({ liveFrom: "25:00", liveTo: "26:00" })).status).toBe(400);
    expect((await put({})).status).toBe(400);
    expect((await t.call("GET", `/api/v1/canteens/${canteenId}/disclosure`, { token: tk.principal })).json).toMatchObject({ liveFrom: "10:30", liveTo: "12:30", viewerCap: 80 });
  });

  it("clears both hours: the public cameras close", async () => {
    expect((await put({ liveFrom: null, liveTo: null })).status).toBe(200);
    expect(PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json).live).toMatchObject({ open: false, nextOpening: null });
  });

  it("discloses the staff's health certificates desensitised: masked names and validity, no certificate number; a person who left is not listed", async () => {
    const add = (name: string, certificateNo: string, expiresOn: string) =>
      t.call("POST", "/api/v1/ledgers/staff", { token: tk.director, body: { canteenId, name, position: "厨师", certificateNo, certificateIssuedOn: "2026-01-05", certificateExpiresOn: expiresOn } });
    const wang = await add("王建国", "HC420704202601", "2027-01-04");
    expect(wang.status, wang.text).toBe(201);
    expect((await add("李秀英", "HC420704202602", "2026-12-20")).status).toBe(201);
    const page = await t.call("GET", `/api/v1/public/canteens/${slug}`);
    const certs = PublicCanteen.parse(page.json).healthCertificates;
    expect(certs).toEqual(expect.arrayContaining([{ name: "王**", validUntil: "2027-01-04" }, { name: "李**", validUntil: "2026-12-20" }]));
    expect(page.text).not.toContain("王建国");
    expect(page.text).not.toContain("HC420704202601");
    // the person leaves: no longer on the public page
    const left = await t.call("PATCH", `/api/v1/ledgers/staff/${wang.json.id}`, { token: tk.director, body: { active: false } });
    expect(left.status, left.text).toBe(200);
    const after = PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json).healthCertificates;
    expect(after.map((c) => c.name)).not.toContain("王**");
    expect(after.map((c) => c.name)).toContain("李**");
  });

  it("is the school's: a parent cannot change it (403), a foreign district cannot see the canteen (404) nor change it (403: no permission)", async () => {
    expect((await put({ viewerCap: 10 }, tk.parent)).status).toBe(403);
    expect((await t.call("GET", `/api/v1/canteens/${canteenId}/disclosure`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await put({ viewerCap: 10 }, tk.foreignInspector)).status).toBe(403);
  });
});

describe("the public page's facts (第十二条)", () => {
  it("shows the licence, the 量化等级, market supervision's recent results and the orders issued and closed — and nothing personal", async () => {
    const [inspector] = await t.db.select().from(users).where(eq(users.username, "echeng.inspector"));
    const [principal] = await t.db.select().from(users).where(eq(users.username, "school.principal"));
    const [regulator] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂州市市场监督管理局"));
    await t.db.update(canteens).set({ licenseNo: "JY14207040009999", grade: "A" }).where(eq(canteens.id, canteenId));
    const before = PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json);
    const H = 3_600_000;
    const inspection = (kind: "online_patrol" | "live_inspection" | "self_check", endedAt: number, result: "satisfactory" | "issues_found") => ({
      id: newId("ins"), kind, canteenId, room: `canteen:${canteenId}`, status: "ended" as const, startedBy: kind === "self_check" ? principal!.id : inspector!.id, startedAt: endedAt - H, endedAt, result,
      // what an inspector writes stays with the regulator: never on the public page
      outcome: "检查员私人备注：后厨主管手机13912345678",
    });
    const newest = inspection("live_inspection", clock - 2 * H, "issues_found");
    const older = inspection("online_patrol", clock - 30 * H, "satisfactory");
    const own = inspection("self_check", clock - H, "satisfactory"); // the school's own check: not market supervision's
    await t.db.insert(inspections).values([newest, older, own]);
    const order = (status: "issued" | "accepted" | "closed", k: number) => ({
      id: newId("ord"), number: `鄂城市监整〔2026〕${900 + k}号`, canteenId, inspectionId: newest.id, issuerOrgId: regulator!.id, issuedBy: inspector!.id,
      issuedAt: clock - (10 - k) * H, deadline: clock + 72 * H, status, remarks: "联系人：王建国 13912345678", documentSha256: "0".repeat(64), updatedAt: clock,
    });
    await t.db.insert(orders).values([order("issued", 1), order("accepted", 2), order("closed", 3)]);

    const res = await t.call("GET", `/api/v1/public/canteens/${slug}`);
    expect(res.status).toBe(200);
    const page = PublicCanteen.parse(res.json);
    expect(page.canteen).toMatchObject({ licenseNo: "JY14207040009999", grade: "A", licenseValidUntil: "2028-06-30" });
    // the recent results, newest first, with date and outcome; the school's self-check is not among them
    expect(page.inspections.slice(0, 2).map((i) => [i.kind, i.result, Date.parse(i.date)])).toEqual([["live_inspection", "issues_found", newest.endedAt], ["online_patrol", "satisfactory", older.endedAt]]);
    expect(page.inspections.some((i) => i.kind === "self_check")).toBe(false);
    // the orders: issued and closed counted (accepted counts as closed), the recent ones by number and status
    expect(page.orders.issued).toBe(before.orders.issued + 3);
    expect(page.orders.closed).toBe(before.orders.closed + 2);
    expect(page.orders.recent.slice(0, 3).map((o) => [o.number, o.status])).toEqual([["鄂城市监整〔2026〕903号", "closed"], ["鄂城市监整〔2026〕902号", "accepted"], ["鄂城市监整〔2026〕901号", "issued"]]);
    // nothing personal: no inspector, no note, no remark, no phone, no account ids
    for (const secret of ["13912345678", "私人备注", "王建国", inspector!.displayName, inspector!.id, principal!.id, "startedBy", "issuedBy", "remarks", "outcome"]) expect(res.text, secret).not.toContain(secret);
  });
});
