/**
 * The anchor endpoint (issue 19 item 2, `POST /api/v1/gateway/recordings/anchors`) with the real API in process and
 * real libSQL: a chain that continues the anchored head is stored (anchors, gaps, the day's share), sent again it
 * changes nothing; a chain that does not continue it — forked (an earlier link rewritten, so the heads differ),
 * reordered, with a link inserted or missing, running backwards in time — is refused for that camera
 * (`rejected: true`, a `recording_tampered` alert and a `recording.anchor_rejected` audit entry) and writes nothing
 * else; the true chain is still accepted afterwards. Malformed batches answer 400, a camera of another gateway 404,
 * no device token 401 — each without a row written.
 */
import { and, asc, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, alerts, auditLog, cameras, recordingAnchors, recordingDays, recordingGaps } from "../../db/schema/index.ts";
import { type ChainLink, GENESIS, linkHash } from "../../media/record/chain-hash.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let cameraId: string;
let foreignCameraId: string;
let device: string;

const T0 = Date.now() - 600_000;
const SHA = (n: number) => n.toString(16).padStart(64, "0");
const STORAGE = { bytes: 1000, maxBytes: 1e9, retentionDays: 7, low: false, projected7dBytes: 1e6 };

/** seq 1…n of the camera's true chain: 10-second segments from T0, seq 4 a gap; `over` rewrites links (a fork) */
function chain(n: number, over: (l: ChainLink) => ChainLink = (l) => l) {
  const gapAt = 4;
  const links: ChainLink[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const gap = seq === gapAt;
    links.push(over({ seq, kind: gap ? "gap" : "segment", start: T0 + (seq - 1) * 10_000, end: T0 + seq * 10_000, sha256: gap ? "" : SHA(seq), reason: gap ? "gateway_stopped" : "" }));
  }
  const hashes: string[] = [];
  let h = GENESIS;
  for (const l of links) hashes.push((h = linkHash(h, l)));
  return { links, headAt: (seq: number) => ({ seq, hash: hashes[seq - 1]!, takenAt: links[seq - 1]!.end }) };
}

const send = (cameras: unknown[], token = device) => t.call("POST", "/api/v1/gateway/recordings/anchors", { token, body: { cameras, storage: STORAGE } });

/** what an anchor batch may write, counted: a refused one must leave every count as it was */
async function rows() {
  const n = async (q: Promise<Array<{ n: number }>>) => (await q)[0]!.n;
  return {
    anchors: await n(t.db.select({ n: count() }).from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId))),
    gaps: await n(t.db.select({ n: count() }).from(recordingGaps).where(eq(recordingGaps.cameraId, cameraId))),
    days: (await t.db.select({ ms: recordingDays.recordedMs }).from(recordingDays).where(eq(recordingDays.cameraId, cameraId))).map((d) => d.ms),
  };
}

const tampered = () => t.db.select({ id: alerts.id, closedAt: alerts.closedAt }).from(alerts).where(and(eq(alerts.cameraId, cameraId), eq(alerts.type, "recording_tampered")));
const rejections = () => t.db.select({ seq: auditLog.seq }).from(auditLog).where(and(eq(auditLog.action, "recording.anchor_rejected"), eq(auditLog.targetId, cameraId))).orderBy(asc(auditLog.seq));

beforeAll(async () => {
  t = await startTestApp();
  device = t.demo.demoGateway.deviceToken;
  const own = await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id));
  cameraId = own[0]!.id;
  const other = t.demo.gateways.find((g) => g.gatewayId !== t.demo.demoGateway.id)!;
  foreignCameraId = (await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.gatewayId, other.gatewayId)).limit(1))[0]!.id;
});

afterAll(() => t?.close());

describe("anchors that continue the chain", () => {
  it("stores the heads, the gaps and the recorded time; the same batch again changes nothing", async () => {
    const c = chain(6);
    const res = await send([{ cameraId, links: c.links, heads: [c.headAt(3), c.headAt(6)] }]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ cameras: [{ cameraId, ackedSeq: 6, rejected: false }] });
    const stored = await t.db.select({ seq: recordingAnchors.seq, hash: recordingAnchors.hash }).from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId)).orderBy(asc(recordingAnchors.seq));
    expect(stored).toEqual([c.headAt(3), c.headAt(6)].map(({ seq, hash }) => ({ seq, hash })));
    const before = await rows();
    expect(before.gaps).toBe(1);
    expect(before.days.reduce((a, b) => a + b, 0)).toBe(50_000); // five 10 s segments, the gap not counted

    const again = await send([{ cameraId, links: c.links, heads: [c.headAt(6)] }]);
    expect(again.json).toEqual({ cameras: [{ cameraId, ackedSeq: 6, rejected: false }] });
    expect(await rows()).toEqual(before);
    expect(await tampered()).toEqual([]);
  });

  it("continues from the anchored head with only the new links", async () => {
    const c = chain(9);
    const res = await send([{ cameraId, links: c.links.slice(6), heads: [c.headAt(9)] }]);
    expect(res.json).toEqual({ cameras: [{ cameraId, ackedSeq: 9, rejected: false }] });
    const [head] = await t.db.select({ seq: recordingAnchors.seq, hash: recordingAnchors.hash }).from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId)).orderBy(desc(recordingAnchors.seq)).limit(1);
    expect(head).toEqual({ seq: 9, hash: c.headAt(9).hash });
  });
});

