/**
 * A district falling behind its patrol plan is told (issue 12 item 2) — through a real LiveKit server: the API's
 * periodic sweep (PATROL_SWEEP_SECONDS=1) finds the districts behind this semester's coverage or this month's
 * quota, writes one notice per plan, district and day (however often it runs), and pushes it on the bus topic
 * `patrol` to the district's ops room and the plan region's; another city's regulators hear nothing. The notices
 * are the regulators' to-do, each seeing their own jurisdiction's.
 */
import { type RemoteParticipant, Room, RoomEvent } from "@livekit/rtc-node";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { patrolNotices } from "../../db/schema/index.ts";
import type { OpsTokens } from "../../server/alerts/contracts.ts";
import { PatrolMessage, PatrolNoticePage } from "../../server/patrol/contracts.ts";
import { type NodeApi, type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
let api: NodeApi;
const rooms: Room[] = [];
const login = (username: string) => stack.login(username);

/** Joins the caller's ops rooms and records every `patrol` message. */
async function listen(username: string) {
  const tokens = (await stack.call("POST", "/api/v1/alerts/ops-token", { token: await login(username) })).json as OpsTokens;
  const received: Array<{ room: string; message: z.infer<typeof PatrolMessage> }> = [];
  for (const r of tokens.rooms) {
    const room = new Room();
    room.on(RoomEvent.DataReceived, (payload: Uint8Array, _p?: RemoteParticipant, _k?: unknown, topic?: string) => {
      if (topic === "patrol") received.push({ room: r.room, message: PatrolMessage.parse(JSON.parse(new TextDecoder().decode(payload))) });
    });
    await room.connect(tokens.url, r.token, { autoSubscribe: false, dynacast: false });
    rooms.push(room);
  }
  return received;
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  stack = await startStack({ name: "patrol-lag", livekit: true, aiCamera: false, env: { PATROL_SWEEP_SECONDS: "1", ORDER_SWEEP_SECONDS: "0", ALERT_SWEEP_SECONDS: "0" } });
  api = stack.api;
}, 60_000);
afterAll(async () => {
  for (const r of rooms) await r.disconnect();
  await stack?.close();
});

describe("a district behind its plan", () => {
  it("is pushed to its regulators once a day, and stays on their to-do", async () => {
    const district = await listen("echeng.inspector");
    const city = await listen("ezhou.admin");
    const elsewhere = await listen("huarong.inspector");
    const admin = await login("ezhou.admin");
    // today is inside the plan's semester (the whole year), and no district can have done 10,000 patrols this month
    const year = new Date().getUTCFullYear();
    const plan = await stack.call("POST", "/api/v1/patrol/plans", { token: admin, body: { regionCode: "420700", year, name: "落后提醒测试计划", semesters: [{ name: "全年", from: `${year - 1}-01-01`, to: `${year + 1}-12-31` }], defaultMonthlyQuota: 1, monthlyQuotas: { "420704": 10_000 } } });
    expect(plan.status, plan.text).toBe(201);

    await until("the district's push", () => district.some((m) => m.message.notice.district === "420704"));
    const pushed = district.find((m) => m.message.notice.district === "420704")!.message.notice;
    expect(pushed).toMatchObject({ planId: plan.json.id, districtName: "鄂城区", quota: { quota: 10_000, behind: true } });
    await until("the city's push", () => city.some((m) => m.message.notice.id === pushed.id));
    // the sweep runs every second: still one notice per plan, district and day
    const written = async () => (await api.database.db.select({ n: count() }).from(patrolNotices))[0]!.n;
    const before = await written();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await written()).toBe(before);
    expect(district.filter((m) => m.message.notice.district === "420704")).toHaveLength(1);
    // 华容区 hears only about 华容区, if at all
    expect(elsewhere.every((m) => m.message.notice.district !== "420704")).toBe(true);

    const mine = PatrolNoticePage.parse((await stack.call("GET", "/api/v1/patrol/notices", { token: await login("echeng.inspector") })).json);
    expect(mine.items.map((n) => n.district)).toEqual(["420704"]);
    const all = PatrolNoticePage.parse((await stack.call("GET", "/api/v1/patrol/notices", { token: admin })).json);
    expect(all.items.map((n) => n.id)).toContain(pushed.id);
    expect(all.items.every((n) => n.district.startsWith("4207"))).toBe(true);
    expect((await stack.call("GET", "/api/v1/patrol/notices", { token: await login("school.principal") })).status).toBe(403);
    const other = PatrolNoticePage.parse((await stack.call("GET", "/api/v1/patrol/notices", { token: await login("huarong.inspector") })).json);
    expect(other.items.every((n) => n.district === "420703")).toBe(true);
  }, 60_000);
});
