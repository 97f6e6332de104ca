/** Foundation guards: region filters that include what lies below, and writes an admin must not make. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const token = {} as Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, u] of Object.entries({ admin: "ezhou.admin", echeng: "echeng.inspector", principal: "school.principal" })) token[k] = await t.login(u);
});
afterAll(() => t.close());

describe("the schools list's region filter", () => {
  it("a city means the city and every district below it; a district just that district", async () => {
    const city = await t.call("GET", "/api/v1/schools?regionCode=420700&limit=200", { token: token.admin });
    expect(city.status).toBe(200);
    expect(city.json.total).toBe(25);
    expect(new Set(city.json.items.map((s: { regionCode: string }) => s.regionCode)).size).toBeGreaterThan(1);
    expect(city.json.items.every((s: { regionCode: string }) => s.regionCode.startsWith("4207"))).toBe(true);
    const district = await t.call("GET", "/api/v1/schools?regionCode=420704&limit=200", { token: token.admin });
    expect(district.json.total).toBe(12);
    expect(district.json.items.every((s: { regionCode: string }) => s.regionCode === "420704")).toBe(true);
  });

  it("never widens the caller's scope, and an unknown region is a 404 naming the field", async () => {
    // the 鄂城区 inspector asking for all of 鄂州市 still gets 鄂城区 only
    expect((await t.call("GET", "/api/v1/schools?regionCode=420700&limit=200", { token: token.echeng })).json.total).toBe(12);
    const unknown = await t.call("GET", "/api/v1/schools?regionCode=429999", { token: token.admin });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.details[0].path).toBe("regionCode");
  });
});

describe("/auth/me", () => {
  it("each membership carries its region's level", async () => {
    const admin = (await t.call("GET", "/api/v1/auth/me", { token: token.admin })).json;
    expect(admin.memberships[0]).toMatchObject({ regionCode: "420700", regionLevel: "city" });
    const inspector = (await t.call("GET", "/api/v1/auth/me", { token: token.echeng })).json;
    expect(inspector.memberships[0]).toMatchObject({ regionCode: "420704", regionLevel: "district" });
  });
});

describe("writes an admin must not make", () => {
  const me = async (tk: string) => (await t.call("GET", "/api/v1/auth/me", { token: tk })).json;

  it("removing one's own admin role: 409 with the reason, nothing removed", async () => {
    const admin = await me(token.admin);
    const own = admin.memberships.find((m: { role: string }) => m.role === "regulator_admin");
    const res = await t.call("DELETE", `/api/v1/memberships/${own.id}`, { token: token.admin });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe("不能移除自己的管理员角色");
    expect((await me(token.admin)).memberships.map((m: { id: string }) => m.id)).toContain(own.id);
  });

  it("removing an account's last membership: 409 (disable the account instead); with two, one may go", async () => {
    const school = (await t.call("GET", "/api/v1/orgs?kind=school&q=" + encodeURIComponent("鄂城"), { token: token.admin })).json.items[0];
    const created = await t.call("POST", "/api/v1/users", { token: token.admin, body: { username: "guard.staff", displayName: "食堂员工 甲", password: "long-enough-password-1", orgId: school.id, role: "canteen_staff" } });
    expect(created.status).toBe(201);
    const only = created.json.memberships[0];
    const refused = await t.call("DELETE", `/api/v1/memberships/${only.id}`, { token: token.admin, headers: { "accept-language": "en" } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/only role/);
    expect((await t.call("GET", `/api/v1/users/${created.json.id}`, { token: token.admin })).json.memberships).toHaveLength(1);

    const second = await t.call("POST", "/api/v1/memberships", { token: token.admin, body: { userId: created.json.id, orgId: school.id, role: "parent_rep" } });
    expect(second.status).toBe(201);
    expect((await t.call("DELETE", `/api/v1/memberships/${only.id}`, { token: token.admin })).status).toBe(200);
    expect((await t.call("GET", `/api/v1/users/${created.json.id}`, { token: token.admin })).json.memberships).toHaveLength(1);
  });

  it("disabling one's own account: 409 with its own message", async () => {
    const admin = await me(token.admin);
    const res = await t.call("PATCH", `/api/v1/users/${admin.id}`, { token: token.admin, body: { status: "disabled" } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe("不能停用自己的账号");
    expect((await me(token.admin)).id).toBe(admin.id); // still signed in, still active
  });

  it("a camera cannot be attached to a revoked gateway (409), on creation or by a change", async () => {
    const canteen = (await t.call("GET", "/api/v1/canteens", { token: token.principal })).json.items[0];
    const detail = (await t.call("GET", `/api/v1/canteens/${canteen.id}`, { token: token.principal })).json;
    const gw = await t.call("POST", "/api/v1/gateways", { token: token.principal, body: { canteenId: canteen.id, name: "旧网关" } });
    expect(gw.status).toBe(201);
    expect((await t.call("POST", `/api/v1/gateways/${gw.json.gateway.id}/revoke`, { token: token.principal })).status).toBe(200);
    const created = await t.call("POST", "/api/v1/cameras", { token: token.principal, body: { areaId: detail.areas[0].id, gatewayId: gw.json.gateway.id, name: "新摄像头", source: "test:新摄像头" } });
    expect(created.status).toBe(409);
    expect(created.json.error.message).toBe("该网关已吊销，不能再接入摄像头");
    const camera = detail.cameras[0];
    const moved = await t.call("PATCH", `/api/v1/cameras/${camera.id}`, { token: token.principal, body: { gatewayId: gw.json.gateway.id } });
    expect(moved.status).toBe(409);
    expect((await t.call("GET", `/api/v1/cameras/${camera.id}`, { token: token.principal })).json.gatewayId).toBe(camera.gatewayId);
  });
});