describe("anchors that do not continue the chain", () => {
  // the anchored chain is 1…9 (above); each batch here claims 10…12 on top of a chain that is not the anchored one
  const truth = chain(12);
  const cases: Array<{ name: string; links: ChainLink[]; heads: Array<{ seq: number; hash: string; takenAt: number }>; why: RegExp }> = [
    (() => {
      // forked: segment 5 rewritten on the gateway, every later hash (the heads it reports) differs from the anchored ones
      const fork = chain(12, (l) => (l.seq === 5 ? { ...l, sha256: SHA(0xbad) } : l));
      return { name: "forked (an anchored segment rewritten)", links: fork.links, heads: [fork.headAt(12)], why: /head 12 is not the chain's hash there/ };
    })(),
    { name: "reordered", links: [truth.links[10]!, truth.links[9]!, truth.links[11]!], heads: [truth.headAt(12)], why: /links start at 11, the anchored head is 9/ },
    { name: "a link inserted (seq skips)", links: [truth.links[9]!, { ...truth.links[10]!, seq: 12 }], heads: [], why: /seq 12 follows 10/ },
    { name: "links missing after the head", links: truth.links.slice(10), heads: [truth.headAt(12)], why: /links start at 11, the anchored head is 9/ },
    { name: "time running backwards", links: [truth.links[9]!, { ...truth.links[10]!, start: T0, end: T0 + 10_000 }], heads: [], why: /seq 11 starts before 10 ends/ },
    { name: "a segment longer than an hour", links: [{ ...truth.links[9]!, end: truth.links[9]!.start + 3_600_001 }], heads: [], why: /segment 10 spans more than an hour/ },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}: recording_tampered with the reason, audited, nothing stored`, async () => {
      // the previous case's alert dealt with (an open one is not raised twice: see below)
      await t.db.update(alerts).set({ closedAt: Date.now() }).where(and(eq(alerts.cameraId, cameraId), eq(alerts.type, "recording_tampered")));
      const before = await rows();
      const audits = (await rejections()).length;
      const res = await send([{ cameraId, links: c.links, heads: c.heads }]);
      expect(res.status).toBe(200);
      // the API keeps its anchored head: the gateway is told where the API stands and that its chain was refused
      expect(res.json).toEqual({ cameras: [{ cameraId, ackedSeq: 9, rejected: true }] });
      expect(await rows()).toEqual(before);
      expect(await rejections()).toHaveLength(audits + 1);
      const open = (await tampered()).filter((a) => a.closedAt == null);
      expect(open).toHaveLength(1);
      const [raised] = await t.db.select({ note: alertEvents.note }).from(alertEvents).where(and(eq(alertEvents.alertId, open[0]!.id), eq(alertEvents.action, "raised")));
      expect(raised!.note).toMatch(c.why);
    });
  }

  it("raises no second alert while one is open, but audits every refusal", async () => {
    const audits = (await rejections()).length;
    const c = cases[0]!;
    expect((await send([{ cameraId, links: c.links, heads: c.heads }])).json.cameras[0].rejected).toBe(true);
    expect((await tampered()).filter((a) => a.closedAt == null)).toHaveLength(1);
    expect(await rejections()).toHaveLength(audits + 1);
  });

  it("still accepts the true chain after the refusals", async () => {
    const res = await send([{ cameraId, links: truth.links.slice(9), heads: [truth.headAt(12)] }]);
    expect(res.json).toEqual({ cameras: [{ cameraId, ackedSeq: 12, rejected: false }] });
  });
});

describe("bad anchor requests", () => {
  it("answers 400 for malformed links, 404 for another gateway's camera, 401 without a device token — writing nothing", async () => {
    const before = await rows();
    const next = chain(13).links[12]!;
    const bad: Array<[string, unknown]> = [
      ["a hash not in hex", { ...next, sha256: "z".repeat(64) }],
      ["seq 0", { ...next, seq: 0 }],
      ["an unknown field", { ...next, hash: SHA(1) }],
      ["a negative time", { ...next, start: -1 }],
      ["an unknown kind", { ...next, kind: "edit" }],
    ];
    for (const [what, link] of bad) {
      const res = await send([{ cameraId, links: [link], heads: [] }]);
      expect(res.status, what).toBe(400);
      expect(res.json.error.code, what).toBe("validation_failed");
    }
    const badHead = await send([{ cameraId, links: [next], heads: [{ seq: 13, hash: "short", takenAt: 0 }] }]);
    expect(badHead.status).toBe(400);
    const badStorage = await t.call("POST", "/api/v1/gateway/recordings/anchors", { token: device, body: { cameras: [], storage: { ...STORAGE, retentionDays: 3 } } });
    expect(badStorage.status).toBe(400);

    // a camera of another school's gateway, in the same batch as its own: the whole batch is refused
    const foreign = await send([
      { cameraId, links: [next], heads: [] },
      { cameraId: foreignCameraId, links: [], heads: [] },
    ]);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found");

    const anonymous = await t.call("POST", "/api/v1/gateway/recordings/anchors", { body: { cameras: [{ cameraId, links: [next], heads: [] }], storage: STORAGE } });
    expect(anonymous.status).toBe(401);
    // a person's session is not a gateway
    const person = await send([{ cameraId, links: [next], heads: [] }], await t.login("school.director"));
    expect([401, 403]).toContain(person.status);
    expect(await rows()).toEqual(before);
  });
});
