/**
 * 整改通知 end to end through the API on a real libSQL file: freeze → annotate → issue → acknowledge →
 * submit → return → resubmit → accept → close, the public verify hash, the per-regulator yearly number,
 * and the overdue sweep with an injected clock.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cameras, orderEvents, orderItems, orders } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { Order, OrderPage, OrderVerification } from "../../server/orders/contracts.ts";
import { chinaYear, ESCALATION_DELAY_MS } from "../../server/orders/rules.ts";
import { sha256Hex } from "../../server/media-store/store.ts";
import { sweepOrders } from "../../server/orders/sweep.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
const tk = {} as Record<"inspector" | "principal" | "director" | "admin" | "edu" | "foreignInspector" | "staff", string>;
let canteenId: string;
let inspectionId: string;
let snapshotId: string;

async function freeze(token: string, seed = 0) {
  const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, canteenId));
  const res = await t.call("POST", "/api/v1/snapshots", { token, form: imageForm("file", [jpegFrame(64, 36, seed)], { cameraId: camera!.id, inspectionId }) });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

const item = (over: Record<string, unknown> = {}) => ({ problem: "备餐间紫外线灯未开启，操作台面有积水", severity: "major", legalBasisId: legalBasisId("fsl-56"), snapshotIds: [snapshotId], ...over });

async function issue(body: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/api/v1/orders", { token: tk.inspector, body: { inspectionId, items: [item()], ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

const auditCount = async (targetId: string) => (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, targetId)))[0]!.n;

beforeAll(async () => {
  t = await startTestApp();
  canteenId = t.demo.demoCanteenId;
  tk.inspector = await t.login("echeng.inspector");
  tk.principal = await t.login("school.principal");
  tk.director = await t.login("school.director");
  tk.admin = await t.login("ezhou.admin");
  tk.edu = await t.login("ezhou.edu");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.staff = await t.login("school.staff");
  const started = await t.call("POST", "/api/v1/inspections", { token: tk.inspector, body: { canteenId, kind: "live_inspection" } });
  expect(started.status).toBe(201);
  inspectionId = started.json.id;
  snapshotId = (await freeze(tk.inspector)).id;
});
afterAll(() => t?.close());

describe("the legal-basis catalogue", () => {
  it("is seeded on migrate with both laws", async () => {
    const res = await t.call("GET", "/api/v1/legal-bases", { token: tk.inspector });
    expect(res.status).toBe(200);
    const laws = new Set(res.json.items.map((b: { law: string }) => b.law));
    expect(laws).toEqual(new Set(["中华人民共和国食品安全法", "学校食品安全与营养健康管理规定"]));
    expect(res.json.items.find((b: { code: string }) => b.code === "fsl-56")).toMatchObject({ article: "第五十六条", id: legalBasisId("fsl-56") });
  });
});

describe("an order's whole life", () => {
  it("goes issued → acknowledged → submitted → returned → submitted → accepted → closed, each step an event and an audit entry", async () => {
    const order = await issue({ remarks: "请于期限内完成整改并上传照片" });
    const year = chinaYear(Date.now());
    expect(order.number).toMatch(new RegExp(`^鄂州市鄂城区市监整〔${year}〕\\d{4}号$`));
    expect(order.status).toBe("issued");
    expect(order.issuedBy.orgName).toBe("鄂州市鄂城区市场监督管理局");
    expect(order.items[0]).toMatchObject({ seq: 1, severity: "major", legalBasis: { code: "fsl-56", article: "第五十六条" }, snapshots: [{ id: snapshotId }] });
    // 较重: seven days by default; the order's deadline is its earliest item's
    expect(Date.parse(order.deadline) - Date.parse(order.issuedAt)).toBe(7 * 24 * 3600_000);
    expect(order.signature.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(order.signature.signer.displayName).toBeTruthy();
    const id = order.id;

    // the principal sees it in the school's list and acknowledges (签收)
    const schoolList = await t.call("GET", "/api/v1/orders", { token: tk.principal });
    expect(schoolList.json.items.map((o: { id: string }) => o.id)).toContain(id);
    const ack = await t.call("POST", `/api/v1/orders/${id}/acknowledge`, { token: tk.principal });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.json.status).toBe("acknowledged");

    const photos = [jpegFrame(80, 60, 1), jpegFrame(80, 60, 2)];
    const submitted = await t.call("POST", `/api/v1/orders/${id}/submit`, { token: tk.director, form: imageForm("photos", photos, { description: "已开启紫外线灯并清理台面积水" }) });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json.status).toBe("submitted");
    const firstSubmit = submitted.json.events.at(-1);
    expect(firstSubmit).toMatchObject({ type: "submitted", note: "已开启紫外线灯并清理台面积水" });
    expect(firstSubmit.evidence.map((e: { sha256: string }) => e.sha256)).toEqual(photos.map(sha256Hex));

    // the photo itself, in scope only
    const photoUrl = firstSubmit.evidence[0].imageUrl;
    const photo = await t.app.request(photoUrl, { headers: { authorization: `Bearer ${tk.inspector}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect(sha256Hex(new Uint8Array(await photo.arrayBuffer()))).toBe(firstSubmit.evidence[0].sha256);
    expect((await t.call("GET", photoUrl, { token: tk.foreignInspector })).status).toBe(404);

    const returned = await t.call("POST", `/api/v1/orders/${id}/return`, { token: tk.inspector, body: { reason: "照片未显示紫外线灯开启状态" } });
    expect(returned.status).toBe(200);
    expect(returned.json.status).toBe("acknowledged");
    expect(returned.json.events.at(-1)).toMatchObject({ type: "returned", fromStatus: "submitted", toStatus: "acknowledged", note: "照片未显示紫外线灯开启状态" });

    const resubmitted = await t.call("POST", `/api/v1/orders/${id}/submit`, { token: tk.principal, form: imageForm("photos", [jpegFrame(80, 60, 3)], { description: "补充紫外线灯开启照片" }) });
    expect(resubmitted.status).toBe(200);
    const accepted = await t.call("POST", `/api/v1/orders/${id}/accept`, { token: tk.inspector, body: { note: "整改到位" } });
    expect(accepted.json.status).toBe("accepted");
    const closed = await t.call("POST", `/api/v1/orders/${id}/close`, { token: tk.admin });
    expect(closed.status).toBe(200);
    expect(closed.json.status).toBe("closed");

    const detail = await t.call("GET", `/api/v1/orders/${id}`, { token: tk.edu });
    expect(detail.status).toBe(200);
    // the answer is exactly the shared contract the client types itself with
    expect(Order.safeParse(detail.json).error).toBeUndefined();
    expect(OrderPage.safeParse(schoolList.json).error).toBeUndefined();
    expect(detail.json.events.map((e: { type: string }) => e.type)).toEqual(["issued", "acknowledged", "submitted", "returned", "submitted", "accepted", "closed"]);
    expect(detail.json.events.flatMap((e: { evidence: unknown[] }) => e.evidence)).toHaveLength(3);
    expect(await auditCount(id)).toBe(7);

    // a closed order takes no further step
    const again = await t.call("POST", `/api/v1/orders/${id}/close`, { token: tk.inspector });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
  });

  it("verify recomputes the hash: unchanged, then changed after a direct database update", async () => {
    const order = await issue();
    const path = `/api/v1/verify/order/${order.id}`;
    const clean = await t.call("GET", path); // public: no token
    expect(clean.status).toBe(200);
    expect(OrderVerification.safeParse(clean.json).error).toBeUndefined();
    expect(clean.json).toMatchObject({ result: "unchanged", number: order.number, signedSha256: order.signature.documentSha256, computedSha256: order.signature.documentSha256 });
    // status changes are not part of the signed document
    await t.call("POST", `/api/v1/orders/${order.id}/acknowledge`, { token: tk.principal });
    expect((await t.call("GET", path)).json.result).toBe("unchanged");

    await t.db.update(orderItems).set({ problem: "无问题" }).where(eq(orderItems.orderId, order.id));
    const tampered = await t.call("GET", path);
    expect(tampered.json.result).toBe("changed");
    expect(tampered.json.computedSha256).not.toBe(order.signature.documentSha256);

    const other = await issue();
    await t.db.update(orders).set({ deadline: Date.parse(other.deadline) + 86_400_000 }).where(eq(orders.id, other.id));
    expect((await t.call("GET", `/api/v1/verify/order/${other.id}`)).json.result).toBe("changed");
    expect((await t.call("GET", "/api/v1/verify/order/ord_doesnotexist1")).status).toBe(404);
  });

  it("numbers orders from one yearly sequence per regulator, without gaps or duplicates under concurrency", async () => {
    const before = await t.call("GET", "/api/v1/orders?limit=200", { token: tk.inspector });
    const seqOf = (n: string) => Number(/〕(\d{4})号$/.exec(n)![1]);
    const known = before.json.items.map((o: { number: string }) => seqOf(o.number));
    const issued = await Promise.all(Array.from({ length: 5 }, () => t.call("POST", "/api/v1/orders", { token: tk.inspector, body: { inspectionId, items: [item()] } })));
    for (const r of issued) expect(r.status, r.text).toBe(201);
    const numbers = issued.map((r) => seqOf(r.json.number)).sort((a, b) => a - b);
    const next = Math.max(...known) + 1;
    expect(numbers).toEqual([next, next + 1, next + 2, next + 3, next + 4]);
  });
});

describe("the overdue sweep (injected clock)", () => {
  it("marks overdue at the deadline with a reminder to the school, escalates three days later, once each, and lists overdue first", async () => {
    const order = await issue({ items: [item({ severity: "critical" })] });
    const deadline = Date.parse(order.deadline);
    const deps = { db: t.db, livekit: null };

    expect((await sweepOrders(deps, deadline - 1)).overdue).not.toContain(order.id);
    const first = await sweepOrders(deps, deadline + 1);
    expect(first.overdue).toContain(order.id);
    expect(first.escalated).not.toContain(order.id);
    // idempotent: a second run (or a second instance) at the same moment does nothing more
    expect((await sweepOrders(deps, deadline + 2)).overdue).not.toContain(order.id);

    const list = await t.call("GET", "/api/v1/orders?limit=200", { token: tk.inspector });
    expect(list.json.items[0].overdue).toBe(true);
    expect(list.json.items.findIndex((o: { id: string }) => o.id === order.id)).toBeLessThan(list.json.items.findIndex((o: { overdue: boolean }) => !o.overdue));
    const overdueOnly = await t.call("GET", "/api/v1/orders?overdue=true", { token: tk.principal });
    expect(overdueOnly.json.items.map((o: { id: string }) => o.id)).toContain(order.id);

    // two instances sweep at the same time, three days after the deadline: one escalation
    const later = deadline + ESCALATION_DELAY_MS + 1;
    const [a, b] = await Promise.all([sweepOrders(deps, later), sweepOrders(deps, later)]);
    expect([...a.escalated, ...b.escalated].filter((id) => id === order.id)).toHaveLength(1);

    const detail = await t.call("GET", `/api/v1/orders/${order.id}`, { token: tk.edu });
    expect(detail.json.overdue).toBe(true);
    expect(detail.json.escalated).toBe(true);
    const overdueEvent = detail.json.events.find((e: { type: string }) => e.type === "overdue");
    const escalation = detail.json.events.find((e: { type: string }) => e.type === "escalated");
    expect(overdueEvent).toMatchObject({ actor: null, notified: [{ orgName: "鄂城区第一中学" }] });
    expect(escalation.notified.map((n: { orgName: string }) => n.orgName)).toEqual(["鄂州市教育局", "鄂州市鄂城区市场监督管理局"]);
    const events = await t.db.select({ n: count() }).from(orderEvents).where(and(eq(orderEvents.orderId, order.id)));
    expect(events[0]!.n).toBe(3);
    expect(await auditCount(order.id)).toBe(3);
  });

  it("pages the list by cursor in the same order, without repeats", async () => {
    const all = await t.call("GET", "/api/v1/orders?limit=200", { token: tk.inspector });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<TestApp["call"]>> = await t.call("GET", `/api/v1/orders?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: tk.inspector });
      expect(page.status).toBe(200);
      ids.push(...page.json.items.map((o: { id: string }) => o.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(ids).toEqual(all.json.items.map((o: { id: string }) => o.id));
    expect(ids.length).toBeGreaterThan(6);
    expect((await t.call("GET", "/api/v1/orders?cursor=garbage", { token: tk.inspector })).status).toBe(400);
    // the status filter
    const closed = await t.call("GET", "/api/v1/orders?status=closed", { token: tk.principal });
    expect(closed.json.items.length).toBeGreaterThan(0);
    for (const o of closed.json.items) expect(o.status).toBe("closed");
  });

  it("leaves submitted orders alone", async () => {
    const order = await issue({ items: [item({ severity: "critical" })] });
    await t.call("POST", `/api/v1/orders/${order.id}/acknowledge`, { token: tk.principal });
    const sub = await t.call("POST", `/api/v1/orders/${order.id}/submit`, { token: tk.principal, form: imageForm("photos", [jpegFrame()], { description: "已整改" }) });
    expect(sub.status).toBe(200);
    const result = await sweepOrders({ db: t.db, livekit: null }, Date.parse(order.deadline) + ESCALATION_DELAY_MS + 1);
    expect(result.overdue).not.toContain(order.id);
    expect(result.escalated).not.toContain(order.id);
  });
});
