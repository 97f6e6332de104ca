/**
 * 靶向飞行 field tasks (issue 12 item 4) through the API on a real libSQL file: a task made from a public complaint by
 * the city regulator, its eligible inspectors, bad input refused with nothing written, only the assigned inspector
 * starting and completing it (403 for anyone else), on-site photos with capture time and position (413/415/400),
 * no result without a photo (409), the on-site inspection ended with the result and an order issued from it through
 * the orders flow, the board by scope, a cancelled task letting the source be sent again, and the audit trail.
 */
import { and, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, cameras, canteens, fieldTasks, gateways, inspections, patrolDraws, snapshots, spotCheckInspectors, spotChecks, users } from "../../db/schema/index.ts";
import { LEGAL_BASES, legalBasisId } from "../../db/seed/legal-bases.ts";
import { newId } from "../../server/auth/tokens.ts";
import { FieldTask, FieldTaskPage, EligibleInspectors } from "../../server/field/contracts.ts";
import { localMediaStore } from "../../server/media-store/store.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 2, 2, 0);
const tk = {} as Record<"admin" | "inspector" | "foreign" | "principal", string>;
let slug: string;
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

async function complaintId(text: string) {
  const form = imageForm("photo", [jpegFrame(64, 36, 3)], { category: "hygiene", text });
  const filed = await t.call("POST", `/api/v1/public/canteens/${slug}/complaints`, { form, headers: { "x-test-peer": `10.9.0.${text.length}` } });
  expect(filed.status, filed.text).toBe(201);
  const list = await t.call("GET", `/api/v1/complaints?q=${encodeURIComponent(filed.json.code)}`, { token: tk.inspector });
  return list.json.items[0].id as string;
}
const photoForm = (bytes: Uint8Array, fields: Record<string, string>, type?: string) => imageForm("photo", [bytes], fields, type);
const taskCount = async () => (await t.db.select({ n: count() }).from(fieldTasks))[0]!.n;

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock, peerAddress: (c) => c.req.header("x-test-peer") ?? null });
  const [c] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
  slug = c!.publicSlug;
  tk.admin = await t.login("ezhou.admin");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreign = await t.login("huarong.inspector");
  tk.principal = await t.login("school.principal");
});
afterAll(() => t?.close());

