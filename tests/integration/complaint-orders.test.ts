/**
 * 投诉转整改 (issue 13, item 4): the district regulator turns a complaint into a rectification order through
 * server/orders — numbered, signed (the complaint is in the signed document), linked both ways, audited, one per
 * complaint; the complaint's page and its tracking code show the order (no personal data on the latter); the
 * school cannot, a foreign district cannot see it, a closed complaint cannot be turned, bad input is a 4xx with
 * nothing written.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { auditLog, canteens, complaintEvents, orders } from "../../db/schema/index.ts";
import { Complaint, ComplaintReceipt, ComplaintTracking } from "../../server/complaints/contracts.ts";
import { Order } from "../../server/orders/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm } from "../support/images.ts";

let t: TestApp;
const clock = Date.UTC(2026, 10, 2, 2, 0);
let slug: string;
const tk = {} as Record<"principal" | "inspector" | "foreignInspector", string>;
let peer = 0;

async function fileOne(text = "饭菜里有头发，<b>请核查</b>") {
  const res = await t.call("POST", `/api/v1/public/canteens/${slug}/complaints`, {
    form: imageForm("photo", [], { category: "foreign_object", text, phone: "13812345678" }),
    headers: { "x-test-peer": `10.9.0.${++peer}` },
  });
  expect(res.status, res.text).toBe(201);
  const { code } = ComplaintReceipt.parse(res.json);
  const list = await t.call("GET", `/api/v1/complaints?q=${code}`, { token: tk.inspector });
  return { code, id: list.json.items[0].id as string };
}
const body = (over: Record<string, unknown> = {}) => ({ items: [{ problem: "学生餐中发现异物，后厨操作不规范", severity: "major", legalBasisId: legalBasisId("fsl-33"), ...over }] });
const turn = (id: string, token: string, b: unknown = body()) => t.call("POST", `/api/v1/complaints/${id}/order`, { token, body: b });
const orderCount = async () => (await t.db.select({ n: count() }).from(orders))[0]!.n;

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock, peerAddress: (c) => c.req.header("x-test-peer") ?? null });
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
  slug = canteen!.publicSlug;
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
});
afterAll(() => t?.close());

describe("a complaint turned into a rectification order", () => {
  let c: { code: string; id: string };
  let order: Order;

  it("is issued by the district regulator through the orders flow, numbered and signed with the complaint in it", async () => {
    c = await fileOne();
    const res = await turn(c.id, tk.inspector);
    expect(res.status, res.text).toBe(201);
    order = Order.parse(res.json);
    expect(order).toMatchObject({ status: "issued", inspectionId: null, complaintId: c.id, complaint: { id: c.id, code: c.code }, canteenId: t.demo.demoCanteenId });
    expect(order.number).toMatch(/〔2026〕\d{4}号$/);
    expect(order.items[0]).toMatchObject({ severity: "major", snapshots: [] });
    // the signature covers the complaint link: the public verification recomputes the same hash
    const verify = await t.call("GET", `/api/v1/verify/order/${order.id}`);
    expect(verify.json.result).toBe("unchanged");
    await t.db.update(orders).set({ complaintId: null }).where(eq(orders.id, order.id));
    expect((await t.call("GET", `/api/v1/verify/order/${order.id}`)).json.result).toBe("changed");
    await t.db.update(orders).set({ complaintId: c.id }).where(eq(orders.id, order.id));
  });

  it("is linked both ways: the complaint's page names the order and its timeline says so; both steps are audited", async () => {
    const detail = Complaint.parse((await t.call("GET", `/api/v1/complaints/${c.id}`, { token: tk.principal })).json);
    expect(detail.order).toMatchObject({ id: order.id, number: order.number, status: "issued" });
    expect(detail.status).toBe("open");
    expect(detail.events.map((e) => e.type)).toEqual(["filed", "ordered"]);
    expect(detail.events[1]).toMatchObject({ note: order.number, actorName: expect.any(String) });
    const audited = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, c.id));
    expect(audited.map((a) => a.action)).toContain("complaint.order");
    const orderAudit = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, order.id));
    expect(orderAudit.map((a) => a.action)).toEqual(["order.issue"]);
    // the school sees the order in its list like any other
    const list = await t.call("GET", `/api/v1/orders?canteenId=${t.demo.demoCanteenId}`, { token: tk.principal });
    expect(list.json.items.find((o: { id: string }) => o.id === order.id)).toMatchObject({ complaintId: c.id, inspectionId: null });
  });

  it("shows on the tracking code: the order's number, status and deadline, no person, no phone", async () => {
    const res = await t.call("GET", `/api/v1/public/complaints/${c.code}`);
    const tracked = ComplaintTracking.parse(res.json);
    expect(tracked.order).toEqual({ number: order.number, status: "issued", issuedAt: order.issuedAt, deadline: order.deadline });
    expect(res.text).not.toMatch(/usr_|ord_|138|巡查员|张敏/);
    // the school's answer and the order's steps move on independently; the code follows the order's status
    await t.call("POST", `/api/v1/orders/${order.id}/acknowledge`, { token: tk.principal });
    expect(ComplaintTracking.parse((await t.call("GET", `/api/v1/public/complaints/${c.code}`)).json).order?.status).toBe("acknowledged");
  });

  it("is turned once: the second time is a 409 and writes nothing", async () => {
    const before = await orderCount();
    const again = await turn(c.id, tk.inspector);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("该投诉已转为整改通知");
    expect(await orderCount()).toBe(before);
  });
});

describe("who may, and bad input", () => {
  it("refuses the school (403) and hides the complaint from a foreign district (404)", async () => {
    const c = await fileOne();
    expect((await turn(c.id, tk.principal)).status).toBe(403);
    expect((await turn(c.id, tk.foreignInspector)).status).toBe(404);
    expect((await turn("cmp_doesnotexist1", tk.inspector)).status).toBe(404);
  });

  it("refuses a closed complaint (409) and an unknown legal basis (404) without a half-written order or event", async () => {
    const c = await fileOne();
    await t.call("POST", `/api/v1/complaints/${c.id}/answer`, { token: tk.principal, body: { note: "已处理" } });
    const before = await orderCount();
    const unknownBasis = await turn(c.id, tk.inspector, body({ legalBasisId: "lb_doesnotexist" }));
    expect(unknownBasis.status, unknownBasis.text).toBe(404);
    expect(unknownBasis.json.error.details[0].path).toBe("items.0.legalBasisId");
    await t.call("POST", `/api/v1/complaints/${c.id}/close`, { token: tk.inspector, body: {} });
    const closed = await turn(c.id, tk.inspector);
    expect(closed.status).toBe(409);
    expect(await orderCount()).toBe(before);
    const events = await t.db.select({ type: complaintEvents.type }).from(complaintEvents).where(eq(complaintEvents.complaintId, c.id));
    expect(events.map((e) => e.type)).not.toContain("ordered");
  });

  it("refuses an empty item list, a missing problem, a past deadline and an unknown field (400/409)", async () => {
    const c = await fileOne();
    expect((await turn(c.id, tk.inspector, { items: [] })).status).toBe(400);
    expect((await turn(c.id, tk.inspector, body({ problem: "" }))).status).toBe(400);
    expect((await turn(c.id, tk.inspector, { ...body(), inspectionId: "ins_x" })).status).toBe(400);
    const past = await turn(c.id, tk.inspector, body({ deadline: "2020-01-01T00:00:00+08:00" }));
    expect(past.status).toBe(409);
    expect(past.json.error.message).toBe("整改期限须晚于当前时间");
  });
});
