/**
 * Orders refuse what they must: out-of-scope canteens, foreign snapshots, unknown legal bases, past
 * deadlines, wrong roles (403), out-of-order transitions (409), submissions without proper evidence — each
 * with the error envelope, and with nothing written (row counts, the order's status, the number sequence).
 */
import { count, eq } from "drizzle-orm";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cameras, canteens, evidence, inspections, orderEvents, orderItems, orders, orderSequences, orgs, users } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { newId } from "../../server/auth/tokens.ts";
import { MAX_EVIDENCE_PHOTOS } from "../../server/orders/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
const tk = {} as Record<"inspector" | "principal" | "admin" | "edu" | "foreign" | "staff" | "otherPrincipal", string>;
let inspectionId: string;
let foreignInspectionId: string;
let snapshotId: string;
let foreignSnapshotId: string;

const tables = [orders, orderItems, orderEvents, evidence, orderSequences, auditLog] as const;
async function counts() {
  const out: number[] = [];
  for (const table of tables) out.push((await t.db.select({ n: count() }).from(table))[0]!.n);
  return out;
}
const evidenceFiles = () => {
  try {
    return readdirSync(join(t.config.mediaDir, "evidence"), { recursive: true }).length;
  } catch {
    return 0;
  }
};

const item = (over: Record<string, unknown> = {}) => ({ problem: "库房食品离地不足", severity: "minor", legalBasisId: legalBasisId("fsl-54"), snapshotIds: [snapshotId], ...over });
const create = (token: string, body: Record<string, unknown>) => t.call("POST", "/api/v1/orders", { token, body: { inspectionId, items: [item()], ...body } });

async function issued() {
  const res = await create(tk.inspector, {});
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}
const statusOf = async (id: string) => (await t.db.select({ s: orders.status }).from(orders).where(eq(orders.id, id)))[0]!.s;

async function insertInspection(schoolName: string) {
  const [canteen] = await t.db.select({ id: canteens.id }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(orgs.name, schoolName));
  const [admin] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("ins");
  await t.db.insert(inspections).values({ id, kind: "live_inspection", canteenId: canteen!.id, room: `canteen:${canteen!.id}`, status: "active", startedBy: admin!.id, startedAt: Date.now() });
  return { id, canteenId: canteen!.id };
}

beforeAll(async () => {
  t = await startTestApp();
  tk.inspector = await t.login("echeng.inspector");
  tk.principal = await t.login("school.principal");
  tk.admin = await t.login("ezhou.admin");
  tk.edu = await t.login("ezhou.edu");
  tk.foreign = await t.login("huarong.inspector");
  tk.staff = await t.login("school.staff");
  const started = await t.call("POST", "/api/v1/inspections", { token: tk.inspector, body: { canteenId: t.demo.demoCanteenId, kind: "live_inspection" } });
  inspectionId = started.json.id;
  const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId));
  const frozen = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [jpegFrame()], { cameraId: camera!.id }) });
  snapshotId = frozen.json.id;
  // another school of the same district: in the inspector's scope, but its snapshots are not this canteen's
  const other = await insertInspection("鄂城区第二中学");
  foreignInspectionId = (await insertInspection("华容区第一中学")).id;
  const [otherCamera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, other.canteenId));
  const otherFrozen = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [jpegFrame()], { cameraId: otherCamera!.id }) });
  foreignSnapshotId = otherFrozen.json.id;
  expect(foreignSnapshotId).toBeTruthy();
});
afterAll(() => t?.close());

describe("issuing", () => {
  it("refuses bad orders with the envelope and consumes no number", async () => {
    await issued(); // the sequence row exists, so an unchanged count also means an unchanged `last`
    const before = await counts();
    const [seqBefore] = await t.db.select().from(orderSequences);
    const cases: Array<[string, Promise<Awaited<ReturnType<TestApp["call"]>>>, number]> = [
      ["no items", create(tk.inspector, { items: [] }), 400],
      ["no snapshot", create(tk.inspector, { items: [item({ snapshotIds: [] })] }), 400],
      // well-formed, but naming what conflicts with the inspection (409) or what does not exist (404)
      ["snapshot of another canteen", create(tk.inspector, { items: [item({ snapshotIds: [foreignSnapshotId] })] }), 409],
      ["unknown legal basis", create(tk.inspector, { items: [item({ legalBasisId: "lb_xyz9999" })] }), 404],
      ["unknown severity", create(tk.inspector, { items: [item({ severity: "fatal" })] }), 400],
      ["empty problem", create(tk.inspector, { items: [item({ problem: "  " })] }), 400],
      ["deadline in the past", create(tk.inspector, { deadline: "2020-01-01T00:00:00+08:00" }), 409],
      ["item deadline in the past", create(tk.inspector, { items: [item({ deadline: "2020-01-01T00:00:00+08:00" })] }), 409],
      ["not a time", create(tk.inspector, { deadline: "next friday" }), 400],
      ["unknown field", create(tk.inspector, { signature: "forged" }), 400],
      ["too many items", create(tk.inspector, { items: Array.from({ length: 21 }, () => item()) }), 400],
      ["inspection outside the jurisdiction", create(tk.inspector, { inspectionId: foreignInspectionId }), 404],
      ["foreign inspector on this canteen", create(tk.foreign, {}), 404],
      ["education officer", create(tk.edu, {}), 403],
      ["principal", create(tk.principal, {}), 403],
      ["canteen staff", create(tk.staff, {}), 403],
      ["anonymous", t.call("POST", "/api/v1/orders", { body: { inspectionId, items: [item()] } }), 401],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(status);
      expect(res.json?.error?.code, name).toBeTruthy();
    }
    expect(await counts()).toEqual(before);
    expect((await t.db.select().from(orderSequences))[0]).toEqual(seqBefore);
  });
});

