/**
 * The province's shape proven with real processes (issue 18): Redis, two LiveKit nodes and two API instances
 * (edge/cluster) on one libSQL file, the real demo gateway publishing. Media crosses nodes, realtime crosses
 * instances, sweeps racing on both instances escalate each overdue alert and order once, and a killed LiveKit
 * node or API instance costs clients a reconnection (measured) or one retry, not a failed action.
 */
import { ConnectionState, type RemoteParticipant, Room, RoomEvent } from "@livekit/rtc-node";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client.ts";
import { alerts, cameras, orders } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { roomsByNode } from "../../edge/cluster/redis.ts";
import { ALERT_TOPIC, AlertMessage, type OpsTokens } from "../../server/alerts/contracts.ts";
import { startGateway } from "../e2e/support/gateway.ts";
import { startTestCluster, type TestCluster } from "../support/cluster.ts";
import { watchRoom } from "../support/cluster-viewer.ts";
import { base64, imageForm, jpegFrame, tinyJpeg } from "../support/images.ts";

let cluster: TestCluster;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let db: Database;
let cameraId: string;
let room: string;
const closers: Array<() => Promise<unknown>> = [];

const postAlert = (client: Pick<TestCluster, "call">, type = "after_hours_intrusion") =>
  client.call("POST", "/api/v1/gateway/alerts", {
    token: cluster.demo.deviceToken,
    body: { idempotencyKey: `cl-${Math.random().toString(36).slice(2, 12)}`, cameraId, type, confidence: 0.9, boxes: [{ x: 0.2, y: 0.1, w: 0.3, h: 0.6, label: "person", score: 0.9 }], occurredAt: new Date().toISOString(), snapshotJpegBase64: base64(tinyJpeg()) },
  });

/** The node that hosts `room` now, from Redis (waits until LiveKit has placed it). */
async function hostOf(name: string, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const nodeId = (await roomsByNode(cluster.livekit.redis)).get(name);
    const index = cluster.livekit.nodes.findIndex((n) => n.nodeId === nodeId && n.process.exitCode === null && !n.process.signalCode);
    if (index >= 0) return index;
    if (Date.now() > until) throw new Error(`${name} is on no live node (Redis says ${nodeId})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const liveToken = async (client: Pick<TestCluster, "call" | "login">) => {
  const res = await client.call("POST", "/api/v1/live/token", { token: await client.login("echeng.inspector"), body: { canteenId: cluster.demo.canteenId } });
  expect(res.status, res.text).toBe(200);
  return res.json as { url: string; token: string; room: string };
};

beforeAll(async () => {
  // sweeps every second on both instances: they race for real in the sweep test
  cluster = await startTestCluster({ name: "cluster", env: { ALERT_SWEEP_SECONDS: "1", ORDER_SWEEP_SECONDS: "1" } });
  db = openDatabase({ url: cluster.databaseUrl });
  cameraId = (await db.db.select().from(cameras).where(eq(cameras.gatewayId, cluster.demo.gatewayId)))[0]!.id;
  room = `canteen:${cluster.demo.canteenId}`;
  gateway = await startGateway({ apiUrl: cluster.api.url, tokenFile: cluster.gatewayTokenFile });
}, 180_000);

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await gateway?.stop();
  db?.close();
  await cluster?.close();
});

describe("media across nodes", () => {
  it("a viewer connected to the node that does not host the room receives the gateway's video from the node that does", async () => {
    const host = await hostOf(room);
    const other = cluster.livekit.nodes[1 - host]!;
    const issued = await liveToken(cluster.on(1));
    expect(issued.url).toBe(cluster.livekit.url); // the API hands out the cluster's one URL
    const viewer = await watchRoom(`ws://127.0.0.1:${other.port}`, async () => (await liveToken(cluster.on(1))).token);
    closers.push(() => viewer.close());
    await viewer.frames(10);
    expect(await hostOf(room)).toBe(host); // the room stayed where it was: the viewer's signalling was relayed
    await viewer.close();
  });
});

