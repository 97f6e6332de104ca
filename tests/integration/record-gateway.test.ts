/**
 * Recordings on the school's gateway (issue 19) with real ffmpeg, real files and the real API (in process, real
 * libSQL): segments chained per camera, the gateway killed mid-segment (only that segment lost, the gap recorded
 * with its reason), anchors queued while the API is unreachable and delivered later (none lost), challenges
 * answered with the segment's bytes (passed; a deleted and an altered segment detected, alerts and audit
 * entries), and a disk budget too small for 7 days (recording_storage_low, nothing deleted).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, cameras, recordingAnchors, recordingChallenges, recordingGaps } from "../../db/schema/index.ts";
import { foldChain, GENESIS } from "../../media/record/chain-hash.ts";
import { apiRecordPlane, type RecordPlane } from "../../media/record/api.ts";
import { KILLED_REASON } from "../../media/record/camera-recorder.ts";
import { Recording, type RecordingOptions } from "../../media/record/recording.ts";
import { consoleLogger, silentLogger } from "../../media/gateway/log.ts";
import { issueChallenges } from "../../server/record/service.ts";
import type { AppDeps } from "../../server/http/env.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { tempWorkspace } from "../support/workspace.ts";

let t: TestApp;
let ws: ReturnType<typeof tempWorkspace>;
let cameraId: string;
let down = false;
let plane: RecordPlane;
let deps: AppDeps;

const options = (over: Partial<RecordingOptions> = {}): RecordingOptions => ({
  dir: join(ws.dir, "recordings"),
  ffmpeg: "ffmpeg",
  segmentSeconds: 1,
  fps: 5,
  maxBitrate: 200_000,
  decode: { fps: 5, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 160, testHeight: 96 },
  retentionDays: 7,
  maxBytes: 1024 ** 3,
  log: process.env.RECORD_TEST_LOG ? consoleLogger : silentLogger,
  ...over,
});

/** Resolves when the recording has appended `n` more segment links for the camera. */
const segments = (rec: Recording, n: number) =>
  new Promise<void>((resolve) => {
    const on = (id: string, link: { kind: string }) => {
      if (id === cameraId && link.kind === "segment" && --n <= 0) {
        rec.off("link", on);
        resolve();
      }
    };
    rec.on("link", on);
  });

beforeAll(async () => {
  t = await startTestApp();
  ws = tempWorkspace("record");
  deps = { db: t.db, config: t.config };
  const [cam] = await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id)).limit(1);
  cameraId = cam!.id;
  const real = apiRecordPlane({ apiUrl: "http://api.test", deviceToken: () => t.demo.demoGateway.deviceToken, fetch: ((url: string, init: RequestInit) => t.app.request(url, init)) as typeof fetch });
  const guard = <T>(f: () => Promise<T>) => (down ? Promise.reject(new Error("connect ECONNREFUSED (API down)")) : f());
  plane = { sendAnchors: (b) => guard(() => real.sendAnchors(b)), challenges: () => guard(() => real.challenges()), answer: (id, b) => guard(() => real.answer(id, b)) };
});

afterAll(() => {
  t?.close();
  ws?.remove();
});

describe("recorder", () => {
  it("chains wall-clock segments, survives a kill with only the open segment lost, and records the gap's reason", async () => {
    const rec = new Recording(plane, options());
    await rec.setCameras([{ id: cameraId, name: "rec", source: "test:rec" }]);
    await segments(rec, 3);
    const chain = rec.recorders.get(cameraId)!.chain;
    const links = chain.all();
    expect(links.every((l) => l.kind === "segment")).toBe(true);
    for (let i = 1; i < links.length; i++) expect(links[i]!.start).toBe(links[i - 1]!.end); // no gap at a boundary
    for (const l of links) expect(readFileSync(join(rec.recorders.get(cameraId)!.dir, l.file)).byteLength).toBe(l.bytes);
    expect(foldChain(GENESIS, links)).toEqual({ head: links.at(-1)!.hash });

    // killed mid-segment (SIGKILL, no clean stop)
    await rec.recorders.get(cameraId)!.kill();
    const dir = rec.recorders.get(cameraId)!.dir;
    const before = chain.head!.seq;
    const rec2 = new Recording(plane, options());
    await rec2.setCameras([{ id: cameraId, name: "rec", source: "test:rec" }]);
    expect(readdirSync(dir).some((f) => f.endsWith(".mp4.partial"))).toBe(true);
    await segments(rec2, 2);
    const after = rec2.recorders.get(cameraId)!.chain;
    const gap = after.bySeq(before + 1)!;
    expect(gap.kind).toBe("gap");
    expect(gap.reason).toBe(KILLED_REASON);
    expect(gap.end - gap.start).toBeLessThan(6000);
    expect(after.bySeq(before + 2)!.kind).toBe("segment");
    expect(foldChain(GENESIS, after.all())).toEqual({ head: after.head!.hash });
    await rec2.stop(0);
  });
});

