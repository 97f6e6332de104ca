/**
 * Frozen frames and the shared annotation layer through the API on a real libSQL file and media folder:
 * freeze, scoped image, commit / undo / state with a monotonically increasing version, and bad input that
 * must be refused with the error envelope and leave nothing behind.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotations, auditLog, cameras, canteens, orgs, snapshots } from "../../db/schema/index.ts";
import { Snapshot } from "../../server/snapshots/contracts.ts";
import { AnnotationState, authorColour, MAX_STROKE_POINTS, MAX_TEXT_LENGTH } from "../../server/snapshots/annotation-contracts.ts";
import { MAX_SNAPSHOT_BYTES } from "../../server/snapshots/contracts.ts";
import { sha256Hex } from "../../server/media-store/store.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
const tk = {} as Record<"inspector" | "principal" | "staff" | "parent" | "foreign", string>;
let cameraId: string;
let foreignCameraId: string;
let snapshot: { id: string; imageUrl: string; sha256: string; canteenId: string };

const rows = async (table: typeof snapshots | typeof annotations | typeof auditLog) => (await t.db.select({ n: count() }).from(table))[0]!.n;

async function freeze(token: string, fields: Record<string, string> = { cameraId }, image = jpegFrame(160, 90)) {
  return t.call("POST", "/api/v1/snapshots", { token, form: imageForm("file", [image], fields) });
}
const commit = (token: string, shape: unknown, id = snapshot.id) => t.call("POST", `/api/v1/snapshots/${id}/annotations`, { token, body: { shape } });

beforeAll(async () => {
  t = await startTestApp();
  tk.inspector = await t.login("echeng.inspector");
  tk.principal = await t.login("school.principal");
  tk.staff = await t.login("school.staff");
  tk.parent = await t.login("school.parent");
  tk.foreign = await t.login("huarong.inspector");
  const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId));
  cameraId = camera!.id;
  const [other] = await t.db
    .select({ id: cameras.id })
    .from(cameras)
    .innerJoin(canteens, eq(canteens.id, cameras.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(eq(orgs.name, "黄石港区第一中学"));
  foreignCameraId = other!.id;
});
afterAll(() => t?.close());

describe("freezing a frame", () => {
  it("stores the frame with its sha256 and size, and serves it in scope only", async () => {
    const image = jpegFrame(160, 90, 7);
    const res = await freeze(tk.staff, { cameraId }, image);
    expect(res.status, res.text).toBe(201);
    snapshot = res.json;
    expect(Snapshot.safeParse(res.json).error).toBeUndefined();
    expect(res.json).toMatchObject({ cameraId, canteenId: t.demo.demoCanteenId, width: 160, height: 90, contentType: "image/jpeg", sha256: sha256Hex(image), annotationCount: 0, inspectionId: null });
    const img = await t.app.request(snapshot.imageUrl, { headers: { authorization: `Bearer ${tk.inspector}` } });
    expect(img.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await img.arrayBuffer()))).toBe(snapshot.sha256);
    expect((await t.call("GET", snapshot.imageUrl, { token: tk.foreign })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/snapshots/${snapshot.id}`, { token: tk.foreign })).status).toBe(404);
    const list = await t.call("GET", `/api/v1/snapshots?canteenId=${t.demo.demoCanteenId}`, { token: tk.principal });
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(snapshot.id);
  });

  it("links the frame to an inspection of the same canteen", async () => {
    const started = await t.call("POST", "/api/v1/inspections", { token: tk.inspector, body: { canteenId: t.demo.demoCanteenId, kind: "live_inspection" } });
    expect(started.status).toBe(201);
    const res = await freeze(tk.principal, { cameraId, inspectionId: started.json.id });
    expect(res.status).toBe(201);
    expect(res.json.inspectionId).toBe(started.json.id);
    const byInspection = await t.call("GET", `/api/v1/snapshots?inspectionId=${started.json.id}`, { token: tk.inspector });
    expect(byInspection.json.items.map((s: { id: string }) => s.id)).toEqual([res.json.id]);
  });

  it("refuses non-images (415), oversize files (413), foreign cameras (404), parents (403), and writes nothing", async () => {
    const before = { snapshots: await rows(snapshots), audit: await rows(auditLog) };
    const text = new TextEncoder().encode("this is not an image, whatever the name says");
    const notImage = await freeze(tk.inspector, { cameraId }, text);
    expect(notImage.status).toBe(415);
    expect(notImage.json.error.code).toBe("unsupported_media_type");
    // JPEG magic with no frame header is not an image either
    const truncated = await freeze(tk.inspector, { cameraId }, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]));
    expect(truncated.status).toBe(415);
    const huge = new Uint8Array(MAX_SNAPSHOT_BYTES + 1);
    huge.set(jpegFrame(), 0);
    const tooBig = await freeze(tk.inspector, { cameraId }, huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe("payload_too_large");
    const way = new Uint8Array(MAX_SNAPSHOT_BYTES * 2);
    expect((await freeze(tk.inspector, { cameraId }, way)).status).toBe(413);
    expect((await freeze(tk.inspector, { cameraId: foreignCameraId })).status).toBe(404);
    expect((await freeze(tk.parent, { cameraId })).status).toBe(403);
    expect((await freeze(tk.inspector, { cameraId: "not an id" })).status).toBe(400);
    expect((await freeze(tk.inspector, { cameraId, extra: "x" })).status).toBe(400);
    const noFile = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, form: (() => { const f = new FormData(); f.append("cameraId", cameraId); return f; })() });
    expect(noFile.status).toBe(400);
    const broken = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, raw: "--x\r\nnot a form", headers: { "content-type": "multipart/form-data; boundary=x" } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe("validation_failed");
    const json = await t.call("POST", "/api/v1/snapshots", { token: tk.inspector, body: { cameraId } });
    expect(json.status).toBe(415);
    expect({ snapshots: await rows(snapshots), audit: await rows(auditLog) }).toEqual(before);
  });
});

describe("the annotation layer", () => {
  it("commits shapes of every kind with the author's colour and a rising version; late joiners load the state", async () => {
    const shapes = [
      { kind: "rect", x: 0.1, y: 0.2, w: 0.3, h: 0.25 },
      { kind: "arrow", from: [0.9, 0.9], to: [0.5, 0.45] },
      { kind: "stroke", points: [[0.1, 0.1], [0.123456789, 0.2], [0.3, 0.35]] },
      { kind: "text", at: [0.12, 0.18], text: "台面积水" },
    ];
    const versions: number[] = [];
    for (const [i, shape] of shapes.entries()) {
      const res = await commit(i % 2 ? tk.principal : tk.inspector, shape);
      expect(res.status, res.text).toBe(201);
      versions.push(res.json.version);
      expect(res.json.annotation.colour).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(4);
    const state = await t.call("GET", `/api/v1/snapshots/${snapshot.id}/annotations`, { token: tk.staff });
    expect(state.json.version).toBe(versions.at(-1));
    expect(AnnotationState.safeParse(state.json).error).toBeUndefined();
    expect(state.json.items.map((a: { shape: { kind: string } }) => a.shape.kind)).toEqual(["rect", "arrow", "stroke", "text"]);
    // coordinates come back rounded to 4 places
    expect(state.json.items[2].shape.points[1]).toEqual([0.1235, 0.2]);
    // each author keeps one colour, the one every client derives from the identity
    for (const a of state.json.items) expect(a.colour).toBe(authorColour(a.author.id));
    expect((await t.call("GET", `/api/v1/snapshots/${snapshot.id}/annotations`, { token: tk.foreign })).status).toBe(404);
  });

  it("undoes one's own shape only; the version rises and the shape leaves the state but stays on record", async () => {
    const mine = await commit(tk.inspector, { kind: "rect", x: 0, y: 0, w: 1, h: 1 });
    const undoOther = await t.call("DELETE", `/api/v1/annotations/${mine.json.annotation.id}`, { token: tk.principal });
    expect(undoOther.status).toBe(403);
    expect(undoOther.json.error.code).toBe("forbidden");
    const undo = await t.call("DELETE", `/api/v1/annotations/${mine.json.annotation.id}`, { token: tk.inspector });
    expect(undo.status).toBe(200);
    expect(undo.json.version).toBe(mine.json.version + 1);
    const again = await t.call("DELETE", `/api/v1/annotations/${mine.json.annotation.id}`, { token: tk.inspector });
    expect(again.status).toBe(409);
    const state = await t.call("GET", `/api/v1/snapshots/${snapshot.id}/annotations`, { token: tk.inspector });
    expect(state.json.version).toBe(undo.json.version);
    expect(state.json.items.map((a: { id: string }) => a.id)).not.toContain(mine.json.annotation.id);
    const [kept] = await t.db.select().from(annotations).where(eq(annotations.id, mine.json.annotation.id));
    expect(kept!.deletedAt).not.toBeNull();
    expect((await t.call("DELETE", `/api/v1/annotations/${mine.json.annotation.id}`, { token: tk.foreign })).status).toBe(404);
  });

  it("keeps versions distinct under concurrent commits", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => commit(i % 2 ? tk.principal : tk.inspector, { kind: "arrow", from: [0.1, 0.1 * i], to: [0.5, 0.5] })));
    for (const r of results) expect(r.status).toBe(201);
    const versions = results.map((r) => r.json.version);
    expect(new Set(versions).size).toBe(6);
  });

  it("clips a rectangle drawn past the image's edge to the image (no schema can refuse x + w > 1)", async () => {
    const res = await commit(tk.inspector, { kind: "rect", x: 0.8, y: 0.1, w: 0.5, h: 0.1 });
    expect(res.status, res.text).toBe(201);
    expect(res.json.annotation.shape).toEqual({ kind: "rect", x: 0.8, y: 0.1, w: 0.2, h: 0.1 });
  });

  it("refuses bad shapes with the error envelope and writes nothing", async () => {
    const before = { annotations: await rows(annotations), audit: await rows(auditLog), version: (await t.db.select().from(snapshots).where(eq(snapshots.id, snapshot.id)))[0]!.annotVersion };
    const bad: unknown[] = [
      { kind: "rect", x: null, y: 0.1, w: 0.1, h: 0.1 }, // NaN serialises to null in JSON
      { kind: "rect", x: -0.1, y: 0.1, w: 0.1, h: 0.1 },
      { kind: "arrow", from: [0.1, 1.5], to: [0.2, 0.2] },
      { kind: "arrow", from: [0.1], to: [0.2, 0.2] },
      { kind: "stroke", points: Array.from({ length: MAX_STROKE_POINTS + 1 }, (_, i) => [i / (MAX_STROKE_POINTS + 1), 0.5]) },
      { kind: "stroke", points: [[0.1, 0.1]] },
      { kind: "text", at: [0.1, 0.1], text: "x".repeat(MAX_TEXT_LENGTH + 1) },
      { kind: "text", at: [0.1, 0.1], text: "   " },
      { kind: "circle", cx: 0.5, cy: 0.5, r: 0.1 },
      { kind: "rect", x: 0.1, y: 0.1, w: 0.1, h: 0.1, colour: "#000000" },
      "rect",
    ];
    for (const shape of bad) {
      const res = await commit(tk.inspector, shape);
      expect(res.status, JSON.stringify(shape).slice(0, 80)).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
    // a literal NaN is not JSON at all
    const nan = await t.call("POST", `/api/v1/snapshots/${snapshot.id}/annotations`, { token: tk.inspector, raw: '{"shape":{"kind":"rect","x":NaN,"y":0,"w":0.1,"h":0.1}}', headers: { "content-type": "application/json" } });
    expect(nan.status).toBe(400);
    expect((await commit(tk.parent, { kind: "rect", x: 0.1, y: 0.1, w: 0.1, h: 0.1 })).status).toBe(403);
    expect((await commit(tk.foreign, { kind: "rect", x: 0.1, y: 0.1, w: 0.1, h: 0.1 })).status).toBe(404);
    const after = { annotations: await rows(annotations), audit: await rows(auditLog), version: (await t.db.select().from(snapshots).where(eq(snapshots.id, snapshot.id)))[0]!.annotVersion };
    expect(after).toEqual(before);
  });
});
