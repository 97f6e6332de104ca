/**
 * An inspection of a past time (issue 19: "an inspection can be done on a past time, and is recorded as such"): the
 * inspector starts it naming the recording's time it looks at; it is kept and shown with that time, audited, and a
 * time in the future or older than the 7 days recordings are kept is refused (400).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inspections } from "../../db/schema/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let inspector: string;

beforeAll(async () => {
  t = await startTestApp();
  inspector = await t.login("echeng.inspector");
});
afterAll(() => t?.close());

const start = (body: Record<string, unknown>) => t.call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId: t.demo.demoCanteenId, kind: "online_patrol", ...body } });

describe("an inspection of a past time", () => {
  it("refuses a time in the future or older than the 7 days kept, and a malformed one", async () => {
    const future = await start({ reviewedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.json.error.message).toMatch(/过去 7 天内/);
    expect((await start({ reviewedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() })).status).toBe(400);
    expect((await start({ reviewedAt: "yesterday" })).status).toBe(400);
    expect(await t.db.select().from(inspections).where(eq(inspections.canteenId, t.demo.demoCanteenId))).toEqual([]);
  });

  it("is recorded with the recording's time it looks at, shown and audited", async () => {
    const at = new Date(Date.now() - 2 * 86_400_000);
    const res = await start({ reviewedAt: at.toISOString() });
    expect(res.status).toBe(201);
    expect(Date.parse(res.json.reviewedAt)).toBe(at.getTime());
    const shown = await t.call("GET", `/api/v1/inspections/${res.json.id}`, { token: await t.login("school.principal") });
    expect(Date.parse(shown.json.reviewedAt)).toBe(at.getTime());
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "inspection.start"), eq(auditLog.targetId, res.json.id)));
    expect(audit).toBeDefined();
    // a live inspection says so: no reviewed time
    await t.call("POST", `/api/v1/inspections/${res.json.id}/end`, { token: inspector, body: { outcome: "回放检查完毕", checklist: ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" })) } });
    const live = await start({});
    expect(live.status).toBe(201);
    expect(live.json.reviewedAt).toBeNull();
  });
});