describe("anchors and challenges", () => {
  let rec: Recording;

  it("queues the heads while the API is unreachable and delivers every one later", async () => {
    rec = new Recording(plane, options());
    await rec.setCameras([{ id: cameraId, name: "rec", source: "test:rec" }]);
    down = true;
    await segments(rec, 1);
    rec.takeHeads();
    const first = rec.anchors.of(cameraId).heads[0]!.seq;
    await segments(rec, 2);
    rec.takeHeads();
    await rec.deliver();
    const waiting = JSON.parse(readFileSync(join(ws.dir, "recordings", "anchors.json"), "utf8")).cameras[cameraId];
    expect(waiting.heads.length).toBe(2);
    down = false;
    await rec.deliver();
    const rows = await t.db.select().from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId)).orderBy(asc(recordingAnchors.seq));
    expect(rows.map((r) => r.seq)).toContain(first);
    expect(rows.map((r) => r.seq)).toContain(waiting.heads[1].seq);
    expect(rec.anchors.of(cameraId).heads).toEqual([]);
    // the gap of the earlier kill reached the API with its reason
    const gaps = await t.db.select().from(recordingGaps).where(eq(recordingGaps.cameraId, cameraId));
    expect(gaps.map((g) => g.reason)).toContain(KILLED_REASON);
    // the day's recorded share and its gaps, for the principal; another district's inspector and a parent get 404
    const day = await t.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: await t.login("school.principal") });
    expect(day.status).toBe(200);
    expect(day.json.recordedMs).toBeGreaterThan(2000);
    expect(day.json.gaps.map((g: { reason: string }) => g.reason)).toContain(KILLED_REASON);
    // the codec, probed from the recording: H.264 plays in the browser; a camera sending H.265 is said not to
    expect(day.json.video).toEqual({ codec: "h264", width: 160, height: 96, playable: true });
    const storage = { bytes: 0, maxBytes: 1e9, retentionDays: 7, low: false, projected7dBytes: 0 };
    await plane.sendAnchors({ cameras: [{ cameraId, links: [], heads: [], video: { codec: "hevc", width: 1920, height: 1080 } }], storage });
    const hevc = await t.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: await t.login("school.principal") });
    expect(hevc.json.video).toEqual({ codec: "hevc", width: 1920, height: 1080, playable: false });
    expect((await t.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: await t.login("huarong.inspector") })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: await t.login("school.parent") })).status).toBe(403);
  });

  it("passes a challenge with the segment's bytes; detects a deleted and an altered segment", async () => {
    // the job's draw: a camera whose draw misses its chance is not challenged this time
    expect(await issueChallenges(deps, { cameraIds: [cameraId], chance: 0.1, random: () => 0.5 })).toEqual([]);
    const [issued] = await issueChallenges(deps, { cameraIds: [cameraId], chance: 0.9, random: () => 0.5 });
    expect(issued).toBeDefined();
    const verdicts: string[] = [];
    rec.on("challenge", (v) => verdicts.push(v.outcome));
    await rec.poll();
    expect(verdicts).toEqual(["passed"]);

    await rec.stop(2000);
    const chain = rec.recorders.get(cameraId)!.chain;
    const dir = rec.recorders.get(cameraId)!.dir;
    const segs = chain.all().filter((l) => l.kind === "segment" && l.seq <= rec.anchors.of(cameraId).ackedSeq);
    const [gone, changed] = [segs.at(-2)!, segs.at(-3)!];
    rmSync(join(dir, gone.file));
    const bytes = readFileSync(join(dir, changed.file));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(dir, changed.file), bytes);

    const anchors = await t.db.select().from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId)).orderBy(asc(recordingAnchors.seq));
    const around = (seq: number) => {
      const i = anchors.findIndex((a) => a.seq >= seq);
      return { fromSeq: i === 0 ? 0 : anchors[i - 1]!.seq, toSeq: anchors[i]!.seq };
    };
    for (const seg of [gone, changed]) {
      await t.db.insert(recordingChallenges).values({ id: `rch_test${seg.seq}x`, gatewayId: t.demo.demoGateway.id, cameraId, seq: seg.seq, ...around(seg.seq), issuedAt: Date.now() });
    }
    verdicts.length = 0;
    await rec.poll();
    expect(verdicts.sort()).toEqual(["missing", "tampered"]);
    const raised = await t.db.select({ type: alerts.type }).from(alerts).where(and(eq(alerts.cameraId, cameraId), like(alerts.type, "recording_%")));
    expect(raised.map((a) => a.type).sort()).toEqual(["recording_missing", "recording_tampered"]);
    const audit = await t.db.select({ action: auditLog.action }).from(auditLog).where(like(auditLog.action, "recording.challenge_%"));
    expect(audit.map((a) => a.action).sort()).toEqual(["recording.challenge_missing", "recording.challenge_passed", "recording.challenge_tampered"]);
  });
});

describe("disk budget", () => {
  it("raises recording_storage_low and deletes nothing younger than 7 days", async () => {
    await t.db.delete(alerts).where(eq(alerts.type, "recording_storage_low"));
    const rec = new Recording(plane, options({ maxBytes: 20_000 }));
    await rec.setCameras([{ id: cameraId, name: "rec", source: "test:rec" }]);
    await segments(rec, 2);
    const files = () => rec.recorders.get(cameraId)!.chain.all().filter((l) => l.kind === "segment" && existsSync(join(rec.recorders.get(cameraId)!.dir, l.file))).length;
    const kept = files();
    const low = new Promise((resolve) => rec.once("storageLow", resolve));
    rec.retention.sweep(Date.now());
    await low;
    expect(files()).toBe(kept);
    await rec.stop(2000);
    const raised = await t.db.select({ type: alerts.type }).from(alerts).where(eq(alerts.type, "recording_storage_low"));
    expect(raised).toHaveLength(1);
  });
});
