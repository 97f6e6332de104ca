/**
 * The reminder before a supervised viewing session (issue 13, item 2) on the job runner's sweep, with an injected
 * clock: not before REMIND_BEFORE_MS ahead, then once (a second round and a second instance find nothing),
 * audited (the system's entry); the invited parent's list carries it; an ended session is never reminded.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, users } from "../../db/schema/index.ts";
import type { AppDeps } from "../../server/http/env.ts";
import { ViewingPage } from "../../server/viewing/contracts.ts";
import { remindUpcoming } from "../../server/viewing/reminders.ts";
import { REMIND_BEFORE_MS } from "../../server/viewing/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 2, 1, 0); // 09:00 China time
const tk = {} as Record<"principal" | "parent", string>;
let parentId: string;
let principalId: string;
let cameraId: string;
const iso = (ms: number) => new Date(ms).toISOString();
const sweep = () => remindUpcoming({ db: t.db, now: () => clock } as unknown as AppDeps);
async function schedule(startsAt: number, title: string) {
  const res = await t.call("POST", "/api/v1/viewing-sessions", { token: tk.principal, body: { canteenId: t.demo.demoCanteenId, title, startsAt: iso(startsAt), endsAt: iso(startsAt + 3600_000), cameraIds: [cameraId], inviteeIds: [parentId], hostId: principalId } });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  tk.principal = await t.login("school.principal");
  tk.parent = await t.login("school.parent");
  const [principal] = await t.db.select({ orgId: memberships.orgId, userId: memberships.userId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.username, "school.principal"));
  principalId = principal!.userId;
  parentId = (await t.db.select().from(users).where(eq(users.username, "school.parent")))[0]!.id;
  const seated = await t.call("POST", "/api/v1/committee", { token: tk.principal, body: { orgId: principal!.orgId, userId: parentId, grade: "七年级", term: "2026—2027学年" } });
  expect(seated.status, seated.text).toBe(201);
  cameraId = (await t.call("GET", `/api/v1/canteens/${t.demo.demoCanteenId}`, { token: tk.principal })).json.cameras[0].id;
});
afterAll(() => t?.close());

describe("the reminder before a viewing session", () => {
  it("comes once, REMIND_BEFORE_MS ahead, audited, and shows on the parent's list", async () => {
    const id = await schedule(clock + 2 * 3600_000, "午餐备餐监督");
    expect(await sweep()).toEqual([]);
    clock += 2 * 3600_000 - REMIND_BEFORE_MS;
    expect(await sweep()).toEqual([id]);
    // the next round (or another instance) finds nothing to do
    expect(await sweep()).toEqual([]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "viewing.remind")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBeNull();
    tk.parent = await t.login("school.parent");
    const mine = ViewingPage.parse((await t.call("GET", "/api/v1/viewing-sessions", { token: tk.parent })).json);
    expect(mine.items.find((s) => s.id === id)).toMatchObject({ invited: true, state: "upcoming", remindedAt: expect.any(String) });
    expect(Date.parse(mine.items.find((s) => s.id === id)!.remindedAt!)).toBe(clock);
  });

  it("never reminds of a session the host ended before it started", async () => {
    const id = await schedule(clock + 20 * 60_000, "已取消的监督");
    tk.principal = await t.login("school.principal");
    expect((await t.call("POST", `/api/v1/viewing-sessions/${id}/end`, { token: tk.principal })).status).toBe(200);
    expect(await sweep()).not.toContain(id);
  });
});
