/**
 * 应急指挥调度 notices through the API (issue 16, item 8): the city admin broadcasts to 鄂城区; its schools see the
 * notice on their to-do and sign for it; another district's schools never see it; the sender follows the receipts;
 * a regulator of another city cannot address 鄂城区 nor read its notices; bad input is a 400 with nothing written;
 * the audit chain still verifies.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, dispatchNotices, dispatchReads, dispatchRecipients, memberships, orgs, users } from "../../db/schema/index.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { hashPassword } from "../../server/accounts/password.ts";
import { newId } from "../../server/auth/tokens.ts";
import { Notice, NoticePage } from "../../server/dispatch/contracts.ts";
import { Todo } from "../../server/todo/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
let principal: string;
let huangshiAdmin: string;

/** A regulator admin of 黄石市 (another city), who holds notices.send there only. */
async function insertForeignAdmin() {
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "黄石市市场监督管理局"));
  const id = newId("usr");
  await t.db.insert(users).values({ id, username: "huangshi.admin", displayName: "黄石市监局管理员", passwordHash: await hashPassword(DEMO_PASSWORD), createdAt: Date.now() });
  await t.db.insert(memberships).values({ id: newId("mb"), userId: id, orgId: org!.id, role: "regulator_admin", createdAt: Date.now() });
}

/** A principal of another school (鄂城区第二中学 or 黄石港区第一中学). */
async function principalOf(schoolName: string, username: string) {
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, schoolName));
  const id = newId("usr");
  await t.db.insert(users).values({ id, username, displayName: `${schoolName}校长`, passwordHash: await hashPassword(DEMO_PASSWORD), createdAt: Date.now() });
  await t.db.insert(memberships).values({ id: newId("mb"), userId: id, orgId: org!.id, role: "principal", createdAt: Date.now() });
  return t.login(username);
}

const rowCounts = async () => ({
  notices: (await t.db.select({ n: count() }).from(dispatchNotices))[0]!.n,
  recipients: (await t.db.select({ n: count() }).from(dispatchRecipients))[0]!.n,
  reads: (await t.db.select({ n: count() }).from(dispatchReads))[0]!.n,
  audit: (await t.db.select({ n: count() }).from(auditLog))[0]!.n,
});

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login("ezhou.admin");
  principal = await t.login("school.principal");
  await insertForeignAdmin();
  huangshiAdmin = await t.login("huangshi.admin");
});
afterAll(() => t?.close());

