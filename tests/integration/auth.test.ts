import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions, loginFailures, users } from "../../db/schema/index.ts";
import { PBKDF2_ITERATIONS } from "../../server/accounts/password.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES: "3", LOGIN_WINDOW_MINUTES: "15" });
});
afterAll(() => t.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.call("POST", "/api/v1/auth/login", { body: { username, password }, headers });

describe("login, session cookie and bearer token", () => {
  it("stores passwords as PBKDF2-SHA256 with at least 210,000 iterations, never in clear", async () => {
    const [u] = await t.db.select().from(users).where(eq(users.username, "echeng.inspector"));
    const [scheme, iterations] = u!.passwordHash.split("$");
    expect(scheme).toBe("pbkdf2-sha256");
    expect(Number(iterations)).toBeGreaterThanOrEqual(210_000);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(210_000);
    expect(u!.passwordHash).not.toContain("mcll-demo-2026");
  });

  it("sets an HttpOnly SameSite=Lax cookie that works like the bearer token", async () => {
    const res = await login("echeng.inspector", "mcll-demo-2026");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/mcll_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.json.me.memberships[0].regionName).toBe("鄂城区");

    const viaCookie = await t.call("GET", "/api/v1/auth/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.json.username).toBe("echeng.inspector");
    const viaBearer = await t.call("GET", "/api/v1/auth/me", { token: res.json.token });
    expect(viaBearer.json.permissions).toContain("schools.read");
    expect(viaBearer.json.permissions).not.toContain("orgs.manage");
  });

  it("the database keeps only a hash of the session token", async () => {
    const res = await login("ezhou.edu", "mcll-demo-2026");
    const rows = await t.db.select().from(authSessions);
    expect(rows.some((r) => r.tokenHash === res.json.token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it("logout revokes the session: the same token then gets 401", async () => {
    const { json } = await login("ezhou.edu", "mcll-demo-2026");
    expect((await t.call("POST", "/api/v1/auth/logout", { token: json.token })).status).toBe(200);
    const after = await t.call("GET", "/api/v1/auth/me", { token: json.token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("unauthorized");
  });

  it("wrong password and unknown user answer the same 401", async () => {
    const wrong = await login("supplier.manager", "wrong-password");
    const unknown = await login("nobody.at.all", "wrong-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
  });

  it("throttles repeated failures per username with 429 and Retry-After, and a success clears the count", async () => {
    for (let i = 0; i < 3; i++) expect((await login("school.staff", `guess-${i}`)).status).toBe(401);
    const blocked = await login("school.staff", "mcll-demo-2026");
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // other accounts are unaffected
    expect((await login("school.director", "mcll-demo-2026")).status).toBe(200);
    // once the window has passed (simulated by ageing the rows), the right password works and clears the count
    await t.db.update(loginFailures).set({ at: Date.now() - 16 * 60_000 }).where(eq(loginFailures.username, "school.staff"));
    expect((await login("school.staff", "mcll-demo-2026")).status).toBe(200);
    const left = await t.db.select({ n: count() }).from(loginFailures).where(eq(loginFailures.username, "school.staff"));
    expect(left[0]!.n).toBe(0);
  });

  it("a disabled account cannot sign in and its open sessions end", async () => {
    const admin = (await login("ezhou.admin", "mcll-demo-2026")).json.token;
    const parent = await login("school.parent", "mcll-demo-2026");
    const disable = await t.call("PATCH", `/api/v1/users/${parent.json.me.id}`, { token: admin, body: { status: "disabled" } });
    expect(disable.status).toBe(200);
    expect(disable.json.status).toBe("disabled");
    expect((await t.call("GET", "/api/v1/auth/me", { token: parent.json.token })).status).toBe(401);
    expect((await login("school.parent", "mcll-demo-2026")).status).toBe(401);
  });
});
