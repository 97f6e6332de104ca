/**
 * The parent committee and supervised viewing sessions (issue 13, items 1–2) through the API on a real libSQL
 * file with an injected clock: the committee's count against ≥ 7, scheduling (non-public cameras, committee
 * invitees, a school host), joining only invited and inside the window (403 naming it, 404 uninvited), the token's
 * signed cameras and window, Q&A, hands, attendance from a signed webhook, evaluation, the regulator's view.
 */
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, memberships, users } from "../../db/schema/index.ts";
import { Committee } from "../../server/committee/contracts.ts";
import { ViewingFrame, ViewingPage, ViewingSession, ViewingToken } from "../../server/viewing/contracts.ts";
import type { LiveKitBus } from "../../media/room-service.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 2, 1, 0); // 09:00 China time
const tk = {} as Record<"principal" | "inspector" | "foreignInspector" | "edu" | "parent" | "parent2" | "outsider" | "staff", string>;
let orgId: string;
let principalId: string;
const parentIds: string[] = [];
let prepCamera: { id: string; name: string };
let otherCamera: { id: string; name: string };
/** the participant-permission updates the server asked LiveKit for (a test double of the room service) */
const updates: Array<{ identity: string; microphone?: boolean }> = [];
const bus: LiveKitBus = {
  send: async () => {},
  sendTo: async () => {},
  participants: async () => [],
  remove: async () => {},
  ping: async () => true,
  updateParticipant: async (_room, identity, update) => {
    updates.push({ identity, microphone: update.microphone });
    return true;
  },
};
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600_000;

/** LiveKit's webhook, signed as the server signs it. */
async function webhook(event: "participant_joined" | "participant_left", sid: string, identity: string) {
  const body = JSON.stringify({ event, id: `EV_${event}_${sid}`, createdAt: String(Math.floor(clock / 1000)), room: { name: `canteen:${t.demo.demoCanteenId}` }, participant: { sid, identity, name: "周静", attributes: { role: "parent_rep", displayName: "周静", orgName: "x" } } });
  const at = new AccessToken("viewing", "viewing-secret-viewing-secret-viewing");
  at.sha256 = createHash("sha256").update(body).digest("base64");
  const res = await t.call("POST", "/api/v1/livekit/webhook", { raw: body, headers: { "content-type": "application/webhook+json", authorization: await at.toJwt() } });
  expect(res.status, res.text).toBeLessThan(300);
}
const freeze = (id: string, token: string, cameraId: string, bytes: Uint8Array = jpegFrame(64, 36, 7)) =>
  t.call("POST", `/api/v1/viewing-sessions/${id}/frames`, { token, form: imageForm("file", [bytes], { cameraId }) });

async function signIn() {
  for (const [k, u] of Object.entries({ principal: "school.principal", inspector: "echeng.inspector", foreignInspector: "huarong.inspector", edu: "ezhou.edu", parent: "school.parent", parent2: "parent.two", outsider: "parent.eight", staff: "school.staff" })) {
    tk[k as keyof typeof tk] = await t.login(u, k === "parent" || k === "principal" || k === "inspector" || k === "foreignInspector" || k === "edu" || k === "staff" ? undefined : "parent-password-1");
  }
}

beforeAll(async () => {
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "viewing", LIVEKIT_API_SECRET: "viewing-secret-viewing-secret-viewing" }, { now: () => clock, livekit: bus });
  const principal = await t.login("school.principal");
  const [member] = await t.db.select({ orgId: memberships.orgId, userId: memberships.userId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.username, "school.principal"));
  orgId = member!.orgId;
  principalId = member!.userId;
  const [parent] = await t.db.select().from(users).where(eq(users.username, "school.parent"));
  parentIds.push(parent!.id);
  // the school makes its parent accounts (seven more: two.. eight)
  for (const n of ["two", "three", "four", "five", "six", "seven", "eight"]) {
    const res = await t.call("POST", "/api/v1/users", { token: principal, body: { username: `parent.${n}`, displayName: `家长${n}`, password: "parent-password-1", orgId, role: "parent_rep" } });
    expect(res.status, res.text).toBe(201);
    parentIds.push(res.json.id);
  }
  const [prep, other] = await t.db.select({ id: cameras.id, name: cameras.name }).from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId));
  otherCamera = other!;
  await t.db.update(cameras).set({ publicVisible: false }).where(eq(cameras.id, prep!.id));
  prepCamera = prep!;
  await signIn();
});
afterAll(() => t?.close());

