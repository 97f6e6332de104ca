/** Live API against a real LiveKit server: tokens and their grants, signed webhooks, gateway device endpoints. */
import { eq } from "drizzle-orm";
import { Room } from "@livekit/rtc-node";
import { TokenVerifier } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, cameraStatusEvents } from "../../db/schema/index.ts";
import { openDatabase } from "../../db/client.ts";
import type { LiveKitServer } from "../../media/livekit/dev-server.ts";
import { type Stack, type NodeApi, startStack } from "../support/stack.ts";

let stack: Stack;
let lk: LiveKitServer;
let api: NodeApi;
let deviceToken: string;
let canteenId: string;

const call: Stack["call"] = (...args) => stack.call(...args);
const login = (username: string) => stack.login(username);

beforeAll(async () => {
  stack = await startStack({ name: "live", livekit: true });
  ({ livekit: lk, api } = stack);
  deviceToken = stack.demo.deviceToken;
  canteenId = stack.demo.canteenId;
}, 60_000);

afterAll(() => stack?.close());

describe("health", () => {
  it("reports LiveKit reachable", async () => {
    const res = await call("GET", "/healthz");
    expect(res.json).toEqual({ status: "ok", database: "ok", checks: { livekit: "ok" } });
  });
});

describe("tokens carry exactly the role's grants", () => {
  const grantsOf = async (username: string) => {
    const res = await call("POST", "/api/v1/live/token", { token: await login(username), body: { canteenId } });
    expect(res.status).toBe(200);
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(res.json.token);
    return { res: res.json, claims };
  };

  it("an inspector subscribes, talks and sends data, for at most 10 minutes", async () => {
    const { res, claims } = await grantsOf("echeng.inspector");
    expect(res.room).toBe(`canteen:${canteenId}`);
    expect(claims.video).toMatchObject({ room: `canteen:${canteenId}`, roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: true });
    expect(claims.video?.canPublishSources).toEqual(["microphone"]);
    expect(res.grants.canPublishSources).toEqual(["microphone"]);
    expect(claims.attributes).toMatchObject({ role: "inspector" });
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
  });

  it("school staff may also publish a phone camera; a parent only subscribes", async () => {
    expect((await grantsOf("school.staff")).claims.video?.canPublishSources?.sort()).toEqual(["camera", "microphone"]);
    const parent = (await grantsOf("school.parent")).claims.video!;
    expect(parent.canPublish).toBe(false);
    expect(parent.canPublishData).toBe(false);
    expect(parent.canSubscribe).toBe(true);
  });

  it("refuses a canteen outside the caller's scope like a missing one", async () => {
    const huarong = await login("huarong.inspector");
    const res = await call("POST", "/api/v1/live/token", { token: huarong, body: { canteenId } });
    expect(res.status).toBe(404);
  });

  it("the token really opens the room", async () => {
    const { res } = await grantsOf("school.principal");
    const room = new Room();
    await room.connect(res.url, res.token, { autoSubscribe: false, dynacast: false });
    expect(room.isConnected).toBe(true);
    expect(room.name).toBe(`canteen:${canteenId}`);
    await room.disconnect();
  });
});