describe("a field task from a complaint", () => {
  let source: string;
  let inspectorId: string;
  let adminId: string;
  let task: FieldTask;

  it("offers the inspectors whose region covers the canteen, not another district's", async () => {
    source = await complaintId("后厨地面有积水和垃圾");
    const res = await t.call("GET", `/api/v1/field-inspectors?sourceKind=complaint&sourceId=${source}`, { token: tk.admin });
    expect(res.status, res.text).toBe(200);
    const names = EligibleInspectors.parse(res.json).items.map((i) => i.displayName);
    expect(names).toContain("鄂城区巡查员 张敏");
    expect(names).not.toContain("华容区巡查员 李强");
    [inspectorId, adminId] = await Promise.all(["echeng.inspector", "ezhou.admin"].map(async (u) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, u)))[0]!.id));
  });

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const [foreignId] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "huarong.inspector"));
    const body = { source: { kind: "complaint", id: source }, inspectorIds: [inspectorId], dueAt: iso(clock + 3 * DAY) };
    const cases = [
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body: { ...body, inspectorIds: [foreignId!.id] } }), 400, "执法人员"],
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body: { ...body, dueAt: iso(clock - DAY) } }), 409, "完成期限"],
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body: { ...body, inspectorIds: [] } }), 400, null],
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.foreign, body }), 404, null],
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.principal, body }), 403, null],
      [await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body: { ...body, source: { kind: "alert", id: "alr_nosuchalert1" } } }), 404, null],
    ] as const;
    for (const [res, status, reason] of cases) {
      expect(res.status, res.text).toBe(status);
      expect(res.json.error).toBeDefined();
      if (reason) expect(res.json.error.message).toContain(reason);
    }
    expect(await taskCount()).toBe(0);
  });

  it("is made with the complaint as its online evidence, once per source", async () => {
    const body = { source: { kind: "complaint", id: source }, inspectorIds: [inspectorId], dueAt: iso(clock + 3 * DAY), instructions: "核查后厨卫生" };
    const res = await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body });
    expect(res.status, res.text).toBe(201);
    task = FieldTask.parse(res.json);
    expect(task).toMatchObject({ status: "assigned", source: { kind: "complaint", id: source }, mine: false, inspectionId: null });
    expect(task.evidence[0]).toMatchObject({ kind: "complaint", image: `/api/v1/complaints/${source}/photo` });
    expect(task.evidence[0]!.label).toContain("后厨地面有积水");
    const again = await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBeTruthy();
  });

  it("is started only by an assigned inspector", async () => {
    const notMine = await t.call("POST", `/api/v1/field-tasks/${task.id}/start`, { token: tk.admin, body: {} });
    expect(notMine.status, notMine.text).toBe(403);
    expect(notMine.json.error.message).toContain("被指派");
    const foreign = await t.call("POST", `/api/v1/field-tasks/${task.id}/start`, { token: tk.foreign, body: {} });
    expect(foreign.status).toBe(404);
    clock += 3_600_000;
    const res = await t.call("POST", `/api/v1/field-tasks/${task.id}/start`, { token: tk.inspector, body: {} });
    expect(res.status, res.text).toBe(200);
    task = FieldTask.parse(res.json);
    expect(task).toMatchObject({ status: "on_site", mine: true, inspectionId: null });
    clock += 60_000;
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/start`, { token: tk.inspector, body: {} })).status).toBe(409);
  });

  it("gives no result without an on-site photo", async () => {
    const checklist = [{ areaKind: "cooking", status: "issue" }];
    const res = await t.call("POST", `/api/v1/field-tasks/${task.id}/complete`, { token: tk.inspector, body: { result: "confirmed", checklist, note: "属实" } });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error.message).toContain("现场照片");
  });

  it("keeps photos with their capture time and position; refuses big, fake and impossible ones", async () => {
    const captured = iso(clock - 60_000);
    const big = new Uint8Array(8 * 1024 * 1024 + 10);
    big.set(jpegFrame(), 0);
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.inspector, form: photoForm(big, { capturedAt: captured }) })).status).toBe(413);
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.inspector, form: photoForm(new TextEncoder().encode("not an image at all"), { capturedAt: captured }) })).status).toBe(415);
    const future = await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.inspector, form: photoForm(jpegFrame(), { capturedAt: iso(clock + DAY) }) });
    expect(future.status).toBe(400);
    const half = await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.inspector, form: photoForm(jpegFrame(), { capturedAt: captured, latitude: "30.39" }) });
    expect(half.status).toBe(400);
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.admin, form: photoForm(jpegFrame(), { capturedAt: captured }) })).status).toBe(403);
    const res = await t.call("POST", `/api/v1/field-tasks/${task.id}/photos`, { token: tk.inspector, form: photoForm(jpegFrame(64, 36, 7), { capturedAt: captured, latitude: "30.391", longitude: "114.894", accuracy: "12" }) });
    expect(res.status, res.text).toBe(200);
    task = FieldTask.parse(res.json);
    expect(task.photos).toHaveLength(1);
    expect(task.photos[0]).toMatchObject({ latitude: 30.391, longitude: 114.894, accuracy: 12 });
    expect(Date.parse(task.photos[0]!.capturedAt)).toBe(Date.parse(captured));
    const image = await t.call("GET", `/api/v1/field-photos/${task.photos[0]!.id}/image`, { token: tk.admin });
    expect(image.status).toBe(200);
    expect((await t.call("GET", `/api/v1/field-photos/${task.photos[0]!.id}/image`, { token: tk.foreign })).status).toBe(404);
  });

  it("is completed by the assigned inspector only; the on-site inspection is recorded with the result", async () => {
    const body = { result: "confirmed", checklist: [{ areaKind: "cooking", status: "issue", note: "地面积水" }, { areaKind: "storage", status: "ok" }], note: "现场属实，地面积水未清理" };
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/complete`, { token: tk.admin, body })).status).toBe(403);
    clock += 60_000;
    const res = await t.call("POST", `/api/v1/field-tasks/${task.id}/complete`, { token: tk.inspector, body });
    expect(res.status, res.text).toBe(200);
    task = FieldTask.parse(res.json);
    expect(task).toMatchObject({ status: "done", result: "confirmed" });
    expect(task.timeline.map((e) => e.type)).toEqual(["created", "started", "photo", "completed"]);
    const [ins] = await t.db.select().from(inspections).where(eq(inspections.id, task.inspectionId!));
    expect(ins).toMatchObject({ kind: "on_site_check", status: "ended", result: "issues_found", outcome: "现场属实，地面积水未清理", canteenId: t.demo.demoCanteenId });
    // it counts as the canteen's patrol record, started when the inspector arrived
    expect(ins!.startedAt).toBeLessThan(ins!.endedAt!);
    expect((await t.call("POST", `/api/v1/field-tasks/${task.id}/complete`, { token: tk.inspector, body })).status).toBe(409);
  });

  it("issues an order from the on-site inspection through the orders flow", async () => {
    const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId));
    const stored = await localMediaStore(t.config.mediaDir).put(jpegFrame(64, 36, 9), "image/jpeg", "snapshot");
    const snapshotId = newId("snp");
    await t.db.insert(snapshots).values({ id: snapshotId, canteenId: t.demo.demoCanteenId, cameraId: camera!.id, takenBy: inspectorId, takenAt: clock, mediaKey: stored.key, sha256: stored.sha256, contentType: "image/jpeg", bytes: stored.bytes, width: 64, height: 36 });
    const item = { problem: "后厨地面积水", severity: "major", legalBasisId: legalBasisId(LEGAL_BASES[0]!.code), snapshotIds: [snapshotId] };
    const res = await t.call("POST", "/api/v1/orders", { token: tk.inspector, body: { inspectionId: task.inspectionId, items: [item] } });
    expect(res.status, res.text).toBe(201);
    const again = FieldTask.parse((await t.call("GET", `/api/v1/field-tasks/${task.id}`, { token: tk.admin })).json);
    expect(again.orders.map((o) => o.id)).toEqual([res.json.id]);
    // the district's own regulator has jurisdiction: the page offers it the order
    expect(again.mayIssueOrder).toBe(true);
  });

  it("is on the board of its region, not another district's; the school never sees it", async () => {
    const board = FieldTaskPage.parse((await t.call("GET", "/api/v1/field-tasks", { token: tk.admin })).json);
    expect(board.items.map((i) => i.id)).toContain(task.id);
    const mine = FieldTaskPage.parse((await t.call("GET", "/api/v1/field-tasks?mine=true", { token: tk.inspector })).json);
    expect(mine.items.map((i) => i.id)).toEqual([task.id]);
    expect((await t.call("GET", "/api/v1/field-tasks?mine=true", { token: tk.admin })).json.items).toEqual([]);
    expect((await t.call("GET", "/api/v1/field-tasks", { token: tk.foreign })).json.items).toEqual([]);
    expect((await t.call("GET", "/api/v1/field-tasks", { token: tk.principal })).status).toBe(403);
  });

  it("leaves an audit entry for every step", async () => {
    const rows = await t.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetId, task.id), like(auditLog.action, "field_task.%")));
    expect(rows.map((r) => r.action)).toEqual(["field_task.create", "field_task.start", "field_task.photo", "field_task.complete"]);
  });
});

