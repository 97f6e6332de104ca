/**
 * Alerts through the real app on a real libSQL file: gateway ingest and its bad input, idempotency,
 * camera_offline from heartbeats, the disposal workflow per role, escalation with an injected clock,
 * the false-positive raise in the gateway config, and catch-up by cursor.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, alerts, auditLog, cameras, gateways } from "../../db/schema/index.ts";
import { openDatabase } from "../../db/client.ts";
import { escalateOverdue } from "../../server/alerts/sweep.ts";
import { sha256Hex } from "../../server/media-store/store.ts";
import { base64, tinyJpeg } from "../support/images.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 23, 14, 0); // 22:00 in China: after hours
let device: string;
let cameraId: string;
let otherCameraId: string;
let n = 0;
const key = () => `key-${++n}-${"x".repeat(8)}`;
const jpg = tinyJpeg();

/** what a gateway may report; this file gives them all the same deadline (30 minutes) */
const GATEWAY_TYPES = ["after_hours_intrusion", "phone_use", "animal_intrusion", "post_absence", "no_mask", "no_hat", "no_uniform", "smoking", "rodent", "trash_overflow"] as const;
let gatewayCameras: string[] = [];
let combo = 0;
/**
 * A camera and type with no alert of this file open yet, so each call raises an alert of its own (later detections
 * of one camera and type fold into its open alert — tested in alerts-occurrences.test.ts).
 */
const fresh = () => {
  const i = combo++;
  return { cameraId: gatewayCameras[i % gatewayCameras.length], type: GATEWAY_TYPES[Math.floor(i / gatewayCameras.length)] };
};
const ingest = (body: Record<string, unknown>, token = device) =>
  t.call("POST", "/api/v1/gateway/alerts", {
    token,
    body: { idempotencyKey: key(), ...fresh(), confidence: 0.82, boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.5, label: "person", score: 0.82 }], occurredAt: new Date(clock - 1000).toISOString(), snapshotJpegBase64: base64(jpg), ...body },
  });
const counts = async () => ({
  alerts: (await t.db.select({ n: count() }).from(alerts))[0]!.n,
  events: (await t.db.select({ n: count() }).from(alertEvents))[0]!.n,
  audit: (await t.db.select({ n: count() }).from(auditLog))[0]!.n,
});
const tokens = {} as Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32), ALERT_DEADLINES: GATEWAY_TYPES.map((type) => `${type}=30`).join(",") }, { now: () => clock });
  device = t.demo.demoGateway.deviceToken;
  const cams = await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id));
  cameraId = cams[0]!.id;
  gatewayCameras = cams.map((c) => c.id);
  const [foreign] = await t.db.select().from(cameras).where(eq(cameras.canteenId, (await t.db.select().from(gateways)).find((g) => g.id !== t.demo.demoGateway.id)!.canteenId));
  otherCameraId = foreign!.id;
  for (const u of ["school.principal", "school.staff", "school.parent", "echeng.inspector", "huarong.inspector", "ezhou.edu"]) tokens[u] = await t.login(u);
});
afterAll(() => t?.close());