describe("webhooks", () => {
  it("unsigned or forged → 401, nothing recorded", async () => {
    const unsigned = await call("POST", "/api/v1/livekit/webhook", { raw: JSON.stringify({ event: "participant_joined" }), headers: { "content-type": "application/webhook+json" } });
    expect(unsigned.status).toBe(401);
    const forged = await call("POST", "/api/v1/livekit/webhook", { raw: "{}", headers: { "content-type": "application/webhook+json", authorization: "eyJhbGciOiJIUzI1NiJ9.e30.forged" } });
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe("unauthorized");
  });

  it("participants joining and leaving during an inspection are recorded against it", async () => {
    const inspector = await login("echeng.inspector");
    const started = await call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "live_inspection" } });
    expect(started.status).toBe(201);
    const principalToken = (await call("POST", "/api/v1/live/token", { token: await login("school.principal"), body: { canteenId } })).json;
    const room = new Room();
    await room.connect(principalToken.url, principalToken.token, { autoSubscribe: false, dynacast: false });
    const until = async (predicate: (i: any) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const view = (await call("GET", `/api/v1/inspections/${started.json.id}`, { token: inspector })).json;
        if (predicate(view)) return view;
        await new Promise((r) => setTimeout(r, 100)); // polling the API: webhooks arrive asynchronously
      }
      throw new Error("webhook effect not seen in 10 s");
    };
    const joined = await until((v) => v.participants.some((p: any) => p.identity === principalToken.identity));
    expect(joined.participants.find((p: any) => p.identity === principalToken.identity)).toMatchObject({ role: "principal", leftAt: null });
    await room.disconnect();
    const left = await until((v) => v.participants.some((p: any) => p.identity === principalToken.identity && p.leftAt));
    expect(left.participants.find((p: any) => p.identity === principalToken.identity).leftAt).toMatch(/\+08:00$/);

    const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: areaKind === "washing" ? "issue" : "ok", note: "" }));
    const ended = await call("POST", `/api/v1/inspections/${started.json.id}/end`, { token: inspector, body: { outcome: "洗消区消毒记录不全", checklist } });
    expect(ended.status).toBe(200);
    expect(ended.json.result).toBe("issues_found");
    const incomplete = await call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "online_patrol" } });
    const bad = await call("POST", `/api/v1/inspections/${incomplete.json.id}/end`, { token: inspector, body: { outcome: "x", checklist: [...checklist.slice(0, 4), checklist[0]] } });
    expect(bad.status).toBe(400);
    const again = await call("POST", `/api/v1/inspections/${started.json.id}/end`, { token: inspector, body: { outcome: "x", checklist } });
    expect(again.status).toBe(409);
  });

  it("rows follow LiveKit's connection (participant sid), not the identity; whoever is in the room at the start takes part", async () => {
    const inspector = await login("echeng.inspector");
    const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" }));
    for (const active of (await call("GET", `/api/v1/inspections?canteenId=${canteenId}&status=active`, { token: inspector })).json.items) {
      await call("POST", `/api/v1/inspections/${active.id}/end`, { token: inspector, body: { outcome: "清场", checklist } });
    }
    const principal = await login("school.principal");
    const tokenOf = async () => (await call("POST", "/api/v1/live/token", { token: principal, body: { canteenId } })).json;
    // already in the room (joined whole seconds before the start, as LiveKit reports it)
    const first = new Room();
    const t1 = await tokenOf();
    await first.connect(t1.url, t1.token, { autoSubscribe: false, dynacast: false });
    const firstSid = first.localParticipant!.sid;
    const started = await call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "online_patrol" } });
    expect(started.status).toBe(201);
    const startedAt = Date.parse(started.json.startedAt);
    // a parent (no inspections.read) learns the inspection in progress from the token's answer
    const parentToken = (await call("POST", "/api/v1/live/token", { token: await login("school.parent"), body: { canteenId } })).json;
    expect(parentToken.activeInspection).toEqual({ id: started.json.id, kind: "online_patrol", startedAt: started.json.startedAt, startedBy: { displayName: started.json.startedBy.displayName } });
    expect(t1.activeInspection).toBeNull(); // asked for before it started
    const mine = (v: any) => v.participants.filter((p: any) => p.identity === t1.identity);
    expect(mine(started.json)).toHaveLength(1);
    expect(Date.parse(mine(started.json)[0].joinedAt)).toBe(startedAt);

    // the same user in a second tab: LiveKit disconnects the first connection (duplicate identity)
    const firstGone = new Promise<void>((resolve) => first.once("disconnected", () => resolve()));
    const second = new Room();
    const t2 = await tokenOf();
    await second.connect(t2.url, t2.token, { autoSubscribe: false, dynacast: false });
    await firstGone;
    expect(second.localParticipant!.sid).not.toBe(firstSid);
    const until = async (predicate: (rows: any[]) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const rows = mine((await call("GET", `/api/v1/inspections/${started.json.id}`, { token: inspector })).json);
        if (predicate(rows)) return rows;
        await new Promise((r) => setTimeout(r, 100)); // polling the API: webhooks arrive asynchronously
      }
      throw new Error("webhook effect not seen in 10 s");
    };
    // two rows: the first connection left, the second is here — whatever order the two webhooks came in
    const rows = await until((r) => r.length === 2 && r.some((p) => p.leftAt));
    const [left, here] = [rows.find((p: any) => p.leftAt), rows.find((p: any) => !p.leftAt)];
    expect(here).toBeDefined();
    expect(Date.parse(left.leftAt)).toBeGreaterThanOrEqual(Date.parse(left.joinedAt));
    expect(Date.parse(here.joinedAt)).toBeGreaterThanOrEqual(startedAt);
    await second.disconnect();
    const after = await until((r) => r.length === 2 && r.every((p) => p.leftAt));
    expect(after).toHaveLength(2);
    await call("POST", `/api/v1/inspections/${started.json.id}/end`, { token: inspector, body: { outcome: "正常", checklist } });
  });
});

