/**
 * The school's own cadence (seed 000 第十三条; issue 12 item 2) on a real libSQL file with an injected clock: the
 * food-safety officer's daily self-check and the school leader's weekly patrol are recorded (a leader's patrol by
 * anyone else is refused), each missing one is on the school's to-do until recorded, the regulator sees the schools
 * with gaps in its region only, and none of it counts as the regulator's coverage.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, orgs } from "../../db/schema/index.ts";
import { Cadence, Coverage } from "../../server/patrol/contracts.ts";
import { Todo } from "../../server/todo/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
// Wednesday 2026-11-04, 10:00 China time (inside the autumn semester)
let clock = Date.UTC(2026, 10, 4, 2, 0);
const DAY = 86_400_000;
const tk = {} as Record<"admin" | "officer" | "principal" | "inspector" | "foreign", string>;
let canteenId: string;
const CHECKLIST = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" }));
const record = (token: string, kind: "self_check" | "leader_patrol", body: Record<string, unknown> = {}) =>
  t.call("POST", "/api/v1/self-checks", { token, body: { canteenId, kind, checklist: CHECKLIST, outcome: "环境整洁，操作规范", ...body } });
const todo = async (token: string) => Todo.parse((await t.call("GET", "/api/v1/todo", { token })).json);
const signIn = async () => {
  tk.admin = await t.login("ezhou.admin");
  tk.officer = await t.login("school.officer", "cadence-password-1");
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreign = await t.login("huarong.inspector");
};

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  canteenId = t.demo.demoCanteenId;
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, canteenId));
  const admin = await t.login("ezhou.admin");
  const made = await t.call("POST", "/api/v1/users", { token: admin, body: { username: "school.officer", displayName: "食品安全员 何静", password: "cadence-password-1", orgId: canteen!.orgId, role: "food_safety_officer" } });
  expect(made.status, made.text).toBe(201);
  await signIn();
});
afterAll(() => t?.close());

describe("the school's own cadence", () => {
  it("puts today's self-check and this week's leader patrol on the school's to-do", async () => {
    const list = await todo(tk.officer);
    expect(list.counts.self_check).toBeGreaterThan(0);
    expect(list.items.filter((i) => i.kind === "self_check").map((i) => i.id)).toContain(canteenId);
    expect(list.items.filter((i) => i.kind === "leader_patrol").map((i) => i.id)).toContain(canteenId);
  });

  it("records the officer's self-check; a leader's patrol only by the principal or director", async () => {
    const res = await record(tk.officer, "self_check");
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ kind: "self_check", canteenId, result: "satisfactory" });
    const refused = await record(tk.officer, "leader_patrol");
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("校长");
    expect((await record(tk.inspector, "self_check")).status).toBe(403);
    expect((await record(tk.officer, "self_check", { checklist: CHECKLIST.slice(1) })).status).toBe(400);
    expect((await record(tk.officer, "self_check", { outcome: "" })).status).toBe(400);
    expect((await todo(tk.officer)).items.filter((i) => i.kind === "self_check").map((i) => i.id)).not.toContain(canteenId);
    expect((await todo(tk.officer)).items.filter((i) => i.kind === "leader_patrol").map((i) => i.id)).toContain(canteenId);
    const leader = await record(tk.principal, "leader_patrol", { checklist: CHECKLIST.map((c, i) => (i === 2 ? { ...c, status: "issue", note: "烹饪区油烟机积油" } : c)) });
    expect(leader.status, leader.text).toBe(201);
    expect(leader.json.result).toBe("issues_found");
    expect((await todo(tk.principal)).items.filter((i) => i.kind === "leader_patrol").map((i) => i.id)).not.toContain(canteenId);
  });

  it("brings the self-check back the next day, the leader patrol the next week", async () => {
    clock += DAY;
    await signIn();
    const thursday = await todo(tk.officer);
    expect(thursday.items.filter((i) => i.kind === "self_check").map((i) => i.id)).toContain(canteenId);
    expect(thursday.items.filter((i) => i.kind === "leader_patrol").map((i) => i.id)).not.toContain(canteenId);
    clock += 5 * DAY; // Tuesday of the next week
    await signIn();
    expect((await todo(tk.officer)).items.filter((i) => i.kind === "leader_patrol").map((i) => i.id)).toContain(canteenId);
  });

  it("shows the regulator the schools with gaps in its region, not another's", async () => {
    const res = await t.call("GET", "/api/v1/patrol/cadence?regionCode=420704", { token: tk.inspector });
    expect(res.status, res.text).toBe(200);
    const cadence = Cadence.parse(res.json);
    const demo = cadence.items.find((i) => i.canteenId === canteenId)!;
    // one self-check in the last seven days, no leader patrol this week
    expect(demo).toMatchObject({ selfCheckDays: 1, leaderPatrol: false });
    expect(cadence.withGaps).toBeGreaterThanOrEqual(cadence.items.length);
    expect(cadence.items.every((i) => i.district === "420704")).toBe(true);
    expect((await t.call("GET", "/api/v1/patrol/cadence?regionCode=420704", { token: tk.foreign })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/patrol/cadence?regionCode=420704", { token: tk.principal })).status).toBe(403);
  });

  it("never counts as the regulator's coverage", async () => {
    const [school] = await t.db.select({ regionCode: orgs.regionCode }).from(orgs).innerJoin(canteens, and(eq(canteens.orgId, orgs.id), eq(canteens.id, canteenId)));
    const coverage = Coverage.parse((await t.call("GET", `/api/v1/patrol/coverage?regionCode=${school!.regionCode}`, { token: tk.admin })).json);
    expect(coverage.districts[0]!.uncovered.map((u) => u.canteenId)).toContain(canteenId);
  });
});
