/**
 * Authenticated requests use an actor kept for ACTOR_CACHE_MS (issue 11 item 17, bench:load): every change made
 * through this instance — a membership added or removed, an account disabled, sign-out everywhere, an org renamed —
 * shows on the very next request of a session already in use; a change made elsewhere (another instance, straight
 * in the database) within ACTOR_CACHE_MS.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions } from "../../db/schema/index.ts";
import { ACTOR_CACHE_MS } from "../../server/auth/actor-cache.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let clock = Date.now();
let admin: string;
beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  admin = await t.login("ezhou.admin");
});
afterAll(() => t?.close());

const me = (token: string) => t.call("GET", "/api/v1/auth/me", { token });

describe("the kept actor of a session in use", () => {
  it("sees a membership added and removed through the API on the next request", async () => {
    const staff = await t.login("school.staff");
    const before = (await me(staff)).json;
    expect(before.memberships).toHaveLength(1);
    const school = before.memberships[0].orgId;
    const added = await t.call("POST", "/api/v1/memberships", { token: admin, body: { userId: before.id, orgId: school, role: "parent_rep" } });
    expect(added.status, added.text).toBe(201);
    const grown = (await me(staff)).json.memberships;
    expect(grown.map((m: { role: string }) => m.role).sort()).toEqual(["canteen_staff", "parent_rep"]);
    const extra = grown.find((m: { role: string }) => m.role === "parent_rep");
    expect((await t.call("DELETE", `/api/v1/memberships/${extra.id}`, { token: admin })).status).toBe(200);
    expect((await me(staff)).json.memberships.map((m: { role: string }) => m.role)).toEqual(["canteen_staff"]);
  });

  it("sees its org renamed through the API on the next request", async () => {
    const principal = await t.login("school.principal");
    const org = (await me(principal)).json.memberships[0].orgId;
    const renamed = await t.call("PATCH", `/api/v1/orgs/${org}`, { token: admin, body: { name: "鄂州市改名测试学校" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await me(principal)).json.memberships[0].orgName).toBe("鄂州市改名测试学校");
  });

  it("ends on the next request when the account is disabled or signs out everywhere", async () => {
    const parent = await t.login("school.parent");
    const parentMe = (await me(parent)).json;
    expect((await t.call("PATCH", `/api/v1/users/${parentMe.id}`, { token: admin, body: { status: "disabled" } })).status).toBe(200);
    expect((await me(parent)).status).toBe(401);

    const laptop = await t.login("school.director");
    const phone = await t.login("school.director");
    expect((await me(laptop)).status).toBe(200);
    expect((await t.call("POST", "/api/v1/auth/logout-everywhere", { token: phone })).status).toBe(200);
    expect((await me(laptop)).status).toBe(401);
  });

  it("a session revoked elsewhere (straight in the database) ends within ACTOR_CACHE_MS", async () => {
    const inspector = await t.login("echeng.inspector");
    expect((await me(inspector)).status).toBe(200);
    const { sessionId } = await sessionOf(inspector);
    await t.db.update(authSessions).set({ revokedAt: clock }).where(eq(authSessions.id, sessionId));
    expect((await me(inspector)).status).toBe(200); // still kept: another instance's write is not seen here at once
    clock += ACTOR_CACHE_MS;
    expect((await me(inspector)).status).toBe(401);
  });
});

async function sessionOf(token: string) {
  const { sha256Hex } = await import("../../server/auth/tokens.ts");
  const [row] = await t.db.select({ sessionId: authSessions.id }).from(authSessions).where(eq(authSessions.tokenHash, sha256Hex(token)));
  return row!;
}
