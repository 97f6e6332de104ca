/**
 * Evidence clips end to end through the API (issue 19 item 5), with real ffmpeg segments on the gateway's recording
 * path and the real API (in process, real libSQL, the local media store): asked for by an inspector, cut on the
 * gateway without re-encoding, uploaded with the chain links from the anchor before it, served with byte ranges,
 * downloaded with its manifest, verified (unchanged; changed after the stored file is altered); attached to an order
 * and refused for a foreign one; attached to an order's problem (listed with the order, saying which problem; another
 * district's problem is 404, another canteen's 409); bad spans (400), nothing recorded (409), foreign callers (404) and parents (403);
 * an AI alert gets its clip from 5 s before to 10 s after the detection, attached to it.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, canteens, cameras, gateways, orderItems, orders, orgs, recordingClips, users } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { newId } from "../../server/auth/tokens.ts";
import { digestOf } from "../../server/audit/rules.ts";
import { apiRecordPlane } from "../../media/record/api.ts";
import { Recording } from "../../media/record/recording.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { ALERT_CLIP_AFTER_MS, ALERT_CLIP_BEFORE_MS } from "../../server/record/clip-rules.ts";
import { base64, imageForm, jpegFrame, tinyJpeg } from "../support/images.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { tempWorkspace } from "../support/workspace.ts";

let t: TestApp;
let ws: ReturnType<typeof tempWorkspace>;
let rec: Recording;
let cameraId: string;
let canteenId: string;
const tokens: Record<string, string> = {};
const outcomes: Array<{ id: string; status: string; detail?: string; cutMs?: number }> = [];

const segments = (n: number) =>
  new Promise<void>((resolve) => {
    const on = (id: string, link: { kind: string }) => {
      if (id === cameraId && link.kind === "segment" && --n <= 0) {
        rec.off("link", on);
        resolve();
      }
    };
    rec.on("link", on);
  });

const iso = (ms: number) => new Date(ms).toISOString();
const ask = (body: Record<string, unknown>, token = tokens["echeng.inspector"]!) => t.call("POST", "/api/v1/clips", { token, body });
const raw = (path: string, token: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
/** the gateway answers what waits (as at its poll); resolves with the outcome of the clip named */
async function cut(id: string) {
  for (let i = 0; i < 40; i++) {
    await rec.clips.poll();
    const o = outcomes.filter((x) => x.id === id).at(-1);
    if (o && o.status !== "waiting") return o;
    await segments(1);
  }
  throw new Error(`clip ${id} never cut`);
}
/** an issued order of a canteen with two problems, written as the orders service would (the fixture of another canteen) */
async function insertOrder(canteen: string) {
  const [issuer] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const [regulator] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂州市市场监督管理局"));
  const id = newId("ord");
  const now = Date.now();
  await t.db.insert(orders).values({ id, number: `片段测试${id}`, canteenId: canteen, issuerOrgId: regulator!.id, issuedBy: issuer!.id, issuedAt: now, deadline: now + 86_400_000, status: "issued", documentSha256: "0".repeat(64), updatedAt: now });
  const items = [1, 2].map((seq) => ({ id: newId("oit"), orderId: id, seq, problem: `问题${seq}`, severity: "minor" as const, legalBasisId: legalBasisId("fsl-33"), deadline: now + 86_400_000 }));
  await t.db.insert(orderItems).values(items);
  return { id, itemIds: items.map((i) => i.id) };
}
/** the first canteen of a school of the district (region code) other than the clip's */
async function canteenOf(regionCode: string) {
  const [row] = await t.db.select({ id: canteens.id }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(and(eq(orgs.regionCode, regionCode), eq(orgs.kind, "school"), ne(canteens.id, canteenId))).limit(1);
  return row!.id;
}
const heartbeat = () => t.db.update(gateways).set({ lastSeenAt: Date.now() }).where(eq(gateways.id, t.demo.demoGateway.id));

beforeAll(async () => {
  t = await startTestApp();
  ws = tempWorkspace("clips");
  const [cam] = await t.db.select().from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id)).limit(1);
  cameraId = cam!.id;
  canteenId = cam!.canteenId;
  const plane = apiRecordPlane({ apiUrl: "http://api.test", deviceToken: () => t.demo.demoGateway.deviceToken, fetch: ((url: string, init: RequestInit) => t.app.request(url, init)) as typeof fetch });
  rec = new Recording(plane, { dir: join(ws.dir, "recordings"), ffmpeg: "ffmpeg", segmentSeconds: 1, fps: 5, maxBitrate: 200_000, decode: { fps: 5, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 160, testHeight: 96 }, retentionDays: 7, maxBytes: 1024 ** 3, log: silentLogger });
  (rec.clips as unknown as { o: { onClip: (c: (typeof outcomes)[number]) => void } }).o.onClip = (c) => outcomes.push(c);
  await rec.setCameras([{ id: cameraId, name: "clip", source: "test:clip" }]);
  await segments(5);
  rec.takeHeads();
  await rec.deliver();
  await heartbeat();
  for (const u of ["echeng.inspector", "huarong.inspector", "school.principal", "school.staff", "school.parent"]) tokens[u] = await t.login(u);
}, 90_000);

