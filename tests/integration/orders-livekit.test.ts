/**
 * The server's broadcasts through a real LiveKit server: a frozen frame opens for everyone in the canteen's
 * room, committed shapes arrive with their version on the reliable `annot` topic, orders and their
 * transitions on `order`, and the overdue sweep's reminder in the school's `ops:org:<id>` room. Every
 * message received is validated with the shared contract, as the client does.
 */
import { Room, RoomEvent, dispose } from "@livekit/rtc-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import type { LiveKitServer } from "../../media/livekit/dev-server.ts";
import { liveKitBus } from "../../media/room-service.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { AnnotMessage } from "../../server/snapshots/annotation-contracts.ts";
import { OrderMessage } from "../../server/orders/contracts.ts";
import { opsOrgRoom } from "../../server/bus/rooms.ts";
import { sweepOrders } from "../../server/orders/sweep.ts";
import { imageForm, jpegFrame } from "../support/images.ts";
import { type Stack, type NodeApi, startStack } from "../support/stack.ts";

let stack: Stack;
let lk: LiveKitServer;
let api: NodeApi;
const rooms: Room[] = [];
const tk = {} as Record<"inspector" | "principal", string>;
let canteenId: string;
let cameraId: string;

interface Received {
  topic: string | undefined;
  from: string | undefined;
  payload: unknown;
}

const call: Stack["call"] = (...args) => stack.call(...args);
const login = (username: string) => stack.login(username);

/** Joins a room and records every data message it receives. */
async function listen(url: string, token: string) {
  const room = new Room();
  rooms.push(room);
  const received: Received[] = [];
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    received.push({ topic, from: participant?.identity, payload: JSON.parse(new TextDecoder().decode(payload)) });
  });
  await room.connect(url, token, { autoSubscribe: false, dynacast: true });
  return received;
}
async function joinCanteen(token: string) {
  const live = await call("POST", "/api/v1/live/token", { token, body: { canteenId } });
  expect(live.status).toBe(200);
  return listen(live.json.url, live.json.token);
}

/** Polls for a message matching `accept` until the deadline (data messages have no other completion signal). */
async function waitFor(received: Received[], accept: (m: Received) => boolean, ms = 10_000): Promise<Received> {
  const deadline = Date.now() + ms;
  for (;;) {
    const hit = received.find(accept);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(received.map((m) => [m.topic, (m.payload as { type?: string }).type]))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const typed = (topic: string, type: string) => (m: Received) => m.topic === topic && (m.payload as { type?: string }).type === type;

beforeAll(async () => {
  stack = await startStack({ name: "orders-live", livekit: true, env: { ORDER_SWEEP_SECONDS: "0" } }); // the test drives the sweep with its own clock
  ({ livekit: lk, api } = stack);
  tk.inspector = await login("echeng.inspector");
  tk.principal = await login("school.principal");
  canteenId = stack.demo.canteenId;
  const [camera] = await api.database.db.select().from(cameras).where(eq(cameras.canteenId, canteenId));
  cameraId = camera!.id;
}, 60_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => {})));
  await stack?.close();
  await dispose();
});