describe("cancelling", () => {
  it("needs a reason, closes the task, and lets the source be sent again", async () => {
    const source = await complaintId("饭菜里有异物，怀疑加工不规范");
    const [me] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "echeng.inspector"));
    const body = { source: { kind: "complaint", id: source }, inspectorIds: [me!.id], dueAt: iso(clock + DAY) };
    const made = await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body });
    expect(made.status, made.text).toBe(201);
    expect((await t.call("POST", `/api/v1/field-tasks/${made.json.id}/cancel`, { token: tk.admin, body: {} })).status).toBe(400);
    const res = await t.call("POST", `/api/v1/field-tasks/${made.json.id}/cancel`, { token: tk.admin, body: { note: "已由区局另案处理" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.status).toBe("cancelled");
    expect((await t.call("POST", `/api/v1/field-tasks/${made.json.id}/cancel`, { token: tk.admin, body: { note: "再次" } })).status).toBe(409);
    const again = await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body });
    expect(again.status, again.text).toBe(201);
  });

  it("marks a task past its due date as overdue on the board", async () => {
    clock += 2 * DAY;
    tk.admin = await t.login("ezhou.admin");
    const board = FieldTaskPage.parse((await t.call("GET", "/api/v1/field-tasks?status=assigned", { token: tk.admin })).json);
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((i) => i.overdue)).toBe(true);
  });
});