describe("who is coming (API → gateway)", () => {
  it("a token for the room is announced to the canteen's gateway only, by the server, so it can grant its cameras first", async () => {
    const config = (await call("GET", "/api/v1/gateway/config", { token: deviceToken })).json;
    const gateway = new Room();
    await gateway.connect(config.livekit.url, config.livekit.token, { autoSubscribe: false, dynacast: false });
    const onlooker = new Room();
    const inspectorToken = (await call("POST", "/api/v1/live/token", { token: await login("echeng.inspector"), body: { canteenId } })).json;
    await onlooker.connect(inspectorToken.url, inspectorToken.token, { autoSubscribe: false, dynacast: false });
    const seenByOnlooker: string[] = [];
    onlooker.on("dataReceived", (_p, _from, _k, topic) => seenByOnlooker.push(topic ?? ""));
    type Received = { message: { identity?: string }; from: unknown; topic?: string };
    const atGateway: Received[] = [];
    gateway.on("dataReceived", (payload, from, _kind, topic) => atGateway.push({ message: JSON.parse(new TextDecoder().decode(payload)), from, topic }));
    // data arrives asynchronously: wait for each announcement. (Earlier tests' announcements, not awaited by the
    // API, may still reach this gateway: the two viewers here are users no earlier test asked a token for.)
    const announced = (identity: string) =>
      new Promise<Received>((resolve, reject) => {
        const mine = () => atGateway.find((r) => r.message.identity === identity);
        if (mine()) return resolve(mine()!);
        const timer = setTimeout(() => reject(new Error(`no announcement of ${identity} at the gateway`)), 10_000);
        gateway.on("dataReceived", function check() {
          if (!mine()) return;
          clearTimeout(timer);
          gateway.off("dataReceived", check);
          resolve(mine()!);
        });
      });
    const director = (await call("POST", "/api/v1/live/token", { token: await login("school.director"), body: { canteenId } })).json;
    expect(await announced(director.identity)).toEqual({ message: { type: "viewer.expected", identity: director.identity, role: "food_safety_director" }, from: undefined, topic: "gateway" });
    const officer = (await call("POST", "/api/v1/live/token", { token: await login("ezhou.edu"), body: { canteenId } })).json;
    expect((await announced(officer.identity)).message).toEqual({ type: "viewer.expected", identity: officer.identity, role: "education_officer" });
    expect(atGateway.indexOf(await announced(director.identity))).toBeLessThan(atGateway.indexOf(await announced(officer.identity)));
    // sent in order to the gateway only: the participant in the room was told neither
    expect(seenByOnlooker).toEqual([]);
    await onlooker.disconnect();
    await gateway.disconnect();
  });
});

describe("gateway device endpoints", () => {
  it("config lists the gateway's cameras and a publish-only token", async () => {
    const res = await call("GET", "/api/v1/gateway/config", { token: deviceToken });
    expect(res.status).toBe(200);
    expect(res.json.canteenId).toBe(canteenId);
    expect(res.json.cameras.length).toBeGreaterThanOrEqual(6);
    expect(res.json.cameras[0].source).toMatch(/^test:/);
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(res.json.livekit.token);
    expect(claims.video).toMatchObject({ canPublish: true, canSubscribe: false, canPublishData: false });
  });

  it("heartbeats record each transition once; foreign cameras are refused with nothing written", async () => {
    const config = (await call("GET", "/api/v1/gateway/config", { token: deviceToken })).json;
    const [a, b] = config.cameras;
    const send = (cams: unknown) => call("POST", "/api/v1/gateway/heartbeat", { token: deviceToken, body: { cameras: cams } });
    expect((await send([{ id: a.id, status: "online" }, { id: b.id, status: "offline", reason: "no frames for 15 s" }])).json.transitions).toBe(2);
    expect((await send([{ id: a.id, status: "online" }, { id: b.id, status: "offline" }])).json.transitions).toBe(0);
    expect((await send([{ id: b.id, status: "online" }])).json.transitions).toBe(1);
    const db = openDatabase({ url: stack.databaseUrl });
    const events = await db.db.select().from(cameraStatusEvents).where(eq(cameraStatusEvents.cameraId, b.id));
    expect(events.map((e) => e.status)).toEqual(["offline", "online"]);
    expect(events[0]!.reason).toBe("no frames for 15 s");
    const [row] = await db.db.select().from(cameras).where(eq(cameras.id, a.id));
    expect(row!.status).toBe("online");

    const other = (await db.db.select().from(cameras).limit(50)).find((c) => c.canteenId !== canteenId)!;
    const foreign = await send([{ id: a.id, status: "offline" }, { id: other.id, status: "offline" }]);
    expect(foreign.status).toBe(404);
    const [still] = await db.db.select().from(cameras).where(eq(cameras.id, a.id));
    expect(still!.status).toBe("online");
    db.close();
  });

  it("a revoked device token gets 401", async () => {
    const admin = await login("ezhou.admin");
    const created = await call("POST", "/api/v1/gateways", { token: admin, body: { canteenId, name: "临时网关" } });
    expect((await call("GET", "/api/v1/gateway/config", { token: created.json.deviceToken })).status).toBe(200);
    await call("POST", `/api/v1/gateways/${created.json.gateway.id}/revoke`, { token: admin });
    const res = await call("GET", "/api/v1/gateway/config", { token: created.json.deviceToken });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });
});
