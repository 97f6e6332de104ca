/** The school's to-do home (issue 13, item 5): what waits for the school, overdue first; its own school only. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens } from "../../db/schema/index.ts";
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

  it("is the school's: a regulator or a parent has none (403)", async () => {
    expect((await t.call("GET", "/api/v1/todo", { token: await t.login("echeng.inspector") })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/todo", { token: await t.login("school.parent") })).status).toBe(403);
  });
});