describe("from a spot check or an alert", () => {
  const userId = async (username: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  /** a revealed draw's check of the demo canteen (鄂城区), assigned by 回避 to the 华容区 inspector */
  async function spotCheck(result: "satisfactory" | "issues_found") {
    const drawId = newId("drw");
    const creator = await userId("ezhou.admin");
    await t.db.insert(patrolDraws).values({ id: drawId, regionCode: "420700", name: "测试抽查", status: "revealed", publicValueSource: "测试公开值", input: "{}", risk: "[]", commitment: "0".repeat(64), secret: "a".repeat(64), secretHash: "0".repeat(64), createdBy: creator, createdAt: clock, committedAt: clock, revealedAt: clock });
    const id = newId("spc");
    await t.db.insert(spotChecks).values({ id, drawId, canteenId: t.demo.demoCanteenId, status: "done", result, note: "备餐间紫外线灯未开启", completedBy: await userId("huarong.inspector"), completedAt: clock });
    await t.db.insert(spotCheckInspectors).values({ spotCheckId: id, userId: await userId("huarong.inspector") });
    return id;
  }

  it("lets a spot check's own inspector, from another district (回避), send it on site and run it", async () => {
    tk.foreign = await t.login("huarong.inspector");
    const satisfactory = await spotCheck("satisfactory");
    const me = await userId("huarong.inspector");
    const body = (id: string) => ({ source: { kind: "spot_check", id }, inspectorIds: [me], dueAt: iso(clock + DAY) });
    const refused = await t.call("POST", "/api/v1/field-tasks", { token: tk.foreign, body: body(satisfactory) });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain("合格");
    const finding = await spotCheck("issues_found");
    const offered = EligibleInspectors.parse((await t.call("GET", `/api/v1/field-inspectors?sourceKind=spot_check&sourceId=${finding}`, { token: tk.foreign })).json);
    expect(offered.items.map((i) => i.displayName)).toContain("华容区巡查员 李强");
    const made = await t.call("POST", "/api/v1/field-tasks", { token: tk.foreign, body: body(finding) });
    expect(made.status, made.text).toBe(201);
    expect(made.json.evidence[0]).toMatchObject({ kind: "spot_check", label: "备餐间紫外线灯未开启" });
    // the assignment opens the canteen to its inspector while the task is open
    const started = await t.call("POST", `/api/v1/field-tasks/${made.json.id}/start`, { token: tk.foreign, body: {} });
    expect(started.status, started.text).toBe(200);
    // the school's district regulator follows it too
    tk.inspector = await t.login("echeng.inspector");
    const forSchool = await t.call("GET", `/api/v1/field-tasks/${made.json.id}`, { token: tk.inspector });
    expect(forSchool.status).toBe(200);
    expect(forSchool.json.mayIssueOrder).toBe(true);
    // the inspector sent across districts runs it but cannot issue the order (it goes out in a regulator's name
    // with jurisdiction over the school): the page does not offer it
    expect((await t.call("GET", `/api/v1/field-tasks/${made.json.id}`, { token: tk.foreign })).json.mayIssueOrder).toBe(false);
  });

  it("copies an alert's snapshot as the online evidence", async () => {
    const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId));
    const [gateway] = await t.db.select().from(gateways).where(eq(gateways.canteenId, t.demo.demoCanteenId));
    const stored = await localMediaStore(t.config.mediaDir).put(jpegFrame(32, 24, 1), "image/jpeg", "alert");
    const alertId = newId("alr");
    await t.db.insert(alerts).values({ id: alertId, gatewayId: gateway!.id, cameraId: camera!.id, canteenId: t.demo.demoCanteenId, orgId: (await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId)))[0]!.orgId, type: "no_mask", confidence: 0.9, boxes: "[]", snapshotKey: stored.key, snapshotSha256: stored.sha256, occurredAt: clock, receivedAt: clock, status: "new", fpProposed: false, deadlineAt: clock + 3600_000, idempotencyKey: "field-test-1", updatedAt: clock });
    tk.admin = await t.login("ezhou.admin");
    const res = await t.call("POST", "/api/v1/field-tasks", { token: tk.admin, body: { source: { kind: "alert", id: alertId }, inspectorIds: [await userId("echeng.inspector")], dueAt: iso(clock + DAY) } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.evidence).toEqual([expect.objectContaining({ kind: "alert", label: "no_mask", image: `/api/v1/alerts/${alertId}/snapshot` })]);
  });
});
