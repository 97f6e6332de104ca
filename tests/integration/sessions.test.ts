/** Sign out everywhere (issue 11, item 7): every session of the user ends, nobody else's. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe("POST /api/v1/auth/logout-everywhere", () => {
  it("ends every session of the caller (phone and laptop), clears the cookie, and leaves other users signed in", async () => {
    const phone = await t.login("school.principal");
    const laptop = await t.login("school.principal");
    const someoneElse = await t.login("school.director");
    const res = await t.call("POST", "/api/v1/auth/logout-everywhere", { token: phone });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ ok: true, ended: 2 });
    expect(res.headers.get("set-cookie")).toMatch(/mcll_session=;|Max-Age=0/);
    for (const token of [phone, laptop]) expect((await t.call("GET", "/api/v1/auth/me", { token })).status).toBe(401);
    expect((await t.call("GET", "/api/v1/auth/me", { token: someoneElse })).status).toBe(200);
    expect((await t.call("GET", "/api/v1/audit/verify", { token: await t.login("ezhou.admin") })).json.ok).toBe(true);
  });

  it("needs a session (401 without one)", async () => {
    const res = await t.call("POST", "/api/v1/auth/logout-everywhere");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });
});