describe("gateway ingest", () => {
  it("stores the alert with its snapshot's sha256, an event and an audit entry; the snapshot is served to the school", async () => {
    const before = await counts();
    const res = await ingest({});
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ alertId: expect.stringMatching(/^alr_/), duplicate: false, recurred: false });
    const [row] = await t.db.select().from(alerts).where(eq(alerts.id, res.json.alertId));
    expect(row).toMatchObject({ status: "new", cameraId, type: "after_hours_intrusion", snapshotSha256: sha256Hex(jpg), deadlineAt: clock + 30 * 60_000 });
    expect(await counts()).toEqual({ alerts: before.alerts + 1, events: before.events + 1, audit: before.audit + 1 });
    const snap = await t.app.request(`/api/v1/alerts/${row!.id}/snapshot`, { headers: { authorization: `Bearer ${tokens["school.principal"]}` } });
    expect(snap.status).toBe(200);
    expect(snap.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await snap.arrayBuffer())).toEqual(jpg);
  });

  it("a replayed idempotency key returns the first alert and writes nothing", async () => {
    const k = key();
    const first = await ingest({ idempotencyKey: k });
    const before = await counts();
    const again = await ingest({ idempotencyKey: k, confidence: 0.99 });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ alertId: first.json.alertId, duplicate: true, recurred: false });
    expect(await counts()).toEqual(before);
  });

  it("the same key sent several times at once is stored once", async () => {
    const k = key();
    const before = await counts();
    const all = await Promise.all([1, 2, 3, 4].map(() => ingest({ idempotencyKey: k })));
    expect(all.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(all.map((r) => r.json.alertId)).size).toBe(1);
    expect((await counts()).alerts).toBe(before.alerts + 1);
  });

  it.each([
    ["an unknown type", { type: "alien_invasion" }, 400],
    ["camera_offline (the server's own type)", { type: "camera_offline" }, 400],
    ["a negative box", { boxes: [{ x: -0.1, y: 0.2, w: 0.3, h: 0.5, label: "person", score: 0.8 }] }, 400],
    ["a confidence above 1", { confidence: 1.5 }, 400],
    ["a bad idempotency key", { idempotencyKey: "no spaces allowed" }, 400],
    ["a capture time far in the future", { occurredAt: new Date(Date.UTC(2027, 0, 1)).toISOString() }, 400],
    ["a PNG snapshot", { snapshotJpegBase64: base64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])) }, 415],
    ["text posing as a snapshot", { snapshotJpegBase64: base64(new TextEncoder().encode("not an image at all")) }, 415],
    ["a snapshot over 1 MiB", { snapshotJpegBase64: base64(new Uint8Array(1024 * 1024 + 10).fill(0xff)) }, 413],
    ["a camera on another gateway", () => ({ cameraId: otherCameraId }), 404],
    ["an unknown camera", { cameraId: "cam_doesnotexist1" }, 404],
  ] as const)("refuses %s with nothing written", async (_what, body, status) => {
    const before = await counts();
    const res = await ingest(typeof body === "function" ? body() : body);
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    expect(res.json.error.code).toBeTruthy();
    expect(await counts()).toEqual(before);
  });

  it("clips a box reaching past the image to the image (no schema can refuse x + w > 1)", async () => {
    const res = await ingest({ boxes: [{ x: 0.8, y: 0.2, w: 0.3, h: 0.9, label: "person", score: 0.8 }] });
    expect(res.status, res.text).toBe(201);
    const [row] = await t.db.select().from(alerts).where(eq(alerts.id, res.json.alertId));
    expect(JSON.parse(row!.boxes)).toEqual([{ x: 0.8, y: 0.2, w: expect.closeTo(0.2, 9), h: expect.closeTo(0.8, 9), label: "person", score: 0.8 }]);
  });

  it("refuses a revoked device token (401), and a session token", async () => {
    const admin = await t.login("ezhou.admin");
    const created = await t.call("POST", "/api/v1/gateways", { token: admin, body: { canteenId: t.demo.demoCanteenId, name: "吊销测试网关" } });
    const revoked = created.json.deviceToken as string;
    const gatewayId = created.json.gateway.id as string;
    await t.db.update(cameras).set({ gatewayId }).where(eq(cameras.id, otherCameraId));
    expect((await ingest({ cameraId: otherCameraId }, revoked)).status).toBe(201);
    expect((await t.call("POST", `/api/v1/gateways/${gatewayId}/revoke`, { token: admin })).status).toBe(200);
    const before = await counts();
    const refused = await ingest({ cameraId: otherCameraId }, revoked);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("unauthorized");
    expect((await ingest({}, tokens["school.principal"]!)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });
});

