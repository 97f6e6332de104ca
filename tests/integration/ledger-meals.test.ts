/**
 * 五餐监督 and the self-inspection checklists (issue 14, item 2): 学生评餐 (a low score needs attention), 教师同餐,
 * 家长监督 linked to one of the canteen's supervised viewing sessions (another canteen's is refused), and
 * 日管控/周排查/月调度 — an item not ticked needs attention; canteen staff may not sign a checklist.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, orgs, users, viewingSessions } from "../../db/schema/index.ts";
import { DAILY_ITEMS } from "../../server/ledgers/kinds.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const tk = {} as Record<"staff" | "director", string>;
let canteenId: string;
let otherCanteenId: string;
let n = 0;
const entry = (token: string, kind: string, data: Record<string, unknown>) =>
  t.call("POST", "/api/v1/ledgers/entries", { token, body: { kind, canteenId, idempotencyKey: `meals-${++n}-${Date.now()}`, eventAt: new Date(Date.now() - 60_000).toISOString(), data } });

async function session(canteen: string) {
  const [c] = await t.db.select().from(canteens).where(eq(canteens.id, canteen));
  const [host] = await t.db.select().from(users).where(eq(users.username, "school.director"));
  const id = `vs_meals${++n}x${Date.now()}`;
  await t.db.insert(viewingSessions).values({ id, canteenId: canteen, orgId: c!.orgId, title: "家长开放日", startsAt: Date.now() - 3600_000, endsAt: Date.now() - 600_000, hostId: host!.id, status: "ended", createdBy: host!.id, createdAt: Date.now() - 7200_000 } as never);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  tk.staff = await t.login("school.staff");
  tk.director = await t.login("school.director");
  const byName = async (name: string) => (await t.db.select().from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(orgs.name, name)))[0]!.canteens.id;
  canteenId = await byName("鄂城区第一中学");
  otherCanteenId = await byName("鄂城区第二中学");
});
afterAll(() => t?.close());

describe("五餐监督 and the checklists", () => {
  it("学生评餐: a score of 2 or less needs attention; 教师同餐 is recorded", async () => {
    const good = await entry(tk.staff, "student_rating", { meal: "lunch", raters: 30, taste: 5, portion: 4, hygiene: 5 });
    expect(good.status, good.text).toBe(201);
    expect(good.json.flagged).toBe(false);
    const poor = await entry(tk.staff, "student_rating", { meal: "lunch", raters: 28, taste: 2, portion: 4, hygiene: 4, remarks: "菜偏咸" });
    expect(poor.json.flagged).toBe(true);
    expect((await entry(tk.staff, "student_rating", { meal: "lunch", raters: 28, taste: 6, portion: 4, hygiene: 4 })).status).toBe(400);
    const teachers = await entry(tk.staff, "teacher_meal", { teachers: "王老师、李老师", meal: "lunch", remarks: "与学生同桌就餐" });
    expect(teachers.status, teachers.text).toBe(201);
  });

  it("家长监督 links one of the canteen's viewing sessions; another canteen's is refused, nothing written", async () => {
    const mine = await session(canteenId);
    const linked = await entry(tk.staff, "parent_supervision", { parent: "陈家长", meal: "lunch", viewingSessionId: mine, result: "normal", remarks: "后厨操作规范" });
    expect(linked.status, linked.text).toBe(201);
    expect(linked.json.data.viewingSessionId).toBe(mine);
    const foreign = await entry(tk.staff, "parent_supervision", { parent: "陈家长", meal: "lunch", viewingSessionId: await session(otherCanteenId), result: "normal", remarks: "" });
    expect(foreign.status).toBe(409);
    const list = await t.call("GET", `/api/v1/ledgers/entries?canteenId=${canteenId}&kind=parent_supervision`, { token: tk.director });
    expect(list.json.items).toHaveLength(1);
  });

  it("日管控: every item ticked is in order, one missing needs attention; canteen staff cannot sign it", async () => {
    const all = await entry(tk.director, "daily_control", { passed: [...DAILY_ITEMS] });
    expect(all.status, all.text).toBe(201);
    expect(all.json.flagged).toBe(false);
    const some = await entry(tk.director, "daily_control", { passed: DAILY_ITEMS.slice(1), problems: "两名员工未晨检", measures: "已补检并通报" });
    expect(some.json.flagged).toBe(true);
    expect((await entry(tk.staff, "daily_control", { passed: [...DAILY_ITEMS] })).status).toBe(403);
    expect((await entry(tk.director, "daily_control", { passed: ["not_an_item"] })).status).toBe(400);
    const todo = await t.call("GET", `/api/v1/ledgers/completeness?canteenId=${canteenId}`, { token: tk.director });
    expect(todo.json.kinds.find((k: { kind: string }) => k.kind === "daily_control")).toMatchObject({ due: 1, done: 1 });
  });
});