describe("realtime across instances", () => {
  it("an alert ingested by instance 1 reaches an inbox whose token came from instance 2", async () => {
    const two = cluster.on(1);
    const tokens = (await two.call("POST", "/api/v1/alerts/ops-token", { token: await two.login("echeng.inspector") })).json as OpsTokens;
    const inbox = new Room();
    closers.push(() => inbox.disconnect());
    const received: AlertMessage[] = [];
    const got = new Promise<void>((resolve) =>
      inbox.on(RoomEvent.DataReceived, (payload: Uint8Array, _p?: RemoteParticipant, _k?: unknown, topic?: string) => {
        if (topic !== ALERT_TOPIC) return;
        received.push(AlertMessage.parse(JSON.parse(new TextDecoder().decode(payload))));
        resolve();
      }),
    );
    await inbox.connect(tokens.url, tokens.rooms[0]!.token, { autoSubscribe: false, dynacast: false });
    const res = await postAlert(cluster.on(0));
    expect(res.status, res.text).toBe(201);
    await got;
    expect(received.find((m) => m.alert.id === res.json.alertId)).toMatchObject({ kind: "alert.raised", alert: { id: res.json.alertId } });
    await inbox.disconnect();
  });
});

describe("sweeps on every instance", () => {
  it("escalate each overdue alert and order exactly once, and the audit chain stays whole", async () => {
    // three orders issued through the balancer (whichever instance answers)
    const inspector = await cluster.login("echeng.inspector");
    const orderIds: string[] = [];
    const inspection = await cluster.call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId: cluster.demo.canteenId, kind: "live_inspection" } });
    expect(inspection.status, inspection.text).toBe(201);
    for (let i = 0; i < 3; i++) {
      const snap = await cluster.call("POST", "/api/v1/snapshots", { token: inspector, form: imageForm("file", [jpegFrame(64, 36, i)], { cameraId, inspectionId: inspection.json.id }) });
      expect(snap.status, snap.text).toBe(201);
      const items = [{ problem: "备餐间紫外线灯未开启", severity: "major", legalBasisId: legalBasisId("fsl-56"), snapshotIds: [snap.json.id] }];
      const order = await cluster.call("POST", "/api/v1/orders", { token: inspector, body: { inspectionId: inspection.json.id, items } });
      expect(order.status, order.text).toBe(201);
      orderIds.push(order.json.id);
    }
    for (const type of ["phone_use", "smoking", "no_mask"]) expect((await postAlert(cluster, type)).status).toBe(201);
    // every open alert and the new orders fall overdue at once, behind the instances' backs: past the
    // order's escalation delay too, so one sweep round both marks each order overdue and escalates it
    const past = Date.now() - 5 * 24 * 3600_000;
    const overdue = await db.db.update(alerts).set({ deadlineAt: past }).where(and(isNull(alerts.escalatedAt), isNull(alerts.closedAt))).returning({ id: alerts.id });
    expect(overdue.length).toBeGreaterThanOrEqual(4);
    await db.db.update(orders).set({ deadline: past }).where(inArray(orders.id, orderIds));

    const ids = overdue.map((a) => `'${a.id}'`).join(",");
    const oids = orderIds.map((o) => `'${o}'`).join(",");
    const escalatedAlerts = `select alert_id, count(*) n from alert_events where action = 'escalated' and alert_id in (${ids}) group by alert_id`;
    const orderSteps = `select order_id, type, count(*) n from order_events where type in ('overdue', 'escalated') and order_id in (${oids}) group by order_id, type`;
    const until = Date.now() + 20_000;
    while ((await db.client.execute(escalatedAlerts)).rows.length < overdue.length || (await db.client.execute(orderSteps)).rows.length < 2 * orderIds.length) {
      if (Date.now() > until) throw new Error("the sweeps did not escalate everything in 20 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    // both instances go on sweeping every second: give them three more rounds each to do anything twice
    await new Promise((r) => setTimeout(r, 3000));
    const alertRows = (await db.client.execute(escalatedAlerts)).rows;
    expect(alertRows).toHaveLength(overdue.length);
    for (const r of alertRows) expect(Number(r.n)).toBe(1);
    const orderRows = (await db.client.execute(orderSteps)).rows;
    expect(orderRows).toHaveLength(2 * orderIds.length);
    for (const r of orderRows) expect(Number(r.n)).toBe(1);
    const audits = (await db.client.execute(`select target_id, count(*) n from audit_log where action = 'alert.escalate' and target_id in (${ids}) group by target_id`)).rows;
    expect(audits.map((r) => Number(r.n))).toEqual(overdue.map(() => 1));
    const verify = await cluster.call("GET", "/api/v1/audit/verify", { token: await cluster.login("ezhou.admin") });
    expect(verify.status, verify.text).toBe(200);
    expect(verify.json).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe("a LiveKit node killed mid-session", () => {
  it("its room comes back on the other node, and the gateway and a viewer come back by themselves (three tries, figures printed)", async () => {
    const viewer = await watchRoom(cluster.livekit.url, async () => (await liveToken(cluster)).token);
    closers.push(() => viewer.close());
    await viewer.frames(5);
    const figures: number[] = [];
    for (let i = 0; i < 3; i++) {
      const host = await hostOf(room);
      const killed = performance.now();
      if (process.env.CLUSTER_LOG) console.log(`[cluster] killing node ${host} at ${new Date().toISOString()}`);
      await cluster.livekit.killNode(host);
      // Redis names the surviving node once the room is placed again; frames after that came through it
      expect(await hostOf(room, 30_000)).toBe(1 - host);
      await viewer.frames(3, 30_000).catch((err: Error) => {
        // what each side was doing, so that a CI failure can be read without CLUSTER_LOG
        const r = viewer.room;
        const others = [...r.remoteParticipants.values()].map((p) => `${p.identity}: ${[...p.trackPublications.values()].map((t) => `${t.sid} ${t.subscribed ? "subscribed" : "not subscribed"}`).join(", ") || "no tracks"}`);
        const gatewayLines = gateway.output().split("\n").filter((l) => /LiveKit|reconnect|publish|disconnect/i.test(l)).slice(-20);
        throw new Error(`${err.message} (try ${i + 1}, node ${host} killed ${Math.round(performance.now() - killed)} ms ago): viewer ${ConnectionState[r.connectionState]}, rejoined ${viewer.rejoins} time(s), sees [${others.join("; ")}]\ngateway:\n${gatewayLines.join("\n")}`);
      });
      figures.push(Math.round(performance.now() - killed));
      await cluster.livekit.restartNode(host);
    }
    if (process.env.CLUSTER_LOG) console.log(gateway.output().split("\n").filter((l) => /LiveKit|reconnect|publish/i.test(l)).slice(-60).join("\n"));
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(`[cluster] video back after a node kill: ${figures.join(", ")} ms; p50 ${sorted[1]} ms, max ${sorted[2]} ms (viewer rejoined ${viewer.rejoins} time(s) by itself)`);
    // the 10 s target is a figure for the note, not a timed assertion (the standards): each try must come back by
    // itself, through the other node. The Rust SDK (gateway, this viewer) retries every 5 s and a dead node owns its
    // rooms for about 5 s, so a try takes about 6 s or, when the 5 s attempt came too early, about 11 s
    for (const ms of figures) expect(ms).toBeLessThan(25_000);
    await viewer.close();
  }, 150_000);
});

describe("an API instance killed", () => {
  it("costs a client at most one retry per action: its session, its writes and the gateway's go on through the other", async () => {
    let retries = 0;
    /** a user action as the client makes it: a network error (the connection was on the dead instance) is retried once */
    const act = async (fn: () => Promise<{ status: number; text: string }>) => {
      try {
        return await fn();
      } catch {
        retries++;
        return await fn();
      }
    };
    const principal = await act(() => cluster.login("school.principal").then((t) => ({ status: 200, text: t })));
    const before = await act(() => cluster.call("GET", "/api/v1/alerts", { token: principal.text }));
    expect(before.status).toBe(200);
    await cluster.api.kill(0);
    for (let i = 0; i < 6; i++) {
      const list = await act(() => cluster.call("GET", "/api/v1/alerts", { token: principal.text }));
      expect(list.status, list.text).toBe(200); // the session made before the kill still holds: sessions live in the database
      const raised = await act(() => postAlert(cluster, i % 2 ? "smoking" : "phone_use"));
      expect(raised.status, raised.text).toBe(201);
    }
    const health = await cluster.call("GET", "/healthz");
    expect(health.status).toBe(200);
    expect(retries).toBeLessThanOrEqual(1);
    console.log(`[cluster] 13 user actions after killing API instance 1: ${retries} retried`);
    await cluster.api.restart(0);
    expect((await cluster.on(0).call("GET", "/healthz")).status).toBe(200);
  }, 120_000);
});