describe("the disposal workflow", () => {
  let id: string;
  beforeAll(async () => {
    id = (await ingest({})).json.alertId;
  });
  const act = (user: string, action: string, body: unknown = {}) => t.call("POST", `/api/v1/alerts/${id}/${action}`, { token: tokens[user], body });

  it("lets each side take only its own steps, in order", async () => {
    expect((await act("echeng.inspector", "acknowledge")).status).toBe(403);
    expect((await act("school.staff", "acknowledge")).status).toBe(403);
    expect((await act("school.principal", "dispose", { note: "已处理", photoBase64: base64(jpg) })).status).toBe(409);
    expect((await act("echeng.inspector", "verify")).status).toBe(409);
    const ack = await act("school.principal", "acknowledge", { note: "收到" });
    expect(ack.status).toBe(200);
    expect(ack.json.status).toBe("acknowledged");
    expect((await act("school.principal", "acknowledge")).status).toBe(409);
  });

  it("requires a note and a real JPEG or PNG photo to dispose", async () => {
    const before = await counts();
    expect((await act("school.principal", "dispose", { note: "已处理" })).status).toBe(400);
    expect((await act("school.principal", "dispose", { note: "", photoBase64: base64(jpg) })).status).toBe(400);
    expect((await act("school.principal", "dispose", { note: "已处理", photoBase64: base64(new TextEncoder().encode("<svg>not a photo</svg>")) })).status).toBe(415);
    expect(await counts()).toEqual(before);
    const done = await act("school.principal", "dispose", { note: "已将人员请离并加锁库房", photoBase64: base64(tinyJpeg(20, 20, [10, 200, 10])) });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe("disposed");
    const event = done.json.events.find((e: { action: string }) => e.action === "disposed");
    expect(event).toMatchObject({ note: "已将人员请离并加锁库房", hasPhoto: true, actor: { displayName: expect.stringContaining("校长") } });
    const photo = await t.app.request(`/api/v1/alerts/${id}/events/${event.id}/photo`, { headers: { authorization: `Bearer ${tokens["echeng.inspector"]}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
  });

  it("the regulator of the district verifies; one of another district cannot see it", async () => {
    expect((await act("huarong.inspector", "verify")).status).toBe(404);
    expect((await t.call("GET", `/api/v1/alerts/${id}`, { token: tokens["huarong.inspector"] })).status).toBe(404);
    const ok = await act("echeng.inspector", "verify", { note: "处置到位" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: "verified", closedAt: expect.any(String) });
    expect(ok.json.events.map((e: { action: string }) => e.action)).toEqual(["raised", "acknowledged", "disposed", "verified"]);
    expect((await act("echeng.inspector", "false-positive")).status).toBe(409);
  });

  it("a proposed false positive is confirmed by the regulator", async () => {
    id = (await ingest({})).json.alertId;
    const proposed = await act("school.principal", "propose-false-positive", { note: "画面中为值班保安" });
    expect(proposed.json).toMatchObject({ status: "new", fpProposed: true });
    expect((await act("school.principal", "propose-false-positive", { note: "again" })).status).toBe(409);
    const confirmed = await act("echeng.inspector", "false-positive", { note: "确认误报" });
    expect(confirmed.json).toMatchObject({ status: "false_positive", closedAt: expect.any(String) });
  });

  it("a rejected proposal and a returned disposal send the school back to work, with the regulator's reason", async () => {
    id = (await ingest({})).json.alertId;
    expect((await act("echeng.inspector", "reject-false-positive", { note: "无申请" })).status).toBe(409);
    await act("school.principal", "propose-false-positive", { note: "画面中为值班保安" });
    expect((await act("school.principal", "reject-false-positive", { note: "学校不能驳回" })).status).toBe(403);
    expect((await act("echeng.inspector", "reject-false-positive", {})).status).toBe(400);
    const rejected = await act("echeng.inspector", "reject-false-positive", { note: "非工作时间不应有人进入库房" });
    expect(rejected.json).toMatchObject({ status: "new", fpProposed: false, closedAt: null });
    expect((await act("school.principal", "acknowledge")).status).toBe(200);
    expect((await act("school.principal", "dispose", { note: "已加锁", photoBase64: base64(tinyJpeg(20, 20, [10, 200, 10])) })).status).toBe(200);
    expect((await act("school.principal", "return", { note: "学校不能退回" })).status).toBe(403);
    const returned = await act("echeng.inspector", "return", { note: "照片未显示库房门锁" });
    expect(returned.json.status).toBe("acknowledged");
    expect(returned.json.events.map((e: { action: string; note: string | null }) => [e.action, e.note]).slice(-3)).toEqual([
      ["acknowledged", null],
      ["disposed", "已加锁"],
      ["returned", "照片未显示库房门锁"],
    ]);
    expect(returned.json.events.find((e: { action: string }) => e.action === "fp_rejected")?.note).toBe("非工作时间不应有人进入库房");
    expect((await act("echeng.inspector", "return", { note: "again" })).status).toBe(409);
  });

  it("parents see no alerts; canteen staff and the education bureau see them", async () => {
    expect((await t.call("GET", "/api/v1/alerts", { token: tokens["school.parent"] })).status).toBe(403);
    for (const u of ["school.staff", "ezhou.edu"]) {
      const res = await t.call("GET", "/api/v1/alerts", { token: tokens[u] });
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeGreaterThan(0);
    }
    expect((await t.call("GET", "/api/v1/alerts", { token: tokens["huarong.inspector"] })).json.items).toEqual([]);
  });
});

describe("lists and catch-up", () => {
  it("filters by type, status and time, pages by cursor, and returns what changed since a syncCursor", async () => {
    const token = tokens["echeng.inspector"]!;
    const first = await t.call("GET", "/api/v1/alerts?limit=2", { token });
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toBeTruthy();
    const second = await t.call("GET", `/api/v1/alerts?limit=2&cursor=${first.json.nextCursor}`, { token });
    expect(second.json.items.map((a: { id: string }) => a.id)).not.toContain(first.json.items[0].id);
    expect((await t.call("GET", "/api/v1/alerts?status=verified", { token })).json.items.every((a: { status: string }) => a.status === "verified")).toBe(true);
    expect((await t.call("GET", "/api/v1/alerts?type=phone_use", { token })).json.items).toEqual([]);
    expect((await t.call("GET", `/api/v1/alerts?from=${encodeURIComponent(new Date(clock + 3600_000).toISOString())}`, { token })).json.items).toEqual([]);
    expect((await t.call("GET", "/api/v1/alerts?type=nonsense", { token })).status).toBe(400);
    expect((await t.call("GET", "/api/v1/alerts?cursor=garbage", { token })).status).toBe(400);

    const sync = first.json.syncCursor as string;
    expect((await t.call("GET", `/api/v1/alerts?since=${sync}`, { token })).json.items).toEqual([]);
    clock += 1000;
    const fresh = (await ingest({})).json.alertId;
    const missed = await t.call("GET", `/api/v1/alerts?since=${sync}`, { token });
    expect(missed.json.items.map((a: { id: string }) => a.id)).toEqual([fresh]);
    expect((await t.call("GET", `/api/v1/alerts?since=${missed.json.syncCursor}`, { token })).json.items).toEqual([]);
  });

  it("misses no change made in the same millisecond as the cursor a client holds", async () => {
    const token = tokens["echeng.inspector"]!;
    // the clock stands still: every change below happens "at once"
    const a = (await ingest({})).json.alertId;
    const held = (await t.call("GET", "/api/v1/alerts", { token })).json.syncCursor as string;
    const b = (await ingest({})).json.alertId;
    expect((await t.call("POST", `/api/v1/alerts/${a}/acknowledge`, { token: tokens["school.principal"], body: {} })).status).toBe(200);
    const caught = await t.call("GET", `/api/v1/alerts?since=${held}`, { token });
    expect(caught.json.items.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [b, "new"],
      [a, "acknowledged"],
    ]);
  });
});

describe("escalation", () => {
  it("marks overdue, undisposed alerts escalated exactly once, whichever instance sweeps", async () => {
    const id = (await ingest({})).json.alertId;
    const deps = { db: t.db, config: t.config, now: () => clock };
    // a second API instance: its own connection to the same database
    const other = openDatabase({ url: t.config.databaseUrl });
    const deps2 = { db: other.db, config: t.config, now: () => clock };
    expect(await escalateOverdue(deps)).not.toContain(id);
    clock += 31 * 60_000;
    expect(await escalateOverdue(deps2)).toContain(id);
    expect(await escalateOverdue(deps)).toEqual([]);
    expect(await escalateOverdue(deps2)).toEqual([]);
    other.close();
    const detail = await t.call("GET", `/api/v1/alerts/${id}`, { token: tokens["school.principal"] });
    expect(detail.json.escalatedAt).toBeTruthy();
    expect(detail.json.events.map((e: { action: string }) => e.action)).toContain("escalated");
    // a disposed alert is not escalated however late it is
    const late = (await ingest({})).json.alertId;
    await t.call("POST", `/api/v1/alerts/${late}/acknowledge`, { token: tokens["school.principal"], body: {} });
    await t.call("POST", `/api/v1/alerts/${late}/dispose`, { token: tokens["school.principal"], body: { note: "已处理", photoBase64: base64(jpg) } });
    clock += 31 * 60_000;
    expect(await escalateOverdue(deps)).not.toContain(late);
  });
});

describe("camera_offline", () => {
  it("is raised when a heartbeat reports a camera offline, once, and closes itself when it is back", async () => {
    const cam = (await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)))[1]!.id;
    const beat = (status: string) => t.call("POST", "/api/v1/gateway/heartbeat", { token: device, body: { cameras: [{ id: cam, status, reason: "rtsp timeout" }] } });
    await beat("online");
    await beat("offline");
    await beat("online");
    await beat("offline");
    await beat("offline");
    const rows = await t.db.select().from(alerts).where(and(eq(alerts.cameraId, cam), eq(alerts.type, "camera_offline")));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.closedAt === null)).toHaveLength(1);
    await beat("online");
    const after = await t.db.select().from(alerts).where(and(eq(alerts.cameraId, cam), eq(alerts.type, "camera_offline")));
    expect(after.every((r) => r.closedAt !== null && r.status === "verified")).toBe(true);
  });
});

describe("false positives raise the camera's thresholds", () => {
  it("after enough confirmed false positives the gateway config carries a higher minScore for that type", async () => {
    const config = async () => (await t.call("GET", "/api/v1/gateway/config", { token: device })).json.cameras.find((c: { id: string }) => c.id === cameraId).detection;
    const base = await config();
    for (let i = 0; i < 6; i++) {
      const id = (await ingest({ cameraId, type: "phone_use" })).json.alertId;
      expect((await t.call("POST", `/api/v1/alerts/${id}/false-positive`, { token: tokens["echeng.inspector"], body: {} })).status).toBe(200);
    }
    const raised = await config();
    expect(raised.typeThresholds.phone_use.minScore).toBeCloseTo(base.thresholds.minScore + 0.2);
    expect(raised.typeThresholds.after_hours_intrusion?.minScore ?? base.thresholds.minScore).toBeLessThan(raised.typeThresholds.phone_use.minScore);
    const list = await t.call("GET", "/api/v1/alerts?type=phone_use&limit=1", { token: tokens["school.principal"] });
    expect(list.json.items[0].fpRate).toMatchObject({ falsePositives: 6, judged: 6, rate: 1, raised: true });
  });

  it("a camera override is read and edited with canteens.manage, merged over the defaults", async () => {
    const put = await t.call("PUT", `/api/v1/cameras/${cameraId}/detection`, { token: tokens["school.principal"], body: { override: { workingHours: [], cooldownSeconds: 60 } } });
    expect(put.status).toBe(200);
    expect(put.json.effective).toMatchObject({ workingHours: [], cooldownSeconds: 60, sampleFps: 1 });
    const cfg = (await t.call("GET", "/api/v1/gateway/config", { token: device })).json.cameras.find((c: { id: string }) => c.id === cameraId);
    expect(cfg.detection.workingHours).toEqual([]);
    expect((await t.call("PUT", `/api/v1/cameras/${cameraId}/detection`, { token: tokens["school.principal"], body: { override: { sampleFps: 99 } } })).status).toBe(400);
    expect((await t.call("GET", `/api/v1/cameras/${cameraId}/detection`, { token: tokens["echeng.inspector"] })).status).toBe(403);
  });

  it("an area override applies to the area's cameras, under each camera's own", async () => {
    const [cam] = await t.db.select().from(cameras).where(eq(cameras.id, cameraId));
    const put = await t.call("PUT", `/api/v1/areas/${cam!.areaId}/detection`, { token: tokens["school.principal"], body: { override: { cooldownSeconds: 900, sampleFps: 0.5 } } });
    expect(put.status).toBe(200);
    expect((await t.call("GET", `/api/v1/areas/${cam!.areaId}/detection`, { token: tokens["school.principal"] })).json.override).toMatchObject({ cooldownSeconds: 900, sampleFps: 0.5 });
    const eff = (await t.call("GET", `/api/v1/cameras/${cameraId}/detection`, { token: tokens["school.principal"] })).json.effective;
    // the camera's own cooldown (60, set above) wins; the area's sampling rate applies
    expect(eff).toMatchObject({ cooldownSeconds: 60, sampleFps: 0.5 });
  });
});