describe("the parent committee", () => {
  it("seats the school's parents with grade and term and counts them against ≥ 7", async () => {
    const grades = ["七年级", "七年级", "八年级", "八年级", "九年级", "九年级", "九年级"];
    for (const [i, grade] of grades.entries()) {
      const res = await t.call("POST", "/api/v1/committee", { token: tk.principal, body: { orgId, userId: parentIds[i], grade, term: "2026—2027学年" } });
      expect(res.status, res.text).toBe(201);
      if (i === 5) {
        const six = Committee.parse((await t.call("GET", `/api/v1/committee?orgId=${orgId}`, { token: tk.principal })).json);
        expect(six).toMatchObject({ count: 6, required: 7, meetsRule: false });
      }
    }
    const full = Committee.parse((await t.call("GET", `/api/v1/committee?orgId=${orgId}`, { token: tk.inspector })).json);
    expect(full).toMatchObject({ count: 7, meetsRule: true, grades: ["七年级", "九年级", "八年级"] });
    expect(full.candidates.map((c) => c.userId)).toEqual([parentIds[7]]);
  });

  it("refuses a seat twice, a non-parent, another district and a parent's own call", async () => {
    expect((await t.call("POST", "/api/v1/committee", { token: tk.principal, body: { orgId, userId: parentIds[0], grade: "七年级", term: "x" } })).status).toBe(409);
    expect((await t.call("POST", "/api/v1/committee", { token: tk.principal, body: { orgId, userId: principalId, grade: "七年级", term: "x" } })).json.error.message).toContain("不是本校的家长代表");
    expect((await t.call("GET", `/api/v1/committee?orgId=${orgId}`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/committee?orgId=${orgId}`, { token: tk.parent })).status).toBe(403);
  });
});

describe("a supervised viewing session", () => {
  let id: string;
  const startsAt = clock + 2 * HOUR; // 11:00–12:00 China time

  it("is scheduled on a non-public camera for two committee members with the principal as host", async () => {
    const bad = await t.call("POST", "/api/v1/viewing-sessions", { token: tk.principal, body: { canteenId: t.demo.demoCanteenId, title: "午餐备餐监督", startsAt: iso(startsAt), endsAt: iso(startsAt + HOUR), cameraIds: [prepCamera.id], inviteeIds: [parentIds[7]], hostId: principalId } });
    expect(bad.status).toBe(409); // parent.eight is not on the committee
    const res = await t.call("POST", "/api/v1/viewing-sessions", { token: tk.principal, body: { canteenId: t.demo.demoCanteenId, title: "<i>午餐</i>备餐监督", startsAt: iso(startsAt), endsAt: iso(startsAt + HOUR), cameraIds: [prepCamera.id], inviteeIds: [parentIds[0], parentIds[1]], hostId: principalId } });
    expect(res.status, res.text).toBe(201);
    const s = ViewingSession.parse(res.json);
    id = s.id;
    expect(s).toMatchObject({ title: "<i>午餐</i>备餐监督", state: "upcoming", inviteeCount: 2, cameras: [{ id: prepCamera.id, publicVisible: false }] });
  });

  it("is listed to the invited parents, not to an uninvited one (404 on it too)", async () => {
    const mine = ViewingPage.parse((await t.call("GET", "/api/v1/viewing-sessions", { token: tk.parent })).json);
    expect(mine.items.map((s) => s.id)).toEqual([id]);
    expect(mine.items[0]!.invited).toBe(true);
    const theirs = ViewingPage.parse((await t.call("GET", "/api/v1/viewing-sessions", { token: tk.outsider })).json);
    expect(theirs.items).toEqual([]);
    expect((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.outsider })).status).toBe(404);
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/token`, { token: tk.outsider })).status).toBe(404);
  });

  it("refuses joining before the window with a 403 that names it", async () => {
    const res = await t.call("POST", `/api/v1/viewing-sessions/${id}/token`, { token: tk.parent });
    expect(res.status).toBe(403);
    expect(res.json.error.details[0].message).toBe("2026-11-02 10:55–12:00 (UTC+8)");
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/questions`, { token: tk.parent, body: { text: "早？" } })).status).toBe(409);
  });

  it("gives an invited parent inside the window a subscribe-only token with the cameras and window signed in", async () => {
    clock = startsAt - 2 * 60_000; // inside the grace
    const res = await t.call("POST", `/api/v1/viewing-sessions/${id}/token`, { token: tk.parent });
    expect(res.status, res.text).toBe(200);
    const tok = ViewingToken.parse(res.json);
    const claims = JSON.parse(Buffer.from(tok.token.split(".")[1]!, "base64url").toString()) as { video: Record<string, unknown>; attributes: Record<string, string> };
    expect(claims.video).toMatchObject({ canSubscribe: true, canPublish: false, canPublishData: false });
    expect(claims.attributes).toMatchObject({ role: "parent_rep", sessionCameras: prepCamera.id, sessionUntil: String(startsAt + HOUR) });
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/token`, { token: tk.principal })).status).toBe(403);
  });

  it("takes questions, hands and the host's answers; hidden questions stay in the record", async () => {
    clock = startsAt + 5 * 60_000;
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/questions`, { token: tk.parent, body: { text: "<b>留样</b>冰箱温度多少？" } })).status).toBe(201);
    const asked = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-sessions/${id}/questions`, { token: tk.parent2, body: { text: "无关广告" } })).json);
    const [q1, q2] = asked.questions;
    expect((await t.call("POST", `/api/v1/viewing-questions/${q1!.id}/answer`, { token: tk.principal, body: { answer: "0–8℃，每日记录" } })).status).toBe(200);
    expect((await t.call("POST", `/api/v1/viewing-questions/${q1!.id}/answer`, { token: tk.principal, body: { answer: "again" } })).status).toBe(409);
    expect((await t.call("POST", `/api/v1/viewing-questions/${q2!.id}/hide`, { token: tk.principal })).status).toBe(200);
    const hand = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-sessions/${id}/hand`, { token: tk.parent, body: { raised: true } })).json);
    expect(hand.invitees.find((i) => i.userId === parentIds[0])!.handRaised).toBe(true);
    const mic = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-sessions/${id}/microphone`, { token: tk.principal, body: { userId: parentIds[0], open: true } })).json);
    expect(mic.invitees.find((i) => i.userId === parentIds[0])).toMatchObject({ micOpen: true, handRaised: false });
    expect(updates.at(-1)).toEqual({ identity: parentIds[0], microphone: true });
    // the host closes it again after the question: a second participant-permission update, the record says closed
    const closed = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-sessions/${id}/microphone`, { token: tk.principal, body: { userId: parentIds[0], open: false } })).json);
    expect(closed.invitees.find((i) => i.userId === parentIds[0])).toMatchObject({ micOpen: false, handRaised: false });
    expect(updates.at(-1)).toEqual({ identity: parentIds[0], microphone: false });
    const parentView = ViewingSession.parse((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.parent })).json);
    expect(parentView.questions.map((q) => [q.text, q.status, q.answer])).toEqual([["<b>留样</b>冰箱温度多少？", "answered", "0–8℃，每日记录"]]);
  });

  let frame: ViewingFrame;
  let frame2: ViewingFrame;
  it("lets an invited parent freeze a frame of a session camera inside the window (decoded; 409/413/415 otherwise)", async () => {
    const other = await freeze(id, tk.parent, otherCamera.id);
    expect(other.status).toBe(409); // a camera of the canteen the session does not open
    expect(other.json.error.message).toContain("不在本次监督观看");
    expect((await freeze(id, tk.parent, prepCamera.id, new TextEncoder().encode("<html>not a frame</html>"))).status).toBe(415);
    expect((await freeze(id, tk.parent, prepCamera.id, new Uint8Array(4 * 1024 * 1024 + 1))).status).toBe(413);
    expect((await freeze(id, tk.outsider, prepCamera.id)).status).toBe(404);
    expect((await freeze(id, tk.principal, prepCamera.id)).status).toBe(403);
    const res = await freeze(id, tk.parent, prepCamera.id);
    expect(res.status, res.text).toBe(201);
    frame = ViewingFrame.parse(res.json);
    expect(frame).toMatchObject({ sessionId: id, cameraId: prepCamera.id, cameraName: prepCamera.name, width: 64, height: 36, contentType: "image/jpeg" });
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/viewing-sessions/{id}/frames", "/api/v1/viewing-frames/{id}/image"]));
    frame2 = ViewingFrame.parse((await freeze(id, tk.parent2, prepCamera.id, jpegFrame(64, 36, 9))).json);
    const image = await t.app.request(frame.imageUrl, { headers: { authorization: `Bearer ${tk.parent}` } });
    expect(image.status).toBe(200);
    expect(createHash("sha256").update(new Uint8Array(await image.arrayBuffer())).digest("hex")).toBe(frame.sha256);
    // another parent's frame is as missing to a parent; the district's regulator sees it, another district's does not
    expect((await t.call("GET", frame.imageUrl, { token: tk.parent2 })).status).toBe(404);
    expect((await t.call("GET", frame.imageUrl, { token: tk.inspector })).status).toBe(200);
    expect((await t.call("GET", frame.imageUrl, { token: tk.foreignInspector })).status).toBe(404);
    // the record lists a parent's own frames (to attach one), the school all of them
    expect(ViewingSession.parse((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.parent })).json).frames).toEqual([frame]);
    expect(ViewingSession.parse((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.principal })).json).frames.map((f) => f.id)).toEqual([frame.id, frame2.id]);
  });

  it("records attendance from LiveKit's signed webhook (join and leave) and takes an attending parent's evaluation once, with their own frame", async () => {
    await webhook("participant_joined", "PA_parent1", parentIds[0]!);
    clock += 10 * 60_000;
    await webhook("participant_left", "PA_parent1", parentIds[0]!);
    const attended = ViewingSession.parse((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.principal })).json);
    const times = attended.invitees.find((i) => i.userId === parentIds[0])!.attendance.map((a) => [Date.parse(a.joinedAt), a.leftAt && Date.parse(a.leftAt)]);
    expect(times).toEqual([[startsAt + 5 * 60_000, startsAt + 15 * 60_000]]); // the leave time from participant_left
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent2, body: { hygiene: 5, operations: 5, food: 5 } })).json.error.message).toContain("只有参加了");
    const evaluation = { hygiene: 4, operations: 5, food: 3, comment: "整体规范", problems: "备餐间有一人未戴口罩" };
    // a frame of another parent, of another session, or none at all: 409
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: { ...evaluation, frameId: frame2.id } })).status).toBe(409);
    const other = ViewingSession.parse((await t.call("POST", "/api/v1/viewing-sessions", { token: tk.principal, body: { canteenId: t.demo.demoCanteenId, title: "另一场", startsAt: iso(clock - 60_000), endsAt: iso(clock + HOUR), cameraIds: [prepCamera.id], inviteeIds: [parentIds[0]], hostId: principalId } })).json);
    const elsewhere = ViewingFrame.parse((await freeze(other.id, tk.parent, prepCamera.id)).json);
    const refused = await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: { ...evaluation, frameId: elsewhere.id } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain("本次观看中截取");
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: { ...evaluation, frameId: "vfr_nothing00" } })).status).toBe(409);
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: { ...evaluation, frameId: "not an id" } })).status).toBe(400);
    const done = await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: { ...evaluation, frameId: frame.id } });
    expect(done.status, done.text).toBe(201);
    expect(ViewingSession.parse(done.json).evaluations[0]!.frame).toEqual(frame);
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/evaluation`, { token: tk.parent, body: evaluation })).status).toBe(409);
  });

  it("is ended by the host; the district regulator sees the whole record and the school answers the problems", async () => {
    const ended = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-sessions/${id}/end`, { token: tk.principal })).json);
    expect(ended).toMatchObject({ status: "ended", state: "over" });
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/token`, { token: tk.parent })).status).toBe(403);
    const record = ViewingSession.parse((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.inspector })).json);
    expect(record.invitees.find((i) => i.userId === parentIds[0])!.attendance).toHaveLength(1);
    expect((await freeze(id, tk.parent, prepCamera.id)).status).toBe(403); // the window is closed
    expect(record.questions.map((q) => q.status)).toEqual(["answered", "hidden"]);
    expect(record.evaluations[0]).toMatchObject({ problems: "备餐间有一人未戴口罩", answer: null, frame: { id: frame.id, cameraName: prepCamera.name } });
    const answered = ViewingSession.parse((await t.call("POST", `/api/v1/viewing-evaluations/${record.evaluations[0]!.id}/answer`, { token: tk.principal, body: { answer: "已对该员工批评教育" } })).json);
    expect(answered.evaluations[0]!.answer).toBe("已对该员工批评教育");
    expect((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/viewing-sessions/${id}`, { token: tk.staff })).status).toBe(403);
  });
});
