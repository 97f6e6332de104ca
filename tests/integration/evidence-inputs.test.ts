/**
 * Issue 11, items 6–8: every uploaded image is decoded whole before it is stored; an inspection of another
 * jurisdiction answers like a missing one; an alert's capture time is bounded on both sides; a heartbeat names
 * each camera once; camera credentials are write-only (masked in every answer, whole only in the gateway's config).
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, cameras, canteens, orgs, snapshots } from "../../db/schema/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { base64, imageForm, jpegFrame, tinyJpeg } from "../support/images.ts";

let t: TestApp;
const now = Date.UTC(2026, 10, 23, 14, 0);
const tk = {} as Record<"inspector" | "principal" | "admin" | "foreign", string>;
let device: string;
let cameraId: string;
let n = 0;

const frame = jpegFrame(320, 180, 3);
const BAD_IMAGES: Array<[string, Uint8Array]> = [
  ["a 4-byte “JPEG”", new Uint8Array([0xff, 0xd8, 0xff, 0xd9])],
  ["JPEG magic followed by HTML", new Uint8Array([...frame.subarray(0, 300), ...new TextEncoder().encode("<html><script>alert(1)</script></html>")])],
  ["a truncated JPEG", frame.subarray(0, frame.length - 300)],
];

const rows = async (table: typeof alerts | typeof snapshots | typeof auditLog) => (await t.db.select({ n: count() }).from(table))[0]!.n;
const ingest = (body: Record<string, unknown>) =>
  t.call("POST", "/api/v1/gateway/alerts", {
    token: device,
    body: { idempotencyKey: `evidence-${++n}-xxxxxxxx`, cameraId, type: "after_hours_intrusion", confidence: 0.9, boxes: [], occurredAt: new Date(now - 1000).toISOString(), snapshotJpegBase64: base64(tinyJpeg()), ...body },
  });

beforeAll(async () => {
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32) }, { now: () => now });
  device = t.demo.demoGateway.deviceToken;
  const [cam] = await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id));
  cameraId = cam!.id;
  tk.inspector = await t.login("echeng.inspector");
  tk.principal = await t.login("school.principal");
  tk.admin = await t.login("ezhou.admin");
  tk.foreign = await t.login("huarong.inspector");
});
afterAll(() => t?.close());

describe("uploaded images are decoded whole (item 6)", () => {
  it.each(BAD_IMAGES)("an alert snapshot that is %s: 415, nothing written", async (_what, bytes) => {
    const before = [await rows(alerts), await rows(auditLog)];
    const res = await ingest({ snapshotJpegBase64: base64(bytes) });
    expect(res.status, res.text).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
    expect([await rows(alerts), await rows(auditLog)]).toEqual(before);
  });

  it.each(BAD_IMAGES)("a frozen frame that is %s: 415, nothing written", async (_what, bytes) => {
    const before = await rows(snapshots);
    const res = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [bytes], { cameraId }) });
    expect(res.status, res.text).toBe(415);
    expect(await rows(snapshots)).toBe(before);
  });

  let type = 0;
  it.each(BAD_IMAGES)("a disposal photo that is %s: 415, the alert unchanged", async (_what, bytes) => {
    // a type of its own each time: detections of one camera and type fold into the alert still open
    const id = (await ingest({ type: ["no_mask", "no_hat", "smoking"][type++] })).json.alertId;
    expect((await t.call("POST", `/api/v1/alerts/${id}/acknowledge`, { token: tk.principal, body: {} })).status).toBe(200);
    const res = await t.call("POST", `/api/v1/alerts/${id}/dispose`, { token: tk.principal, body: { note: "已清理", photoBase64: base64(bytes) } });
    expect(res.status, res.text).toBe(415);
    expect((await t.call("GET", `/api/v1/alerts/${id}`, { token: tk.principal })).json.status).toBe("acknowledged");
  });

  it("a complete JPEG still goes through, with its decoded size", async () => {
    const res = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [frame], { cameraId }) });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ width: 320, height: 180 });
  });
});

describe("smaller ones (item 7)", () => {
  it("a frozen frame naming another jurisdiction's inspection answers 404, like a missing one", async () => {
    const [huarong] = await t.db
      .select({ id: canteens.id })
      .from(canteens)
      .innerJoin(orgs, eq(orgs.id, canteens.orgId))
      .where(eq(orgs.regionCode, "420703"))
      .limit(1);
    const started = await t.call("POST", "/api/v1/inspections", { token: tk.foreign, body: { canteenId: huarong!.id, kind: "online_patrol" } });
    expect(started.status, started.text).toBe(201);
    const res = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [frame], { cameraId, inspectionId: started.json.id }) });
    expect(res.status, res.text).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("an alert captured in 1970, or more than 7 days ago, is refused (400); 6 days ago is kept", async () => {
    for (const occurredAt of ["1970-01-01T00:00:00.000Z", new Date(now - 8 * 86_400_000).toISOString()]) {
      const res = await ingest({ occurredAt });
      expect(res.status, occurredAt).toBe(400);
      expect(res.json.error.details[0].path).toBe("occurredAt");
    }
    expect((await ingest({ occurredAt: new Date(now - 6 * 86_400_000).toISOString() })).status).toBe(201);
  });

  it("a heartbeat naming one camera twice counts its last report, once: one state, one event", async () => {
    const beat = (...states: string[]) => t.call("POST", "/api/v1/gateway/heartbeat", { token: device, body: { cameras: states.map((status) => ({ id: cameraId, status })) } });
    expect((await beat("online")).status).toBe(200);
    const res = await beat("online", "offline");
    expect(res.status, res.text).toBe(200);
    expect(res.json.transitions).toBe(1);
    const [after] = await t.db.select({ status: cameras.status }).from(cameras).where(eq(cameras.id, cameraId));
    expect(after!.status).toBe("offline");
    expect((await beat("offline", "online", "offline")).json.transitions).toBe(0);
  });
});

describe("camera credentials are write-only (item 8)", () => {
  const SECRET = "rtsp://admin:Kitchen%40Pass1@192.168.1.64:554/Streaming/Channels/101";
  let camId: string;
  const stored = async () => (await t.db.select({ source: cameras.source }).from(cameras).where(eq(cameras.id, camId)))[0]!.source;

  beforeAll(async () => {
    const detail = (await t.call("GET", `/api/v1/canteens/${t.demo.demoCanteenId}`, { token: tk.admin })).json;
    const created = await t.call("POST", "/api/v1/cameras", { token: tk.admin, body: { areaId: detail.areas[0].id, name: "凭据测试", source: SECRET, gatewayId: t.demo.demoGateway.id } });
    expect(created.status, created.text).toBe(201);
    camId = created.json.id;
  });

  it("every answer masks the password, to managers too; the gateway's config carries it whole", async () => {
    const masked = "rtsp://admin:••••@192.168.1.64:554/Streaming/Channels/101";
    expect((await t.call("GET", `/api/v1/cameras/${camId}`, { token: tk.admin })).json.source).toBe(masked);
    const detail = (await t.call("GET", `/api/v1/canteens/${t.demo.demoCanteenId}`, { token: tk.principal })).json;
    expect(detail.cameras.find((c: { id: string }) => c.id === camId).source).toBe(masked);
    const config = (await t.call("GET", "/api/v1/gateway/config", { token: device })).json;
    expect(config.cameras.find((c: { id: string }) => c.id === camId).source).toBe(SECRET);
  });

  it("an edit form sending the mask back keeps the password; a new host with the mask keeps it too", async () => {
    const same = await t.call("PATCH", `/api/v1/cameras/${camId}`, { token: tk.admin, body: { name: "凭据测试-改名", source: "rtsp://admin:••••@192.168.1.64:554/Streaming/Channels/101" } });
    expect(same.status, same.text).toBe(200);
    expect(await stored()).toBe(SECRET);
    const moved = await t.call("PATCH", `/api/v1/cameras/${camId}`, { token: tk.admin, body: { source: "rtsp://admin:••••@192.168.1.65:554/Streaming/Channels/101" } });
    expect(moved.status, moved.text).toBe(200);
    expect(await stored()).toBe("rtsp://admin:Kitchen%40Pass1@192.168.1.65:554/Streaming/Channels/101");
  });

  it("a mask that stands for no stored password is a 409, and nothing changes", async () => {
    const before = await stored();
    const res = await t.call("PATCH", `/api/v1/cameras/${camId}`, { token: tk.admin, body: { source: "rtsp://other:••••@192.168.1.65/stream" } });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error.details[0].path).toBe("source");
    expect(await stored()).toBe(before);
  });
});