describe("a notice to a district", () => {
  let notice: Notice;

  it("is sent to every school of the district, and only to them", async () => {
    const res = await t.call("POST", "/api/v1/notices", { token: admin, body: { regionCode: "420704", title: "  紧急：暂停供应某批次冷冻肉  ", body: "各学校：\r\n请立即排查库房。", urgency: "urgent" } });
    expect(res.status, res.text).toBe(201);
    notice = Notice.parse(res.json);
    // the shared text rules: trimmed, CR LF normalised
    expect(notice).toMatchObject({ regionCode: "420704", regionName: "鄂城区", title: "紧急：暂停供应某批次冷冻肉", body: "各学校：\n请立即排查库房。", urgency: "urgent", readAt: null });
    expect(notice.sender.orgName).toBe("鄂州市市场监督管理局");
    const schools = await t.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.regionCode, "420704"));
    const schoolCount = (await t.db.select({ id: orgs.id, kind: orgs.kind }).from(orgs).where(eq(orgs.regionCode, "420704"))).filter((o) => o.kind === "school").length;
    expect(schools.length).toBeGreaterThanOrEqual(schoolCount);
    expect(notice.counts).toEqual({ schools: schoolCount, read: 0 });
    expect(notice.receipts.every((r) => r.regionCode === "420704" && r.readAt === null)).toBe(true);
    // every school's canteens are there to open its live view at once
    expect(notice.receipts.find((r) => r.orgName === "鄂城区第一中学")!.canteens.map((c) => c.id)).toContain(t.demo.demoCanteenId);
  });

  it("waits on the district's schools' to-do, and not on another district's", async () => {
    const todo = Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json);
    expect(todo.counts.notice).toBe(1);
    expect(todo.items[0]).toMatchObject({ kind: "notice", id: notice.id, title: notice.title, canteenName: "鄂州市市场监督管理局", overdue: true, href: `/notices/${notice.id}` });
    const second = await principalOf("鄂城区第二中学", "second.principal");
    expect(Todo.parse((await t.call("GET", "/api/v1/todo", { token: second })).json).counts.notice).toBe(1);
    const huarong = await principalOf("华容区第一中学", "huarong.principal");
    expect(Todo.parse((await t.call("GET", "/api/v1/todo", { token: huarong })).json).counts.notice).toBe(0);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: huarong })).json).items).toEqual([]);
    expect((await t.call("GET", `/api/v1/notices/${notice.id}`, { token: huarong })).status).toBe(404);
    // the school sees its own receipt only
    const own = Notice.parse((await t.call("GET", `/api/v1/notices/${notice.id}`, { token: principal })).json);
    expect(own.receipts.map((r) => r.orgName)).toEqual(["鄂城区第一中学"]);
    expect(own.counts).toEqual({ schools: 1, read: 0 });
  });

  it("is signed for by the principal (who, when); reading again changes nothing", async () => {
    const before = await rowCounts();
    const res = await t.call("POST", `/api/v1/notices/${notice.id}/read`, { token: principal });
    expect(res.status, res.text).toBe(200);
    const read = Notice.parse(res.json);
    expect(read.readAt).not.toBeNull();
    expect(read.receipts[0]!.readBy!.displayName).toContain("校长");
    expect((await rowCounts()).reads).toBe(before.reads + 1);
    expect((await rowCounts()).audit).toBe(before.audit + 1);
    const again = Notice.parse((await t.call("POST", `/api/v1/notices/${notice.id}/read`, { token: principal })).json);
    expect(again.readAt).toBe(read.readAt);
    expect(await rowCounts()).toEqual({ ...before, reads: before.reads + 1, audit: before.audit + 1 });
    // off the to-do, still in the school's list (read), gone from its unread list
    expect(Todo.parse((await t.call("GET", "/api/v1/todo", { token: principal })).json).counts.notice).toBe(0);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: principal })).json).items.map((n) => [n.id, n.readAt])).toEqual([[notice.id, read.readAt]]);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices?unread=true", { token: principal })).json).items).toEqual([]);
  });

  it("shows the sender per school read and unread, with counts", async () => {
    const mine = Notice.parse((await t.call("GET", `/api/v1/notices/${notice.id}`, { token: admin })).json);
    expect(mine.counts).toEqual({ schools: notice.counts.schools, read: 1 });
    const read = mine.receipts.filter((r) => r.readAt);
    expect(read.map((r) => r.orgName)).toEqual(["鄂城区第一中学"]);
    // unread first: who still has to act
    expect(mine.receipts.at(-1)!.orgName).toBe("鄂城区第一中学");
    const list = NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: admin })).json);
    expect(list.items.find((n) => n.id === notice.id)!.counts).toEqual({ schools: notice.counts.schools, read: 1 });
    // the education bureau and the district's inspector follow it too
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: await t.login("ezhou.edu") })).json).items.map((n) => n.id)).toContain(notice.id);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: await t.login("echeng.inspector") })).json).items.map((n) => n.id)).toContain(notice.id);
  });

  it("is neither sent nor shown across cities: 404 for a region or notice out of jurisdiction, 403 without the permission", async () => {
    const before = await rowCounts();
    const foreign = await t.call("POST", "/api/v1/notices", { token: huangshiAdmin, body: { regionCode: "420704", title: "越权", body: "越权通知" } });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found");
    expect((await t.call("GET", `/api/v1/notices/${notice.id}`, { token: huangshiAdmin })).status).toBe(404);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: huangshiAdmin })).json).items).toEqual([]);
    expect((await t.call("POST", `/api/v1/notices/${notice.id}/read`, { token: huangshiAdmin })).status).toBe(403);
    // an inspector follows notices but does not send; a principal neither sends nor reads another school's
    expect((await t.call("POST", "/api/v1/notices", { token: await t.login("echeng.inspector"), body: { regionCode: "420704", title: "x", body: "y" } })).status).toBe(403);
    expect((await t.call("POST", "/api/v1/notices", { token: principal, body: { regionCode: "420704", title: "x", body: "y" } })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/notices", { token: await t.login("school.parent") })).status).toBe(403);
    // 黄石's admin may address its own city
    const own = await t.call("POST", "/api/v1/notices", { token: huangshiAdmin, body: { regionCode: "420200", title: "黄石通知", body: "黄石各校" } });
    expect(own.status, own.text).toBe(201);
    expect(own.json.receipts.every((r: { regionCode: string }) => r.regionCode.startsWith("4202"))).toBe(true);
    expect(NoticePage.parse((await t.call("GET", "/api/v1/notices", { token: admin })).json).items.map((n) => n.id)).not.toContain(own.json.id);
    const after = await rowCounts();
    expect(after.notices).toBe(before.notices + 1);
  });

  it("refuses bad input with a 400 and writes nothing", async () => {
    const before = await rowCounts();
    const bad = [
      { regionCode: "420704", title: "", body: "正文" },
      { regionCode: "420704", title: "   ", body: "正文" },
      { regionCode: "420704", title: "标".repeat(61), body: "正文" },
      { regionCode: "420704", title: "标题", body: "文".repeat(2001) },
      { regionCode: "420704", title: "标题\n换行", body: "正文" },
      { regionCode: "420704", title: "标题", body: "正文\u0000" },
      { regionCode: "4207", title: "标题", body: "正文" },
      { regionCode: "420704", title: "标题", body: "正文", urgency: "critical" },
      { regionCode: "420704", title: "标题", body: "正文", extra: 1 },
      { title: "标题", body: "正文" },
    ];
    for (const body of bad) {
      const res = await t.call("POST", "/api/v1/notices", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await t.call("POST", "/api/v1/notices", { token: admin, body: { regionCode: "429999", title: "标题", body: "正文" } })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/notices?cursor=nonsense", { token: admin })).status).toBe(400);
    expect((await t.call("GET", "/api/v1/notices/not-an-id", { token: admin })).status).toBe(400);
    expect((await t.call("POST", "/api/v1/notices/dsp_doesnotexist/read", { token: principal })).status).toBe(404);
    // the longest allowed is fine
    expect((await t.call("POST", "/api/v1/notices", { token: admin, body: { regionCode: "420704", title: "标".repeat(60), body: "文".repeat(2000) } })).status).toBe(201);
    const after = await rowCounts();
    expect(after.notices).toBe(before.notices + 1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it("leaves an audit chain that verifies, one entry per notice and per signature", async () => {
    const res = await t.call("GET", "/api/v1/audit/verify", { token: admin });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
    const entries = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetType, "dispatch_notice"));
    expect(entries.filter((e) => e.action === "dispatch_notice.send")).toHaveLength(3);
    expect(entries.filter((e) => e.action === "dispatch_notice.read")).toHaveLength(1);
  });
});