describe("broadcasts in the canteen's room", () => {
  it("open the frozen frame, deliver committed shapes with versions, and announce the order and its acknowledgement", async () => {
    const atPrincipal = await joinCanteen(tk.principal);
    const atInspector = await joinCanteen(tk.inspector);
    const started = await call("POST", "/api/v1/inspections", { token: tk.inspector, body: { canteenId, kind: "live_inspection" } });
    expect(started.status).toBe(201);

    const frozen = await call("POST", "/api/v1/snapshots", { token: tk.inspector, form: imageForm("file", [jpegFrame(320, 180)], { cameraId, inspectionId: started.json.id }) });
    expect(frozen.status, frozen.text).toBe(201);
    const opened = AnnotMessage.parse((await waitFor(atPrincipal, typed("annot", "snapshot.opened"))).payload);
    expect(opened).toMatchObject({ type: "snapshot.opened", snapshot: { id: frozen.json.id, sha256: frozen.json.sha256 } });

    const rect = await call("POST", `/api/v1/snapshots/${frozen.json.id}/annotations`, { token: tk.inspector, body: { shape: { kind: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, clientId: "insp-1" } });
    expect(rect.status).toBe(201);
    const got = AnnotMessage.parse((await waitFor(atPrincipal, typed("annot", "annotation.committed"))).payload);
    expect(got).toMatchObject({ snapshotId: frozen.json.id, version: rect.json.version, annotation: { id: rect.json.annotation.id, clientId: "insp-1" } });

    const arrow = await call("POST", `/api/v1/snapshots/${frozen.json.id}/annotations`, { token: tk.principal, body: { shape: { kind: "arrow", from: [0.8, 0.8], to: [0.3, 0.3] } } });
    const atInspectorArrow = await waitFor(atInspector, (m) => typed("annot", "annotation.committed")(m) && (m.payload as { version: number }).version === arrow.json.version);
    expect(AnnotMessage.parse(atInspectorArrow.payload)).toMatchObject({ annotation: { shape: { kind: "arrow" } } });

    const undo = await call("DELETE", `/api/v1/annotations/${arrow.json.annotation.id}`, { token: tk.principal });
    expect(undo.status).toBe(200);
    expect(AnnotMessage.parse((await waitFor(atInspector, typed("annot", "annotation.undone"))).payload)).toMatchObject({ annotationId: arrow.json.annotation.id, version: undo.json.version });

    // a second frame, then the first shown to everyone again
    const second = await call("POST", "/api/v1/snapshots", { token: tk.principal, form: imageForm("file", [jpegFrame(320, 180, 7)], { cameraId, inspectionId: started.json.id }) });
    expect(second.status, second.text).toBe(201);
    const openedWith = (id: string) => (m: Received) => typed("annot", "snapshot.opened")(m) && (m.payload as { snapshot: { id: string } }).snapshot.id === id;
    await waitFor(atPrincipal, openedWith(second.json.id));
    const seenBefore = atPrincipal.length;
    const shown = await call("POST", `/api/v1/snapshots/${frozen.json.id}/show`, { token: tk.inspector });
    expect(shown.status, shown.text).toBe(200);
    const reopened = AnnotMessage.parse((await waitFor(atPrincipal, (m) => openedWith(frozen.json.id)(m) && atPrincipal.indexOf(m) >= seenBefore)).payload);
    expect(reopened).toMatchObject({ type: "snapshot.opened", snapshot: { id: frozen.json.id, annotationCount: 1 } });

    const order = await call("POST", "/api/v1/orders", {
      token: tk.inspector,
      body: { inspectionId: started.json.id, items: [{ problem: "备餐间未开启紫外线灯", severity: "critical", legalBasisId: legalBasisId("fsl-56"), snapshotIds: [frozen.json.id] }] },
    });
    expect(order.status, order.text).toBe(201);
    const issued = OrderMessage.parse((await waitFor(atPrincipal, typed("order", "order.issued"))).payload);
    expect(issued).toMatchObject({ order: { id: order.json.id, number: order.json.number, status: "issued" }, event: { type: "issued" } });

    expect((await call("POST", `/api/v1/orders/${order.json.id}/acknowledge`, { token: tk.principal })).status).toBe(200);
    const ack = OrderMessage.parse((await waitFor(atInspector, typed("order", "order.transitioned"))).payload);
    expect(ack).toMatchObject({ order: { id: order.json.id, status: "acknowledged" }, event: { type: "acknowledged" } });

    // the sweep's reminder reaches the school's ops room
    const school = issued.order.schoolId;
    const opsToken = await mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity: "dashboard-1", name: "校园大屏", role: "principal", room: opsOrgRoom(school), attributes: { role: "principal", displayName: "校园大屏", orgName: issued.order.schoolName } });
    const atOps = await listen(lk.url, opsToken.token);
    const swept = await sweepOrders({ db: api.database.db, livekit: liveKitBus(api.config.livekit!) }, Date.parse(order.json.deadline) + 1);
    expect(swept.overdue).toContain(order.json.id);
    const overdue = OrderMessage.parse((await waitFor(atOps, typed("order", "order.overdue"))).payload);
    expect(overdue).toMatchObject({ order: { id: order.json.id, overdue: true }, event: { type: "overdue", actor: null } });
  }, 60_000);
});
