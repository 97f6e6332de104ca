/**
 * 应急指挥调度 on the realtime bus (issue 16, item 8), through a real LiveKit server: a notice sent to 鄂城区 arrives on
 * the topic `notice` in the live room of 鄂城区第一中学's canteen (the banner) and in the school's ops room, valid by the
 * shared parser; a canteen of another district hears nothing; the principal's 已读 is announced in the same rooms, so
 * the banner leaves every screen of the school.
 */
import { type RemoteParticipant, Room, RoomEvent } from "@livekit/rtc-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, orgs } from "../../db/schema/index.ts";
import type { OpsTokens } from "../../server/alerts/contracts.ts";
import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import type { NoticeMessage } from "../../server/dispatch/contracts.ts";
import type { LiveToken } from "../../server/live/contracts.ts";
import { type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
const rooms: Room[] = [];

/** Joins a room and records every valid `notice` message (through the same parser as the browser's). */
async function listen(url: string, token: string) {
  const received: NoticeMessage[] = [];
  const room = new Room();
  room.on(RoomEvent.DataReceived, (payload: Uint8Array, p?: RemoteParticipant, _k?: unknown, topic?: string) => {
    if (topic !== "notice") return;
    const parsed = parseMessage("notice", payload, senderOf(p?.identity));
    if (parsed.ok) received.push(parsed.message);
  });
  await room.connect(url, token, { autoSubscribe: false, dynacast: false });
  rooms.push(room);
  return received;
}

async function canteenOf(schoolName: string) {
  const [row] = await stack.api.database.db.select({ id: canteens.id }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(orgs.name, schoolName));
  return row!.id;
}

const until = async (what: string, ok: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  stack = await startStack({ name: "dispatch-push", livekit: true, aiCamera: false, env: { ORDER_SWEEP_SECONDS: "0", ALERT_SWEEP_SECONDS: "0", PATROL_SWEEP_SECONDS: "0" } });
}, 60_000);
afterAll(async () => {
  for (const r of rooms) await r.disconnect();
  await stack?.close();
});

describe("a dispatch notice on the bus", () => {
  it("reaches the district's schools' live rooms and ops rooms, not another district's; 已读 follows", async () => {
    const principal = await stack.login("school.principal");
    const admin = await stack.login("ezhou.admin");
    const liveToken = async (token: string, canteenId: string) => {
      const res = await stack.call("POST", "/api/v1/live/token", { token, body: { canteenId } });
      expect(res.status, res.text).toBe(200);
      return res.json as LiveToken;
    };
    const own = await liveToken(principal, await canteenOf("鄂城区第一中学"));
    const inLiveRoom = await listen(own.url, own.token);
    const ops = (await stack.call("POST", "/api/v1/alerts/ops-token", { token: principal })).json as OpsTokens;
    const inOpsRoom = await listen(ops.url, ops.rooms[0]!.token);
    // the admin watching a 华容区 canteen: no notice of 鄂城区 there
    const elsewhere = await liveToken(admin, await canteenOf("华容区第一中学"));
    const inOtherRoom = await listen(elsewhere.url, elsewhere.token);

    const sent = await stack.call("POST", "/api/v1/notices", { token: admin, body: { regionCode: "420704", title: "紧急调度：暂停某批次食材", body: "请立即排查。", urgency: "urgent" } });
    expect(sent.status, sent.text).toBe(201);
    await until("the live room's notice", () => inLiveRoom.some((m) => m.type === "notice.sent"));
    expect(inLiveRoom.find((m) => m.type === "notice.sent")).toMatchObject({ type: "notice.sent", notice: { id: sent.json.id, title: "紧急调度：暂停某批次食材", urgency: "urgent", senderOrgName: "鄂州市市场监督管理局", regionName: "鄂城区" } });
    await until("the ops room's notice", () => inOpsRoom.some((m) => m.type === "notice.sent"));

    expect((await stack.call("POST", `/api/v1/notices/${sent.json.id}/read`, { token: principal })).status).toBe(200);
    await until("the live room's read receipt", () => inLiveRoom.some((m) => m.type === "notice.read"));
    expect(inLiveRoom.find((m) => m.type === "notice.read")).toMatchObject({ noticeId: sent.json.id, orgId: sent.json.receipts.find((r: { orgName: string }) => r.orgName === "鄂城区第一中学").orgId });
    await new Promise((r) => setTimeout(r, 500));
    expect(inOtherRoom).toEqual([]);
  });
});