afterAll(async () => {
  await rec?.stop(0);
  t?.close();
  ws?.remove();
});

describe("evidence clips through the API", () => {
  let clipId: string;
  let size: number;
  let sha: string;

  it("cuts a clip on the gateway, with its sha256 and the chain links it came from", async () => {
    const links = rec.recorders.get(cameraId)!.chain.all().filter((l) => l.kind === "segment");
    const start = links[1]!.start + 200;
    const end = links[3]!.end - 200;
    const res = await ask({ cameraId, start: iso(start), end: iso(end) });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ cameraId, canteenId, status: "pending", origin: "manual", videoUrl: null });
    clipId = res.json.id;
    const o = await cut(clipId);
    expect(o.status).toBe("ready");
    const got = await t.call("GET", `/api/v1/clips/${clipId}`, { token: tokens["school.principal"] });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ status: "ready", videoUrl: `/api/v1/clips/${clipId}/video`, failure: null });
    size = got.json.bytes;
    sha = got.json.sha256;
    const manifest = await t.call("GET", got.json.manifestUrl, { token: tokens["school.principal"] });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-disposition")).toMatch(/attachment; filename="clip-.*\.manifest\.json"/);
    expect(manifest.json.sha256).toBe(sha);
    expect(manifest.json.sources.map((s: { seq: number }) => s.seq)).toEqual([links[1]!.seq, links[2]!.seq, links[3]!.seq]);
    expect(manifest.json.sources[0].hash).toBe(links[1]!.hash);
    expect(manifest.json.anchors.toSeq).toBeGreaterThanOrEqual(links[3]!.seq);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "clip.ready"));
    expect(audit.length).toBe(1);
  });

  it("serves the MP4 whole and with byte ranges (206), and 416 past its end", async () => {
    const whole = await raw(`/api/v1/clips/${clipId}/video`, tokens["school.staff"]!);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(bytes.byteLength).toBe(size);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(sha);
    expect(Buffer.from(bytes.subarray(4, 8)).toString()).toBe("ftyp");
    const part = await raw(`/api/v1/clips/${clipId}/video`, tokens["school.staff"]!, { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(bytes.subarray(100, 200)))).toBe(true);
    const tail = await raw(`/api/v1/clips/${clipId}/video`, tokens["school.staff"]!, { range: "bytes=-50" });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${size - 50}-${size - 1}/${size}`);
    const past = await raw(`/api/v1/clips/${clipId}/video`, tokens["school.staff"]!, { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);
    expect((await past.json()).error.code).toBe("range_not_satisfiable");
    const download = await raw(`/api/v1/clips/${clipId}/video?download=1`, tokens["school.staff"]!);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="clip-${clipId}.mp4"`);
  });

  it("verifies: unchanged, and changed once the stored file is altered", async () => {
    const ok = await t.call("GET", `/api/v1/clips/${clipId}/verify`, { token: tokens["echeng.inspector"] });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ verdict: "unchanged", sha256: { recorded: sha, computed: sha, matches: true }, chain: { matches: true, detail: null } });
    const [row] = await t.db.select().from(recordingClips).where(eq(recordingClips.id, clipId));
    const path = join(t.config.mediaDir, row!.mediaKey!);
    const { readFileSync } = await import("node:fs");
    const original = readFileSync(path);
    const altered = Buffer.from(original);
    altered[altered.length - 10]! ^= 0xff;
    writeFileSync(path, altered);
    const bad = await t.call("GET", `/api/v1/clips/${clipId}/verify`, { token: tokens["echeng.inspector"] });
    expect(bad.json.verdict).toBe("changed");
    expect(bad.json.sha256.matches).toBe(false);
    writeFileSync(path, original);
  });

  it("refuses bad spans (400), a span with nothing recorded (409), foreign callers (404) and parents (403)", async () => {
    const now = Date.now();
    const reversed = await ask({ cameraId, start: iso(now - 10_000), end: iso(now - 20_000) });
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.message).toBe("片段的结束时间须晚于开始时间");
    expect((await ask({ cameraId, start: iso(now - 400_000), end: iso(now - 60_000) })).status).toBe(400);
    expect((await ask({ cameraId, start: iso(now + 60_000), end: iso(now + 70_000) })).status).toBe(400);
    expect((await ask({ cameraId, start: "yesterday", end: iso(now) })).status).toBe(400);
    const before = await ask({ cameraId, start: iso(now - 3_600_000), end: iso(now - 3_590_000) });
    expect(before.status).toBe(409);
    expect(JSON.stringify(before.json.error.details)).toMatch(/oldest recording is 20\d\d-/);
    expect((await ask({ cameraId, start: iso(now - 5000), end: iso(now - 2000) }, tokens["huarong.inspector"])).status).toBe(404);
    expect((await ask({ cameraId, start: iso(now - 5000), end: iso(now - 2000) }, tokens["school.parent"])).status).toBe(403);
    expect((await t.call("GET", `/api/v1/clips/${clipId}`, { token: tokens["huarong.inspector"] })).status).toBe(404);
    expect((await raw(`/api/v1/clips/${clipId}/video`, tokens["huarong.inspector"]!)).status).toBe(404);
    expect((await t.call("GET", `/api/v1/clips/${clipId}/verify`, { token: tokens["huarong.inspector"] })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/clips?cameraId=${cameraId}`, { token: tokens["huarong.inspector"] })).json.items).toEqual([]);
  });

  it("gives an AI alert its clip from 5 s before to 10 s after the detection, attached to it", async () => {
    const occurredAt = Date.now() - 2000;
    const res = await t.call("POST", "/api/v1/gateway/alerts", {
      token: t.demo.demoGateway.deviceToken,
      body: { idempotencyKey: "clip-alert-0001", cameraId, type: "no_hat", confidence: 0.9, boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.5, label: "person", score: 0.9 }], occurredAt: iso(occurredAt), snapshotJpegBase64: base64(tinyJpeg()) },
    });
    expect(res.status).toBe(201);
    const alertId = res.json.alertId;
    const listed = await t.call("GET", `/api/v1/clips?targetType=alert&targetId=${alertId}`, { token: tokens["school.principal"] });
    expect(listed.json.items).toHaveLength(1);
    const clip = listed.json.items[0];
    expect(clip).toMatchObject({ origin: "alert", requestedBy: null, attachments: [{ targetType: "alert", targetId: alertId }] });
    expect(Date.parse(clip.start)).toBe(occurredAt - ALERT_CLIP_BEFORE_MS);
    expect(Date.parse(clip.end)).toBe(occurredAt + ALERT_CLIP_AFTER_MS);
    // the gateway waits for its recording to reach 10 s after the detection, then cuts it
    expect((await cut(clip.id)).status).toBe("ready");
    const ready = await t.call("GET", `/api/v1/clips/${clip.id}`, { token: tokens["school.principal"] });
    expect(ready.json.status).toBe("ready");
    expect(Date.parse(ready.json.clipEnd) - Date.parse(ready.json.clipStart)).toBeGreaterThan(10_000);
    expect((await t.call("GET", `/api/v1/clips/${clip.id}/verify`, { token: tokens["school.principal"] })).json.verdict).toBe("unchanged");
    const rows = await t.db.select().from(recordingClips).where(and(eq(recordingClips.origin, "alert"), eq(recordingClips.cameraId, cameraId)));
    expect(rows).toHaveLength(1);
  }, 60_000);
  it("attaches to an alert of its canteen; another canteen's alert is refused, an unknown one is 404", async () => {
    const list = await t.call("GET", `/api/v1/clips?cameraId=${cameraId}`, { token: tokens["echeng.inspector"] });
    const alertId = list.json.items.find((c: { origin: string }) => c.origin === "alert").attachments[0].targetId;
    const attached = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: tokens["echeng.inspector"], body: { targetType: "alert", targetId: alertId } });
    expect(attached.status).toBe(200);
    expect(attached.json.attachments).toEqual([{ targetType: "alert", targetId: alertId }]);
    const again = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: tokens["echeng.inspector"], body: { targetType: "alert", targetId: alertId } });
    expect(again.json.attachments).toHaveLength(1);
    const listed = await t.call("GET", `/api/v1/clips?targetType=alert&targetId=${alertId}`, { token: tokens["school.principal"] });
    expect(listed.json.items.map((c: { id: string }) => c.id)).toContain(clipId);
    expect((await t.call("GET", "/api/v1/clips?targetType=order&targetId=ord_nosuchorder1", { token: tokens["school.principal"] })).json.items).toEqual([]);
    expect((await t.call("GET", "/api/v1/clips?targetType=order", { token: tokens["school.principal"] })).status).toBe(400);
    // another canteen's alert (another gateway's camera)
    const other = t.demo.gateways.find((g) => g.canteenId !== canteenId)!;
    const [otherCam] = await t.db.select().from(cameras).where(eq(cameras.gatewayId, other.gatewayId)).limit(1);
    const foreign = await t.call("POST", "/api/v1/gateway/alerts", {
      token: other.deviceToken,
      body: { idempotencyKey: "clip-alert-foreign1", cameraId: otherCam!.id, type: "no_hat", confidence: 0.9, boxes: [], occurredAt: iso(Date.now() - 1000), snapshotJpegBase64: base64(tinyJpeg()) },
    });
    expect(foreign.status).toBe(201);
    const refused = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: tokens["echeng.inspector"], body: { targetType: "alert", targetId: foreign.json.alertId } });
    expect([404, 409]).toContain(refused.status);
    expect((await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: tokens["echeng.inspector"], body: { targetType: "order", targetId: "ord_nosuchorder1" } })).status).toBe(404);
  });
  it("attaches to an order's problem: listed with the order, saying which problem; another district's is 404, another canteen's 409", async () => {
    const inspector = tokens["echeng.inspector"]!;
    // the order is issued from an inspection of the clip's canteen, through the API
    const inspection = await t.call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "online_patrol" } });
    expect(inspection.status).toBe(201);
    const snapshot = await t.call("POST", "/api/v1/snapshots", { token: inspector, form: imageForm("file", [jpegFrame()], { cameraId, inspectionId: inspection.json.id }) });
    expect(snapshot.status).toBe(201);
    const problem = "操作人员未戴口罩，且案板生熟未分开，已当场指出".repeat(2);
    const items = [problem, "垃圾桶未加盖"].map((p) => ({ problem: p, severity: "minor", legalBasisId: legalBasisId("fsl-33"), snapshotIds: [snapshot.json.id] }));
    const order = await t.call("POST", "/api/v1/orders", { token: inspector, body: { inspectionId: inspection.json.id, items } });
    expect(order.status).toBe(201);
    const [first, second] = order.json.items as Array<{ id: string; seq: number }>;
    expect(first!.seq).toBe(1);

    const attached = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: inspector, body: { targetType: "order_item", targetId: first!.id } });
    expect(attached.status).toBe(200);
    expect(attached.json.attachments).toContainEqual({ targetType: "order_item", targetId: first!.id, problem: { orderId: order.json.id, seq: 1, text: problem } });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "clip.attached"), eq(auditLog.targetType, "order_item"), eq(auditLog.targetId, first!.id)));
    expect(audit).toBeTruthy();
    // the log keeps the digest of the change: the clip and the problem's order
    expect(audit!.digest).toBe(digestOf({ clipId, orderId: order.json.id }));

    // the order's list includes it (the principal reads the order page), its problem's list too, the other problem's not
    const byOrder = await t.call("GET", `/api/v1/clips?targetType=order&targetId=${order.json.id}`, { token: tokens["school.principal"] });
    expect(byOrder.status).toBe(200);
    const listed = byOrder.json.items.find((c: { id: string }) => c.id === clipId);
    expect(listed.attachments).toContainEqual({ targetType: "order_item", targetId: first!.id, problem: { orderId: order.json.id, seq: 1, text: problem } });
    expect((await t.call("GET", `/api/v1/clips?targetType=order_item&targetId=${first!.id}`, { token: tokens["school.principal"] })).json.items.map((c: { id: string }) => c.id)).toEqual([clipId]);
    expect((await t.call("GET", `/api/v1/clips?targetType=order_item&targetId=${second!.id}`, { token: tokens["school.principal"] })).json.items).toEqual([]);
    // canteen staff may see the clip but not read orders: the attachment is there, without the problem's words
    const staffView = await t.call("GET", `/api/v1/clips/${clipId}`, { token: tokens["school.staff"] });
    expect(staffView.json.attachments).toContainEqual({ targetType: "order_item", targetId: first!.id });
    // another district's problem is none of this inspector's (404, like a missing one); another canteen's is a conflict
    const huarong = await insertOrder(await canteenOf("420703"));
    const foreign = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: inspector, body: { targetType: "order_item", targetId: huarong.itemIds[0] } });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found");
    expect((await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: inspector, body: { targetType: "order_item", targetId: "oit_nosuchitem01" } })).status).toBe(404);
    const neighbour = await insertOrder(await canteenOf("420704"));
    const conflicting = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token: inspector, body: { targetType: "order_item", targetId: neighbour.itemIds[1] } });
    expect(conflicting.status).toBe(409);
    expect(conflicting.json.error.code).toBe("conflict");
    // nothing was attached by the refusals
    expect((await t.call("GET", `/api/v1/clips/${clipId}`, { token: inspector })).json.attachments.filter((a: { targetType: string }) => a.targetType === "order_item")).toHaveLength(1);
    // and a clip asked for with the problem attached at once is listed with the order too
    await heartbeat();
    const links = rec.recorders.get(cameraId)!.chain.all().filter((l) => l.kind === "segment");
    const asked = await ask({ cameraId, start: iso(links[2]!.start), end: iso(links[3]!.end), attach: { targetType: "order_item", targetId: second!.id } });
    expect(asked.status).toBe(201);
    expect(asked.json.attachments).toEqual([{ targetType: "order_item", targetId: second!.id, problem: { orderId: order.json.id, seq: 2, text: "垃圾桶未加盖" } }]);
    const both = await t.call("GET", `/api/v1/clips?targetType=order&targetId=${order.json.id}`, { token: tokens["school.principal"] });
    expect(both.json.items.map((c: { id: string }) => c.id).sort()).toEqual([clipId, asked.json.id].sort());
    expect((await ask({ cameraId, start: iso(links[2]!.start), end: iso(links[3]!.end), attach: { targetType: "order_item", targetId: neighbour.itemIds[0]! } })).status).toBe(409);
  });
  it("bounds an earlier clip's links by the anchor after it, not every link since", async () => {
    await heartbeat();
    const chain = rec.recorders.get(cameraId)!.chain;
    const seg = chain.all().filter((l) => l.kind === "segment")[1]!;
    const res = await ask({ cameraId, start: iso(seg.start + 100), end: iso(seg.end - 100) });
    expect(res.status).toBe(201);
    expect((await cut(res.json.id)).status).toBe("ready");
    const [row] = await t.db.select().from(recordingClips).where(eq(recordingClips.id, res.json.id));
    expect(row!.toSeq).toBeLessThan(chain.head!.seq);
    expect(JSON.parse(row!.links!).length).toBe(row!.toSeq! - row!.fromSeq!);
    expect((await t.call("GET", `/api/v1/clips/${res.json.id}/verify`, { token: tokens["echeng.inspector"] })).json.verdict).toBe("unchanged");
  });
});
