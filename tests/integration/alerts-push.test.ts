/**
 * Alerts pushed live through a real LiveKit server: a data-only participant in an ops room (the token the
 * API mints for it) receives the alert the moment a gateway posts it; the school's room and the rooms of
 * every region above it get it, another district's does not; transitions and camera_offline are pushed too.
 */
import { type RemoteParticipant, Room, RoomEvent } from "@livekit/rtc-node";
import { TokenVerifier } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { cameras } from "../../db/schema/index.ts";
import type { LiveKitServer } from "../../media/livekit/dev-server.ts";
import { ALERT_TOPIC, AlertMessage, type OpsTokens } from "../../server/alerts/contracts.ts";
import { base64, tinyJpeg } from "../support/images.ts";
import { type Stack, type NodeApi, startStack } from "../support/stack.ts";

let stack: Stack;
let lk: LiveKitServer;
let api: NodeApi;
let device: string;
let cameraId: string;
const rooms: Room[] = [];

const call: Stack["call"] = (...args) => stack.call(...args);
const login = (username: string) => stack.login(username);

/** Joins the caller's ops rooms with the API's tokens and records every alert message received. */
async function listen(username: string) {
  const res = await call("POST", "/api/v1/alerts/ops-token", { token: await login(username) });
  expect(res.status).toBe(200);
  const tokens = res.json as OpsTokens;
  const received: AlertMessage[] = [];
  const waiters: Array<() => void> = [];
  for (const r of tokens.rooms) {
    const room = new Room();
    room.on(RoomEvent.DataReceived, (payload: Uint8Array, _p?: RemoteParticipant, _k?: unknown, topic?: string) => {
      if (topic !== ALERT_TOPIC) return;
      received.push(AlertMessage.parse(JSON.parse(new TextDecoder().decode(payload))));
      waiters.splice(0).forEach((w) => w());
    });
    await room.connect(tokens.url, r.token, { autoSubscribe: false, dynacast: false });
    rooms.push(room);
  }
  /** resolves with the first message that matches, waiting for it if it has not come yet */
  const next = (match: (m: AlertMessage) => boolean, ms = 10_000) =>
    new Promise<AlertMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${username}: no matching alert message within ${ms} ms`)), ms);
      const check = () => {
        const hit = received.find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else waiters.push(check);
      };
      check();
    });
  return { tokens, received, next };
}

const post = (body: Record<string, unknown> = {}) =>
  call("POST", "/api/v1/gateway/alerts", {
    token: device,
    body: { idempotencyKey: `push-${Math.random().toString(36).slice(2, 12)}`, cameraId, type: "after_hours_intrusion", confidence: 0.9, boxes: [{ x: 0.2, y: 0.1, w: 0.3, h: 0.6, label: "person", score: 0.9 }], occurredAt: new Date().toISOString(), snapshotJpegBase64: base64(tinyJpeg()), ...body },
  });

beforeAll(async () => {
  stack = await startStack({ name: "alert-push", livekit: true, env: { ALERT_SWEEP_SECONDS: "0" } });
  ({ livekit: lk, api } = stack);
  const demo = stack.demo;
  device = demo.deviceToken;
  cameraId = (await api.database.db.select().from(cameras).where(eq(cameras.gatewayId, demo.gatewayId)))[0]!.id;
}, 60_000);

afterAll(async () => {
  for (const r of rooms) await r.disconnect();
  await stack?.close();
});

describe("ops-room tokens", () => {
  it("join only the caller's room and publish nothing", async () => {
    const inspector = (await call("POST", "/api/v1/alerts/ops-token", { token: await login("echeng.inspector") })).json as OpsTokens;
    expect(inspector.rooms.map((r) => r.room)).toEqual(["ops:420704"]);
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(inspector.rooms[0]!.token);
    expect(claims.video).toMatchObject({ room: "ops:420704", roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false });
    const principal = (await call("POST", "/api/v1/alerts/ops-token", { token: await login("school.principal") })).json as OpsTokens;
    expect(principal.rooms).toHaveLength(1);
    expect(principal.rooms[0]!.room).toMatch(/^ops:org:org_/);
    expect((await call("POST", "/api/v1/alerts/ops-token", { token: await login("school.parent") })).status).toBe(403);
  });
});

describe("live push", () => {
  it("reaches the school, the district, the city and the education bureau at once, and not another district", async () => {
    const [inspector, principal, city, edu, other] = await Promise.all(["echeng.inspector", "school.principal", "ezhou.admin", "ezhou.edu", "huarong.inspector"].map(listen));
    const res = await post();
    expect(res.status).toBe(201);
    const id = res.json.alertId as string;
    for (const l of [inspector!, principal!, city!, edu!]) {
      const m = await l.next((x) => x.alert.id === id);
      expect(m).toMatchObject({ kind: "alert.raised", alert: { id, type: "after_hours_intrusion", status: "new", hasSnapshot: true } });
    }
    // the same send reached the others already; a second alert is there too before we look at huarong
    const second = (await post({ type: "phone_use" })).json.alertId as string;
    await inspector!.next((x) => x.alert.id === second);
    expect(other!.received).toEqual([]);
  });

  it("pushes each step of the workflow", async () => {
    const inspector = await listen("echeng.inspector");
    // a type of its own: a detection of a type already open would be folded into that alert (alert.updated)
    const id = (await post({ type: "smoking" })).json.alertId as string;
    await inspector.next((x) => x.alert.id === id && x.kind === "alert.raised");
    const ack = await call("POST", `/api/v1/alerts/${id}/acknowledge`, { token: await login("school.principal"), body: {} });
    expect(ack.status).toBe(200);
    const m = await inspector.next((x) => x.alert.id === id && x.kind === "alert.updated");
    expect(m.alert.status).toBe("acknowledged");
  });

  it("pushes camera_offline from a heartbeat and its closing when the camera is back", async () => {
    const principal = await listen("school.principal");
    const beat = (status: string) => call("POST", "/api/v1/gateway/heartbeat", { token: device, body: { cameras: [{ id: cameraId, status }] } });
    await beat("online");
    await beat("offline");
    const raised = await principal.next((x) => x.alert.type === "camera_offline" && x.kind === "alert.raised");
    await beat("online");
    const closed = await principal.next((x) => x.alert.id === raised.alert.id && x.kind === "alert.updated");
    expect(closed.alert).toMatchObject({ status: "verified", closedAt: expect.any(String) });
  });
});
