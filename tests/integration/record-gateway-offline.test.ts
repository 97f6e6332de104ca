/**
 * The gateway offline (issue 19, bad input and faults): playback and an evidence clip of a recorded camera whose
 * gateway has never been heard from, has not sent a heartbeat for three heartbeat periods, or was revoked answer 503
 * with the plain reason — "网关离线，无法回放" / "网关离线，无法截取片段" in Chinese by default, in English when the
 * browser asks for it — and write no playback or clip. Once the gateway beats again both are accepted. Real API in
 * process and real libSQL; the recording is known to the API through the gateway's anchor endpoint. The API is told of
 * a LiveKit that nobody serves: the offline answers come before any LiveKit call, and the accepted playback's
 * announcement fails in the background as a bus send does when LiveKit is down.
 */
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, gateways, recordingClips, recordingPlaybacks } from "../../db/schema/index.ts";
import { type ChainLink, GENESIS, linkHash } from "../../media/record/chain-hash.ts";
import { HEARTBEAT_SECONDS } from "../../server/cameras/device-service.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let cameraId: string;
let inspector: string;
/** the recording the API knows: a minute of 10 s segments ending 20 s ago */
const T0 = Date.now() - 80_000;
const iso = (ms: number) => new Date(ms).toISOString();

const ZH = { playback: "网关离线，无法回放", clip: "网关离线，无法截取片段" };
const EN = { playback: "The gateway is offline: playback is not possible", clip: "The gateway is offline: no clip can be cut" };

const play = (headers: Record<string, string> = {}) => t.call("POST", "/api/v1/playback", { token: inspector, headers, body: { cameraId, at: iso(T0 + 15_000) } });
const clip = (headers: Record<string, string> = {}) => t.call("POST", "/api/v1/clips", { token: inspector, headers, body: { cameraId, start: iso(T0 + 10_000), end: iso(T0 + 30_000) } });
const written = async () => ({
  playbacks: (await t.db.select({ n: count() }).from(recordingPlaybacks))[0]!.n,
  clips: (await t.db.select({ n: count() }).from(recordingClips))[0]!.n,
});
const lastSeen = (at: number | null) => t.db.update(gateways).set({ lastSeenAt: at }).where(eq(gateways.id, t.demo.demoGateway.id));

beforeAll(async () => {
  // a LiveKit configured but not served (port 9, discard): playback is refused for the gateway, not for LiveKit
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "devkey", LIVEKIT_API_SECRET: "secret-of-at-least-32-characters-long" });
  inspector = await t.login("echeng.inspector");
  cameraId = (await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.gatewayId, t.demo.demoGateway.id)).orderBy(asc(cameras.id)).limit(1))[0]!.id;
  const links: ChainLink[] = Array.from({ length: 6 }, (_, i) => ({ seq: i + 1, kind: "segment", start: T0 + i * 10_000, end: T0 + (i + 1) * 10_000, sha256: String(i + 1).padStart(64, "0"), reason: "" }));
  const head = links.reduce((h, l) => linkHash(h, l), GENESIS);
  const storage = { bytes: 1000, maxBytes: 1e9, retentionDays: 7, low: false, projected7dBytes: 1e6 };
  const res = await t.call("POST", "/api/v1/gateway/recordings/anchors", { token: t.demo.demoGateway.deviceToken, body: { cameras: [{ cameraId, links, heads: [{ seq: 6, hash: head, takenAt: T0 + 60_000 }] }], storage } });
  if (res.status !== 200 || res.json.cameras[0].rejected) throw new Error(`fixture: anchors ${res.status} ${res.text}`);
});

afterAll(() => t?.close());

describe("the camera's gateway offline", () => {
  const offline: Array<[string, () => Promise<unknown>]> = [
    ["never heard from", () => lastSeen(null)],
    [`silent for three heartbeat periods (${3 * HEARTBEAT_SECONDS} s)`, () => lastSeen(Date.now() - 3 * HEARTBEAT_SECONDS * 1000 - 1000)],
  ];
  for (const [why, setUp] of offline) {
    it(`${why}: 503 网关离线 for playback and for a clip, in Chinese and English, nothing written`, async () => {
      await setUp();
      const before = await written();
      for (const [res, text] of [
        [await play(), ZH.playback],
        [await play({ "accept-language": "en-GB,en;q=0.9" }), EN.playback],
        [await clip(), ZH.clip],
        [await clip({ "accept-language": "en" }), EN.clip],
      ] as const) {
        expect(res.status, text).toBe(503);
        expect(res.json.error.code, text).toBe("service_unavailable");
        expect(res.json.error.message).toBe(text);
      }
      // the Chinese default, also when the browser prefers Chinese explicitly
      expect((await play({ "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" })).json.error.message).toBe(ZH.playback);
      expect(await written()).toEqual(before);
    });
  }

  it("accepts playback and the clip once the gateway beats again; a revoked gateway is offline however recently it beat", async () => {
    const beat = await t.call("POST", "/api/v1/gateway/heartbeat", { token: t.demo.demoGateway.deviceToken, body: { cameras: [{ id: cameraId, status: "online" }] } });
    expect(beat.status).toBe(200);
    const playing = await play();
    expect(playing.status).toBe(201);
    expect((await t.call("POST", `/api/v1/playback/${playing.json.id}/control`, { token: inspector, body: { action: "stop" } })).status).toBe(200);
    expect((await clip()).status).toBe(201);

    const before = await written();
    await t.db.update(gateways).set({ revokedAt: Date.now() }).where(eq(gateways.id, t.demo.demoGateway.id));
    const [p, c] = [await play({ "accept-language": "en" }), await clip()];
    expect([p.status, p.json.error.message]).toEqual([503, EN.playback]);
    expect([c.status, c.json.error.message]).toEqual([503, ZH.clip]);
    expect(await written()).toEqual(before);
  });
});
