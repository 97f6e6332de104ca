/**
 * 网上抽查 through the API on a real libSQL file: define → commit → reveal with the public value; the refusals
 * (too many targets, empty pool, out of scope, reveal before commit, a second public value, editing a committed
 * draw); the spot checks in the assigned inspectors' lists only; the public page and its verification with the
 * same sampler the browser runs; coverage moving when a school is patrolled.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, patrolDraws, spotChecks, users } from "../../db/schema/index.ts";
import { Draw, PublicDraw } from "../../server/patrol/contracts.ts";
import { commitmentOf, verifyDraw, type DrawInput } from "../../server/patrol/sampler.ts";
import { sha256Hex } from "../../server/patrol/sha256.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { addInspector } from "../support/patrol.ts";
import { regionCoverage } from "../../server/patrol/coverage.ts";
import type { AppDeps } from "../../server/http/env.ts";

let t: TestApp;
const tk = {} as Record<"admin" | "echeng" | "huarong" | "city" | "principal" | "edu", string>;
const body = (over: Record<string, unknown> = {}) => ({ regionCode: "420700", name: "2026年12月第一批网上抽查", publicValueSource: "2026年12月7日上证综合指数收盘点位", count: 3, method: "risk", ...over });
const drawCount = async () => (await t.db.select({ n: count() }).from(patrolDraws))[0]!.n;
const tokenOf: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  await addInspector(t.db, "420700", "ezhou.inspector", "鄂州市巡查员 吴刚");
  tk.admin = await t.login("ezhou.admin");
  tk.echeng = await t.login("echeng.inspector");
  tk.huarong = await t.login("huarong.inspector");
  tk.city = await t.login("ezhou.inspector");
  tk.principal = await t.login("school.principal");
  tk.edu = await t.login("ezhou.edu");
  for (const name of ["echeng.inspector", "huarong.inspector", "ezhou.inspector"]) {
    const [u] = await t.db.select().from(users).where(eq(users.username, name));
    tokenOf[u!.id] = tk[name === "echeng.inspector" ? "echeng" : name === "huarong.inspector" ? "huarong" : "city"];
  }
});
afterAll(() => t?.close());

describe("defining a draw", () => {
  it("refuses what cannot be drawn with a clear 4xx and writes nothing", async () => {
    const before = await drawCount();
    const many = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body({ count: 1000 }) });
    expect(many.status).toBe(400);
    expect(many.json.error.code).toBe("validation_failed");
    expect(many.json.error.message).toBe("抽取数量多于候选食堂数");
    const [principal] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "school.principal"));
    const pool = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body({ inspectorIds: [principal!.id] }) });
    expect(pool.status).toBe(400);
    expect(pool.json.error.details[0].path).toBe("inspectorIds");
    const foreign = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body({ regionCode: "420200" }) });
    expect(foreign.status).toBe(403);
    const unknown = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body({ regionCode: "420799" }) });
    expect(unknown.status).toBe(400);
    const none = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body({ filters: { districts: ["420200"] } }) });
    expect(none.json.error.message).toBe("没有符合条件的候选食堂");
    const inspector = await t.call("POST", "/api/v1/patrol/draws", { token: tk.echeng, body: body() });
    expect(inspector.status).toBe(403);
    expect(await drawCount()).toBe(before);
  });
});

describe("a draw's whole life", () => {
  let id: string;
  let draw: Draw;

  it("is defined as a draft with each candidate's risk explained and a commitment to its canonical list", async () => {
    const res = await t.call("POST", "/api/v1/patrol/draws", { token: tk.admin, body: body() });
    expect(res.status, res.text).toBe(201);
    draw = Draw.parse(res.json);
    id = draw.id;
    expect(draw.status).toBe("draft");
    expect(draw.rules).toMatchObject({ count: 3, avoidOwnDistrict: true, inspectorsPerTarget: 2 });
    expect(draw.inspectorCount).toBe(3);
    expect(draw.candidateCount).toBeGreaterThan(3);
    expect(draw.risk[0]!.factors.map((f) => f.factor)).toEqual(["open_alerts", "overdue_orders", "camera_online_rate", "days_since_patrol", "quantified_grade"]);
    for (const r of draw.risk) expect(r.factors.reduce((s, f) => s + f.points, 0)).toBe(r.score);
    const [row] = await t.db.select().from(patrolDraws).where(eq(patrolDraws.id, id));
    expect(sha256Hex(row!.input)).toBe(draw.commitment);
    expect(commitmentOf(JSON.parse(row!.input) as DrawInput)).toBe(draw.commitment);
  });

  it("cannot be revealed before its commitment is published; the public does not see a draft", async () => {
    const early = await t.call("POST", `/api/v1/patrol/draws/${id}/reveal`, { token: tk.admin, body: { publicValue: "3361.45" } });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe("抽查尚未公布承诺值，不能揭晓");
    expect((await t.call("GET", `/api/v1/public/draws/${id}`)).status).toBe(404);
    const renamed = await t.call("PATCH", `/api/v1/patrol/draws/${id}`, { token: tk.admin, body: { name: "12月第一批" } });
    expect(renamed.json.name).toBe("12月第一批");
  });

  it("is committed once, published with the secret's hash, and can no longer be edited (409)", async () => {
    const res = await t.call("POST", `/api/v1/patrol/draws/${id}/commit`, { token: tk.admin });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("committed");
    expect((await t.call("POST", `/api/v1/patrol/draws/${id}/commit`, { token: tk.admin })).status).toBe(409);
    const edit = await t.call("PATCH", `/api/v1/patrol/draws/${id}`, { token: tk.admin, body: { name: "改名" } });
    expect(edit.status).toBe(409);
    expect(edit.json.error.code).toBe("conflict");
    const pub = PublicDraw.parse((await t.call("GET", `/api/v1/public/draws/${id}`)).json);
    expect(pub).toMatchObject({ status: "committed", commitment: draw.commitment, secretHash: draw.secretHash, secret: null, seed: null, targets: null });
    expect(sha256Hex(pub.input)).toBe(pub.commitment);
  });

  it("is revealed by the public value: three targets, two inspectors each, none from the target's district", async () => {
    const res = await t.call("POST", `/api/v1/patrol/draws/${id}/reveal`, { token: tk.admin, body: { publicValue: " 3361.45 " } });
    expect(res.status, res.text).toBe(200);
    draw = Draw.parse(res.json);
    expect(draw.targets).toHaveLength(3);
    const districtOf = new Map(draw.risk.map((r) => [r.canteenId, r.district]));
    const input = JSON.parse((await t.db.select().from(patrolDraws).where(eq(patrolDraws.id, id)))[0]!.input) as DrawInput;
    const inspectorDistrict = new Map(input.inspectors.map((i) => [i.id, i.district]));
    for (const target of draw.targets!) {
      expect(target.inspectorIds).toHaveLength(2);
      for (const i of target.inspectorIds) expect(inspectorDistrict.get(i)).not.toBe(districtOf.get(target.canteenId));
      expect(target.inspectorNames.every((n) => n.length > 0)).toBe(true);
    }
    const again = await t.call("POST", `/api/v1/patrol/draws/${id}/reveal`, { token: tk.admin, body: { publicValue: "3400.00" } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("公开随机数已录入，抽查已揭晓");
    expect((await t.db.select({ n: count() }).from(spotChecks).where(eq(spotChecks.drawId, id)))[0]!.n).toBe(3);
    const actions = (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id))).map((a) => a.action);
    expect(actions).toEqual(["draw.create", "draw.update", "draw.commit", "draw.reveal"]);
  });

  it("verifies with the browser's sampler for its regulator at once, while the public waits for the checks", async () => {
    const full = PublicDraw.parse((await t.call("GET", `/api/v1/patrol/draws/${id}/verification`, { token: tk.admin })).json);
    const check = verifyDraw({ input: JSON.parse(full.input), commitment: full.commitment, secretHash: full.secretHash, secret: full.secret!, publicValue: full.publicValue!, seed: full.seed!, targets: full.targets! });
    expect(check).toMatchObject({ commitmentOk: true, secretOk: true, seedOk: true, selectionOk: true, matches: true });
    const pub = (await t.call("GET", `/api/v1/public/draws/${id}`)).json;
    expect(pub).toMatchObject({ status: "revealed", publicValue: "3361.45", secret: null, targets: null, canteens: [] });
  });

  it("puts each target in its assigned inspectors' lists only, never on the school's side", async () => {
    const byInspector = new Map<string, string[]>();
    for (const target of draw.targets!) for (const i of target.inspectorIds) byInspector.set(i, [...(byInspector.get(i) ?? []), target.canteenId]);
    for (const [userId, canteenIds] of byInspector) {
      const mine = await t.call("GET", "/api/v1/patrol/spot-checks", { token: tokenOf[userId] });
      expect(mine.json.items.filter((c: { drawId: string }) => c.drawId === id).map((c: { canteenId: string }) => c.canteenId).sort()).toEqual([...canteenIds].sort());
    }
    expect((await t.call("GET", "/api/v1/patrol/spot-checks", { token: tk.principal })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/patrol/draws", { token: tk.principal })).status).toBe(403);
    const admin = await t.call("GET", "/api/v1/patrol/spot-checks", { token: tk.admin });
    expect(admin.json.items).toEqual([]);
  });

  it("is completed by assigned inspectors only (404 for anyone else, 409 twice); then the public page shows it and it verifies", async () => {
    const checks = await t.db.select().from(spotChecks).where(eq(spotChecks.drawId, id));
    const target0 = draw.targets!.find((x) => x.canteenId === checks[0]!.canteenId)!;
    const outsider = Object.keys(tokenOf).find((u) => !target0.inspectorIds.includes(u))!;
    const denied = await t.call("POST", `/api/v1/patrol/spot-checks/${checks[0]!.id}/complete`, { token: tokenOf[outsider], body: { result: "satisfactory" } });
    expect(denied.status).toBe(404);
    // 回避 sends district inspectors across districts: the pending check opens that canteen to them, and only then
    // every target has two of the three inspectors, so one of them is a district inspector from another district
    const districtInspectors = new Map(Object.entries(tokenOf).filter(([, token]) => token === tk.echeng || token === tk.huarong));
    const across = checks.find((c) => draw.targets!.find((x) => x.canteenId === c.canteenId)!.inspectorIds.some((i) => districtInspectors.has(i)))!;
    const acrossBy = districtInspectors.get(draw.targets!.find((x) => x.canteenId === across.canteenId)!.inspectorIds.find((i) => districtInspectors.has(i))!)!;
    let acrossInspection: string | undefined;
    {
      expect((await t.call("GET", `/api/v1/canteens/${across.canteenId}`, { token: acrossBy })).status).toBe(200);
      const run = await t.call("POST", "/api/v1/inspections", { token: acrossBy, body: { canteenId: across.canteenId, kind: "spot_check" } });
      expect(run.status, run.text).toBe(201);
      const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: areaKind === "prep_room" ? "issue" : "ok" }));
      expect((await t.call("POST", `/api/v1/inspections/${run.json.id}/end`, { token: acrossBy, body: { outcome: "备餐间人员未戴口罩", checklist } })).status).toBe(200);
      acrossInspection = run.json.id;
    }
    for (const [k, c] of checks.entries()) {
      const target = draw.targets!.find((x) => x.canteenId === c.canteenId)!;
      const by = c === across ? acrossBy : tokenOf[target.inspectorIds[0]!];
      const res = await t.call("POST", `/api/v1/patrol/spot-checks/${c.id}/complete`, { token: by, body: { result: k === 0 ? "issues_found" : "satisfactory", note: "抽查", ...(c === across ? { inspectionId: acrossInspection } : {}) } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.status).toBe("done");
    }
    expect((await t.call("GET", `/api/v1/canteens/${across.canteenId}`, { token: acrossBy })).status).toBe(404);
    const twice = await t.call("POST", `/api/v1/patrol/spot-checks/${checks[0]!.id}/complete`, { token: tokenOf[target0.inspectorIds[0]!], body: { result: "satisfactory" } });
    expect(twice.status).toBe(409);
    const pub = PublicDraw.parse((await t.call("GET", `/api/v1/public/draws/${id}`)).json);
    expect(pub.canteens.map((c) => c.result).sort()).toEqual(["issues_found", "satisfactory", "satisfactory"]);
    expect(verifyDraw({ input: JSON.parse(pub.input), commitment: pub.commitment, secretHash: pub.secretHash, secret: pub.secret!, publicValue: pub.publicValue!, seed: pub.seed!, targets: pub.targets! }).matches).toBe(true);
    const region = await t.call("GET", "/api/v1/public/regions/420000/draws");
    expect(region.status).toBe(200);
    expect(region.json.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(JSON.stringify(region.json)).not.toMatch(/巡查员/);
    expect((await t.call("GET", "/api/v1/public/regions/420200/draws")).json.items).toEqual([]);
  });
});

describe("coverage of a semester", () => {
  it("counts each district's schools patrolled, and moves when one is", async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const q = `/api/v1/patrol/coverage?regionCode=420700&from=${today}&to=${today}`;
    const before = await t.call("GET", q, { token: tk.admin });
    expect(before.status, before.text).toBe(200);
    const canteenId = t.demo.demoCanteenId;
    const districtOf = (res: typeof before) => res.json.districts.find((d: { district: string }) => d.district === "420704");
    const started = await t.call("POST", "/api/v1/inspections", { token: tk.echeng, body: { canteenId, kind: "online_patrol" } });
    const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" }));
    expect((await t.call("POST", `/api/v1/inspections/${started.json.id}/end`, { token: tk.echeng, body: { outcome: "正常", checklist } })).status).toBe(200);
    const after = await t.call("GET", q, { token: tk.admin });
    const wasUncovered = districtOf(before).uncovered.some((u: { canteenId: string }) => u.canteenId === canteenId);
    expect(districtOf(after).covered).toBe(districtOf(before).covered + (wasUncovered ? 1 : 0));
    expect(districtOf(after).uncovered.map((u: { canteenId: string }) => u.canteenId)).not.toContain(canteenId);
    // patrol records: by kind, by inspector, by period; the schools list says when each was last patrolled
    const [me] = await t.db.select().from(users).where(eq(users.username, "echeng.inspector"));
    const records = (q: string) => t.call("GET", `/api/v1/inspections?status=ended&${q}`, { token: tk.admin }).then((r) => r.json.items.map((i: { id: string }) => i.id));
    expect(await records(`kind=online_patrol&startedBy=${me!.id}&from=${today}&to=${today}`)).toContain(started.json.id);
    expect(await records(`kind=spot_check&from=${today}&to=${today}`)).not.toContain(started.json.id);
    expect(await records(`startedBy=${me!.id}&from=2020-01-01&to=2020-01-31`)).toEqual([]);
    const schools = await t.call("GET", `/api/v1/schools?q=${encodeURIComponent("鄂城区第一中学")}`, { token: tk.admin });
    expect(Date.parse(schools.json.items[0].lastPatrolledAt)).toBeGreaterThan(Date.now() - 60_000);
    // the district inspector sees their district only; the city is out of their scope
    expect((await t.call("GET", q, { token: tk.echeng })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/patrol/coverage?regionCode=420704", { token: tk.echeng })).json.districts.map((d: { district: string }) => d.district)).toEqual(["420704"]);
  });

  it("counts a province (its own query: the period's patrolled canteens collected once) exactly as its cities", async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const caller = { deps: { db: t.db, config: t.config } as AppDeps, scope: { regionRanges: [["420000", "429999"] as const], orgIds: [], memberships: [], publicCamerasOnly: false } };
    const of = (regionCode: string) => regionCoverage(caller, { regionCode, from: "2026-01-01", to: today });
    const province = await of("420000");
    const cities = [...(await of("420700")).districts, ...(await of("420200")).districts];
    const figures = (ds: Array<{ district: string; total: number; covered: number }>) => ds.map(({ district, total, covered }) => ({ district, total, covered })).sort((a, b) => a.district.localeCompare(b.district));
    expect(figures(province.districts)).toEqual(figures(cities));
    // the demo canteen was patrolled above: at least one school counts as covered
    expect(province.districts.reduce((n, d) => n + d.covered, 0)).toBeGreaterThan(0);
  });
});


describe("a yearly patrol plan", () => {
  it("is made for a region in scope (403 outside, 409 twice, 400 for a stranger district) and shows its progress live", async () => {
    const before = (await t.call("GET", "/api/v1/patrol/plans", { token: tk.admin })).json.items.length;
    expect((await t.call("POST", "/api/v1/patrol/plans", { token: tk.admin, body: { regionCode: "420200", year: 2026, name: "黄石计划" } })).status).toBe(403);
    const stranger = await t.call("POST", "/api/v1/patrol/plans", { token: tk.admin, body: { regionCode: "420700", year: 2026, name: "计划", monthlyQuotas: { "420202": 5 } } });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error.details[0].path).toBe("monthlyQuotas.420202");
    const made = await t.call("POST", "/api/v1/patrol/plans", { token: tk.admin, body: { regionCode: "420700", year: 2026, name: "鄂州市2026学年网上巡查计划", defaultMonthlyQuota: 4, monthlyQuotas: { "420704": 6 } } });
    expect(made.status, made.text).toBe(201);
    expect(made.json.monthlyQuotas).toEqual({ "420702": 4, "420703": 4, "420704": 6 });
    expect(made.json.semesters.map((s: { from: string; to: string }) => [s.from, s.to])).toEqual([["2026-09-01", "2027-01-31"], ["2027-02-01", "2027-07-31"]]);
    expect((await t.call("POST", "/api/v1/patrol/plans", { token: tk.admin, body: { regionCode: "420700", year: 2026, name: "重复" } })).status).toBe(409);
    expect((await t.call("POST", "/api/v1/patrol/plans", { token: tk.echeng, body: { regionCode: "420704", year: 2026, name: "区计划" } })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/patrol/plans", { token: tk.admin })).json.items.length).toBe(before + 1);
    const progress = await t.call("GET", `/api/v1/patrol/plans/${made.json.id}/progress`, { token: tk.admin });
    expect(progress.status, progress.text).toBe(200);
    const echeng = progress.json.quotas.find((q: { district: string }) => q.district === "420704");
    expect(echeng.quota).toBe(6);
    // the inspections ended this month in 鄂城区 (the coverage test ended one, the spot check another)
    expect(echeng.done).toBeGreaterThanOrEqual(1);
    expect(progress.json.coverage.districts.map((d: { district: string }) => d.district)).toEqual(["420702", "420703", "420704"]);
    // another region's inspector sees no plan of 鄂州 outside their district
    expect((await t.call("GET", `/api/v1/patrol/plans/${made.json.id}/progress`, { token: tk.huarong })).status).toBe(404);
  });
});
