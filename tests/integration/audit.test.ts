import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema/index.ts";
import { chainHash } from "../../server/audit/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login("ezhou.admin");
});
afterAll(() => t.close());

describe("audit log", () => {
  it("every write appends one entry naming actor, action and target", async () => {
    const before = (await t.db.select({ n: count() }).from(auditLog))[0]!.n;
    const created = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "supplier", name: "鄂州某蔬菜配送公司", regionCode: "420703" } });
    expect(created.status).toBe(201);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.targetId, created.json.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.action).toBe("org.create");
    expect(rows[0]!.actorId).toBe((await t.call("GET", "/api/v1/auth/me", { token: admin })).json.id);
    expect((await t.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(before + 1);
  });

  it("verify passes on an untouched chain", async () => {
    const res = await t.call("GET", "/api/v1/audit/verify", { token: admin });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
    expect(res.json.checked).toBeGreaterThan(1);
    expect(res.json.firstBroken).toBeNull();
  });

  it("a row altered directly in the database is named as the first broken entry", async () => {
    for (let i = 0; i < 3; i++) await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: `审计测试学校${i}`, regionCode: "420704" } });
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    const victim = rows[rows.length - 2]!;
    await t.client.execute({ sql: "update audit_log set action = 'org.delete' where seq = ?", args: [victim.seq] });
    const res = await t.call("GET", "/api/v1/audit/verify", { token: admin });
    expect(res.json.ok).toBe(false);
    expect(res.json.firstBroken).toEqual({ seq: victim.seq, reason: "hash_mismatch" });
    await t.client.execute({ sql: "update audit_log set action = ? where seq = ?", args: [victim.action, victim.seq] });
    expect((await t.call("GET", "/api/v1/audit/verify", { token: admin })).json.ok).toBe(true);
  });

  it("a row rewritten with its own hash recomputed still breaks the link to the next one", async () => {
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    const victim = rows[2]!;
    const forged = { ...victim, targetId: "org_forgedforged00" };
    await t.db.update(auditLog).set({ targetId: forged.targetId, hash: chainHash(victim.prevHash, forged) }).where(eq(auditLog.seq, victim.seq));
    const res = await t.call("GET", "/api/v1/audit/verify", { token: admin });
    expect(res.json.firstBroken).toEqual({ seq: victim.seq + 1, reason: "prev_hash_mismatch" });
    await t.db.update(auditLog).set({ targetId: victim.targetId, hash: victim.hash }).where(eq(auditLog.seq, victim.seq));
  });

  it("a deleted row shows as a gap", async () => {
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    const victim = rows[3]!;
    await t.client.execute({ sql: "delete from audit_log where seq = ?", args: [victim.seq] });
    const res = await t.call("GET", "/api/v1/audit/verify", { token: admin });
    expect(res.json.firstBroken).toEqual({ seq: victim.seq + 1, reason: "gap" });
  });

  it("only a regulator admin may verify", async () => {
    const inspector = await t.login("echeng.inspector");
    expect((await t.call("GET", "/api/v1/audit/verify", { token: inspector })).status).toBe(403);
  });
});
