/** The school's to-do home (issue 13, item 5): what waits for the school, overdue first; its own school only. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, canteens, users, viewingEvaluations, viewingSessionCameras, viewingSessions } from "../../db/schema/index.ts";
import { newId } from "../../server/auth/tokens.ts";
import { Todo } from "../../server/todo/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm } from "../support/images.ts";

let t: TestApp;
let principal: string;
beforeAll(async () => {
  t = await startTestApp();
  principal = await t.login("school.principal");
});
afterAll(() => t?.close());

describe("the school's to-do", () => {
  it("lists an unanswered complaint until it is answered, overdue items first", async () => {
    const before = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
    const filed = await t.call("POST", `/api/v1/public/canteens/${canteen!.publicSlug}/complaints`, { form: imageForm("photo", [], { category: "service", text: "打饭阿姨态度差" }) });
    expect(filed.status).toBe(201);
    const after = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(after.counts.complaint).toBe(before.counts.complaint + 1);
    const item = after.items.find((i) => i.kind === "complaint" && i.title === filed.json.code);
    expect(item).toMatchObject({ canteenName: canteen!.name, overdue: false, href: "/complaints" });
    const flags = after.items.map((i) => i.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    await t.call("POST", `/api/v1/complaints/${item!.id}/answer`, { token: principal, body: { note: "已约谈当事员工" } });
    const answered = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(answered.items.some((i) => i.id === item!.id)).toBe(false);
  });

  it("lists an upcoming or open viewing session until it is over, by its start", async () => {
    const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
    const [host] = await t.db.select().from(users).where(eq(users.username, "school.principal"));
    const [camera] = await t.db.select().from(cameras).where(eq(cameras.canteenId, canteen!.id));
    const session = async (title: string, startsAt: number, endsAt: number) => {
      const id = newId("vws");
      await t.db.insert(viewingSessions).values({ id, canteenId: canteen!.id, orgId: canteen!.orgId, title, startsAt, endsAt, hostId: host!.id, status: "scheduled", createdBy: host!.id, createdAt: Date.now() });
      await t.db.insert(viewingSessionCameras).values({ sessionId: id, cameraId: camera!.id });
      return id;
    };
    const now = Date.now();
    const before = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    const upcoming = await session("待办·明日监督观看", now + 24 * 3_600_000, now + 25 * 3_600_000);
    const open = await session("待办·进行中的观看", now - 600_000, now + 3_000_000);
    await session("待办·已过去的观看", now - 3 * 3_600_000, now - 2 * 3_600_000);
    const after = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(after.counts.viewing).toBe(before.counts.viewing + 2);
    const item = after.items.find((i) => i.id === upcoming);
    expect(item).toMatchObject({ kind: "viewing", title: "待办·明日监督观看", canteenName: canteen!.name, overdue: false, href: `/viewing/${upcoming}` });
    expect(Date.parse(item!.due)).toBe(now + 24 * 3_600_000);
    expect(after.items.some((i) => i.title === "待办·已过去的观看")).toBe(false);
    // ended by the host: no longer waiting
    expect((await t.call("POST", `/api/v1/viewing-sessions/${open}/end`, { token: principal })).status).toBe(200);
    const ended = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(ended.items.some((i) => i.id === open)).toBe(false);
    expect(ended.counts.viewing).toBe(before.counts.viewing + 1);

    // an evaluation naming problems waits for the school's answer; one naming none does not
    const [parent] = await t.db.select().from(users).where(eq(users.username, "school.parent"));
    const [other] = await t.db.select().from(users).where(eq(users.username, "school.principal"));
    const evaluation = (userId: string, problems: string | null) => ({ id: newId("vev"), sessionId: open, userId, hygiene: 3, operations: 4, food: 4, problems, createdAt: now });
    const withProblems = evaluation(parent!.id, "留样柜未上锁");
    await t.db.insert(viewingEvaluations).values([withProblems, evaluation(other!.id, null)]);
    const waiting = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(waiting.counts.evaluation).toBe(before.counts.evaluation + 1);
    expect(waiting.items.find((i) => i.kind === "evaluation")).toMatchObject({ id: withProblems.id, title: "待办·进行中的观看", overdue: false, href: `/viewing/${open}` });
    expect((await t.call("POST", `/api/v1/viewing-evaluations/${withProblems.id}/answer`, { token: principal, body: { answer: "已整改并上锁" } })).status).toBe(200);
    const answered = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(answered.counts.evaluation).toBe(before.counts.evaluation);
    expect(answered.items.some((i) => i.kind === "evaluation")).toBe(false);
  });

  it("is the school's: a regulator or a parent has none (403)", async () => {
    expect((await t.call("GET", "/api/v1/todo", { token: await t.login("echeng.inspector") })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/todo", { token: await t.login("school.parent") })).status).toBe(403);
  });
});
