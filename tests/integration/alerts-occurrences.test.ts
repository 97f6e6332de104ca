/**
 * Alert floods (issue 11, item 12): while an alert of one camera and type awaits the school, further detections
 * are occurrences of it (count, last seen, their own snapshots) rather than new alerts to sign for; 签收 of
 * several at once; the counts behind the navigation's badges.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertOccurrences, alerts, auditLog, cameras } from "../../db/schema/index.ts";
import { sha256Hex } from "../../server/media-store/store.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { base64, tinyJpeg } from "../support/images.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 23, 14, 0);
const tk = {} as Record<"principal" | "inspector" | "staff" | "parent", string>;
let device: string;
let cams: string[];
let n = 0;

const rows = async (table: typeof alerts | typeof alertOccurrences | typeof auditLog) => (await t.db.select({ n: count() }).from(table))[0]!.n;
const detect = (cameraId: string, type: string, extra: Record<string, unknown> = {}) =>
  t.call("POST", "/api/v1/gateway/alerts", {
    token: device,
    body: { idempotencyKey: `occ-${++n}-xxxxxxxx`, cameraId, type, confidence: 0.8, boxes: [], occurredAt: new Date((clock += 60_000)).toISOString(), snapshotJpegBase64: base64(tinyJpeg(32, 24, [n * 20, 60, 40])), ...extra },
  });
const summary = async () => (await t.call("GET", "/api/v1/alerts/summary", { token: tk.principal })).json;

beforeAll(async () => {
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32) }, { now: () => clock });
  device = t.demo.demoGateway.deviceToken;
  cams = (await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id))).map((c) => c.id);
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.staff = await t.login("school.staff");
  tk.parent = await t.login("school.parent");
});
afterAll(() => t?.close());

describe("detections of one camera and type fold into the alert awaiting the school", () => {
  it("a second detection is an occurrence: one alert, count 2, last seen, its own snapshot kept and served", async () => {
    const before = { alerts: await rows(alerts), occ: await rows(alertOccurrences), audit: await rows(auditLog) };
    const first = await detect(cams[0]!, "after_hours_intrusion");
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ duplicate: false, recurred: false });
    const secondJpeg = tinyJpeg(32, 24, [1, 2, 3]);
    const second = await detect(cams[0]!, "after_hours_intrusion", { snapshotJpegBase64: base64(secondJpeg) });
    expect(second.status).toBe(201);
    expect(second.json).toEqual({ alertId: first.json.alertId, duplicate: false, recurred: true });
    expect({ alerts: await rows(alerts), occ: await rows(alertOccurrences), audit: await rows(auditLog) }).toEqual({ alerts: before.alerts + 1, occ: before.occ + 1, audit: before.audit + 2 });

    const detail = (await t.call("GET", `/api/v1/alerts/${first.json.alertId}`, { token: tk.principal })).json;
    expect(detail).toMatchObject({ occurrences: 2, status: "new" });
    expect(Date.parse(detail.lastOccurredAt)).toBeGreaterThan(Date.parse(detail.occurredAt));
    expect(detail.recentOccurrences).toHaveLength(1);
    const img = await t.app.request(detail.recentOccurrences[0].snapshotUrl, { headers: { authorization: `Bearer ${tk.principal}` } });
    expect(img.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await img.arrayBuffer()))).toBe(sha256Hex(secondJpeg));
    expect((await t.call("GET", detail.recentOccurrences[0].snapshotUrl, { token: tk.parent })).status).toBe(403);
  });

  it("a replayed occurrence returns its alert and writes nothing", async () => {
    const key = "occ-replay-xxxxxxxx";
    const a = await detect(cams[1]!, "phone_use");
    const b = await detect(cams[1]!, "phone_use", { idempotencyKey: key });
    const before = [await rows(alerts), await rows(alertOccurrences)];
    const again = await detect(cams[1]!, "phone_use", { idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ alertId: a.json.alertId, duplicate: true, recurred: true });
    expect(b.json.alertId).toBe(a.json.alertId);
    expect([await rows(alerts), await rows(alertOccurrences)]).toEqual(before);
  });

  it("another type, or the same type once the school has disposed of the alert, is a new alert", async () => {
    const a = await detect(cams[2]!, "smoking");
    expect((await detect(cams[2]!, "no_mask")).json.alertId).not.toBe(a.json.alertId);
    expect((await t.call("POST", `/api/v1/alerts/${a.json.alertId}/acknowledge`, { token: tk.principal, body: {} })).status).toBe(200);
    // acknowledged still awaits the school: folded
    expect((await detect(cams[2]!, "smoking")).json).toMatchObject({ alertId: a.json.alertId, recurred: true });
    const disposed = await t.call("POST", `/api/v1/alerts/${a.json.alertId}/dispose`, { token: tk.principal, body: { note: "已劝离", photoBase64: base64(tinyJpeg()) } });
    expect(disposed.status).toBe(200);
    const after = await detect(cams[2]!, "smoking");
    expect(after.json).toMatchObject({ recurred: false });
    expect(after.json.alertId).not.toBe(a.json.alertId);
  });
});

describe("签收 of several alerts at once", () => {
  it("acknowledges each it can and lists the others with their reasons; the badges follow", async () => {
    const fresh = [];
    for (const type of ["no_hat", "no_uniform", "rodent"]) fresh.push((await detect(cams[3]!, type)).json.alertId);
    const done = (await detect(cams[4]!, "trash_overflow")).json.alertId;
    await t.call("POST", `/api/v1/alerts/${done}/acknowledge`, { token: tk.principal, body: {} });
    const newBefore = (await summary()).new;
    const res = await t.call("POST", "/api/v1/alerts/acknowledge", { token: tk.principal, body: { ids: [...fresh, done, "alr_doesnotexist1"], note: "夜间批量签收" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.acknowledged).toEqual(fresh);
    expect(res.json.refused).toEqual([
      { id: done, code: "conflict", message: expect.any(String) },
      { id: "alr_doesnotexist1", code: "not_found", message: "未找到该资源" },
    ]);
    expect((await summary()).new).toBe(newBefore - 3);
    for (const id of fresh) expect((await t.call("GET", `/api/v1/alerts/${id}`, { token: tk.principal })).json.status).toBe("acknowledged");
  });

  it("is the school's step (403 for an inspector, for staff); an empty or oversized list is a 400", async () => {
    const id = (await detect(cams[5]!, "animal_intrusion")).json.alertId;
    expect((await t.call("POST", "/api/v1/alerts/acknowledge", { token: tk.inspector, body: { ids: [id] } })).status).toBe(403);
    expect((await t.call("POST", "/api/v1/alerts/acknowledge", { token: tk.staff, body: { ids: [id] } })).status).toBe(403);
    expect((await t.call("POST", "/api/v1/alerts/acknowledge", { token: tk.principal, body: { ids: [] } })).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `alr_many${String(i).padStart(6, "0")}`);
    expect((await t.call("POST", "/api/v1/alerts/acknowledge", { token: tk.principal, body: { ids: many } })).status).toBe(400);
    expect((await t.call("GET", `/api/v1/alerts/${id}`, { token: tk.principal })).json.status).toBe("new");
  });

  it("the summary counts what waits, by step, in the caller's jurisdiction only", async () => {
    const school = await summary();
    const inspector = (await t.call("GET", "/api/v1/alerts/summary", { token: tk.inspector })).json;
    expect(school.new).toBeGreaterThan(0);
    expect(school.disposed).toBe(1);
    expect(inspector).toEqual(school); // the demo school is the only one with alerts, and it is in 鄂城区
    const other = await t.login("huarong.inspector");
    expect((await t.call("GET", "/api/v1/alerts/summary", { token: other })).json).toEqual({ new: 0, acknowledged: 0, disposed: 0, fpProposed: 0, escalated: 0 });
    expect((await t.call("GET", "/api/v1/alerts/summary", { token: tk.parent })).status).toBe(403);
  });
});