describe("transitions", () => {
  it("are allowed only to their role: 403 for the other side, 404 outside the jurisdiction", async () => {
    const id = await issued();
    const before = await counts();
    const attempts: Array<[string, string, string, Record<string, unknown>?]> = [
      [tk.inspector, "acknowledge", "regulator cannot sign for the school"],
      [tk.edu, "acknowledge", "education officers follow up only"],
      [tk.staff, "acknowledge", "canteen staff do not answer orders"],
      [tk.principal, "return", "school cannot review", { reason: "x" }],
      [tk.principal, "accept", "school cannot accept its own work"],
      [tk.principal, "close", "school cannot close"],
      [tk.edu, "close", "education officers cannot close"],
    ];
    for (const [token, action, why, body] of attempts) {
      const res = await t.call("POST", `/api/v1/orders/${id}/${action}`, { token, body });
      expect(res.status, why).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    expect((await t.call("POST", `/api/v1/orders/${id}/accept`, { token: tk.foreign })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/orders/${id}`, { token: tk.foreign })).status).toBe(404);
    expect(await statusOf(id)).toBe("issued");
    expect(await counts()).toEqual(before);
  });

  it("answer 409 out of order and write nothing", async () => {
    const id = await issued();
    const before = await counts();
    for (const [token, action, body] of [
      [tk.inspector, "accept", undefined],
      [tk.inspector, "close", undefined],
      [tk.inspector, "return", { reason: "未整改" }],
    ] as const) {
      const res = await t.call("POST", `/api/v1/orders/${id}/${action}`, { token, body });
      expect(res.status, action).toBe(409);
      expect(res.json.error.code).toBe("conflict");
    }
    const files = evidenceFiles();
    const early = await t.call("POST", `/api/v1/orders/${id}/submit`, { token: tk.principal, form: imageForm("photos", [jpegFrame(32, 32, 9)], { description: "提前提交" }) });
    expect(early.status).toBe(409);
    expect(evidenceFiles()).toBe(files); // refused before any photo was stored
    expect(await statusOf(id)).toBe("issued");
    expect(await counts()).toEqual(before);

    expect((await t.call("POST", `/api/v1/orders/${id}/acknowledge`, { token: tk.principal })).status).toBe(200);
    expect((await t.call("POST", `/api/v1/orders/${id}/acknowledge`, { token: tk.principal })).status).toBe(409);
  });

  it("refuse submissions without proper evidence, and returns without a reason", async () => {
    const id = await issued();
    expect((await t.call("POST", `/api/v1/orders/${id}/acknowledge`, { token: tk.principal })).status).toBe(200);
    const before = await counts();
    const files = evidenceFiles();
    const submit = (form: FormData) => t.call("POST", `/api/v1/orders/${id}/submit`, { token: tk.principal, form });
    const text = new TextEncoder().encode("<html>not a photo</html>");
    const cases: Array<[string, FormData, number]> = [
      ["no photos", imageForm("photos", [], { description: "已整改" }), 400],
      ["no description", imageForm("photos", [jpegFrame()]), 400],
      ["blank description", imageForm("photos", [jpegFrame()], { description: "   " }), 400],
      ["not an image", imageForm("photos", [text], { description: "已整改" }), 415],
      ["one good, one not an image", imageForm("photos", [jpegFrame(), text], { description: "已整改" }), 415],
      ["too many photos", imageForm("photos", Array.from({ length: MAX_EVIDENCE_PHOTOS + 1 }, (_, i) => jpegFrame(16, 16, i)), { description: "已整改" }), 400],
    ];
    for (const [name, form, status] of cases) {
      const res = await submit(form);
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(status);
      expect(res.json.error.code).toBeTruthy();
    }
    const json = await t.call("POST", `/api/v1/orders/${id}/submit`, { token: tk.principal, body: { description: "已整改", photos: [] } });
    expect(json.status).toBe(415);
    expect(await counts()).toEqual(before);
    expect(evidenceFiles()).toBe(files);
    expect(await statusOf(id)).toBe("acknowledged");

    expect((await submit(imageForm("photos", [jpegFrame()], { description: "已整改" }))).status).toBe(200);
    const noReason = await t.call("POST", `/api/v1/orders/${id}/return`, { token: tk.inspector, body: {} });
    expect(noReason.status).toBe(400);
    expect(await statusOf(id)).toBe("submitted");
  });
});
