/** The scenarios a person would try by hand: other districts, other schools, parents, principals. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const token = {} as Record<string, string>;
const schoolByName = async (name: string) => (await t.call("GET", `/api/v1/orgs?kind=school&q=${encodeURIComponent(name)}`, { token: token.admin })).json.items[0];
const canteenOf = async (orgId: string) => (await t.call("GET", `/api/v1/canteens?orgId=${orgId}`, { token: token.admin })).json.items[0];

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, u] of Object.entries({ admin: "ezhou.admin", echeng: "echeng.inspector", huarong: "huarong.inspector", principal: "school.principal", parent: "school.parent", edu: "ezhou.edu" })) {
    token[k] = await t.login(u);
  }
});
afterAll(() => t.close());

describe("district inspectors see only their district", () => {
  it("鄂城区 inspector lists the 12 鄂城区 schools and nothing else", async () => {
    const res = await t.call("GET", "/api/v1/schools?limit=200", { token: token.echeng });
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(12);
    expect(res.json.items).toHaveLength(12);
    expect(new Set(res.json.items.map((s: { regionName: string }) => s.regionName))).toEqual(new Set(["鄂城区"]));
    for (const s of res.json.items) {
      expect(s.canteenCount).toBe(1);
      expect(s.cameraCount).toBeGreaterThanOrEqual(6);
      expect(s.cameraCount).toBeLessThanOrEqual(8);
    }
  });

  it("each school's canteen, camera and online-camera counts are those of its canteens (the list's one query, issue 11 item 17)", async () => {
    // some cameras online, so that the online count is not zero everywhere
    await t.client.execute("update cameras set status = 'online' where rowid % 3 = 0");
    const expected = await t.client.execute(`select c.org_id as org, count(distinct c.id) as canteens, count(cam.id) as cameras, coalesce(sum(cam.status = 'online'), 0) as online
      from canteens c left join cameras cam on cam.canteen_id = c.id group by c.org_id`);
    const byOrg = new Map(expected.rows.map((r) => [String(r.org), { canteenCount: Number(r.canteens), cameraCount: Number(r.cameras), onlineCameraCount: Number(r.online) }]));
    const res = await t.call("GET", "/api/v1/schools?limit=200", { token: token.admin });
    expect(res.json.items).toHaveLength(25);
    for (const s of res.json.items) {
      expect({ canteenCount: s.canteenCount, cameraCount: s.cameraCount, onlineCameraCount: s.onlineCameraCount }).toEqual(byOrg.get(s.id) ?? { canteenCount: 0, cameraCount: 0, onlineCameraCount: 0 });
    }
    expect(res.json.items.some((s: { onlineCameraCount: number }) => s.onlineCameraCount > 0)).toBe(true);
  });

  it("华容区 inspector sees 8 schools; the city admin and the education bureau see all of 鄂州市 (25)", async () => {
    expect((await t.call("GET", "/api/v1/schools", { token: token.huarong })).json.total).toBe(8);
    expect((await t.call("GET", "/api/v1/schools", { token: token.admin })).json.total).toBe(25);
    expect((await t.call("GET", "/api/v1/schools", { token: token.edu })).json.total).toBe(25);
  });

  it("a 华容区 canteen id in the 鄂城区 inspector's hands answers exactly like a missing one", async () => {
    const huarong = await canteenOf((await schoolByName("华容区第一中学")).id);
    const foreign = await t.call("GET", `/api/v1/canteens/${huarong.id}`, { token: token.echeng });
    const missing = await t.call("GET", "/api/v1/canteens/cnt_AAAAAAAAAAAAAAAA", { token: token.echeng });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    expect((await t.call("GET", `/api/v1/canteens/${huarong.id}`, { token: token.huarong })).status).toBe(200);
  });

  it("pages through schools by cursor without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await t.call("GET", `/api/v1/schools?limit=5${q}`, { token: token.admin });
      seen.push(...res.json.items.map((s: { id: string }) => s.id));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });
});

describe("schools, principals and parents", () => {
  it("a principal sees their own school's canteen with camera sources, not another school's", async () => {
    const own = await t.call("GET", "/api/v1/canteens", { token: token.principal });
    expect(own.json.items).toHaveLength(1);
    expect(own.json.items[0].orgName).toBe("鄂城区第一中学");
    const detail = await t.call("GET", `/api/v1/canteens/${own.json.items[0].id}`, { token: token.principal });
    expect(detail.json.areas.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(["storage", "rough_processing", "cooking", "prep_room", "washing"]));
    expect(detail.json.cameras.every((c: { source: string | null }) => c.source?.startsWith("test:"))).toBe(true);
    const other = await canteenOf((await schoolByName("鄂城区第二中学")).id);
    expect((await t.call("GET", `/api/v1/canteens/${other.id}`, { token: token.principal })).status).toBe(404);
  });

  it("a parent representative sees only public-visible cameras, and no camera sources", async () => {
    const own = (await t.call("GET", "/api/v1/canteens", { token: token.parent })).json.items[0];
    const asParent = await t.call("GET", `/api/v1/canteens/${own.id}`, { token: token.parent });
    const asPrincipal = await t.call("GET", `/api/v1/canteens/${own.id}`, { token: token.principal });
    const hidden = asPrincipal.json.cameras.filter((c: { publicVisible: boolean }) => !c.publicVisible);
    expect(hidden.length).toBeGreaterThan(0);
    expect(asParent.json.cameras.length).toBe(asPrincipal.json.cameras.length - hidden.length);
    expect(asParent.json.cameras.every((c: { publicVisible: boolean; source: string | null }) => c.publicVisible && c.source === null)).toBe(true);
    expect((await t.call("GET", `/api/v1/cameras/${hidden[0].id}`, { token: token.parent })).status).toBe(404);
    expect((await t.call("PATCH", `/api/v1/cameras/${hidden[0].id}`, { token: token.parent, body: { publicVisible: true } })).status).toBe(403);
  });

  it("a principal creates and disables parent accounts of their school only (seed 000 第十六条)", async () => {
    const school = await schoolByName("鄂城区第一中学");
    const created = await t.call("POST", "/api/v1/users", {
      token: token.principal,
      body: { username: "parent.li", displayName: "家长 李华", password: "a-long-password", orgId: school.id, role: "parent_rep" },
    });
    expect(created.status).toBe(201);
    expect(created.json.memberships[0].role).toBe("parent_rep");
    expect((await t.login("parent.li", "a-long-password")).length).toBeGreaterThan(20);

    const staff = await t.call("POST", "/api/v1/users", {
      token: token.principal,
      body: { username: "staff.new", displayName: "员工", password: "a-long-password", orgId: school.id, role: "canteen_staff" },
    });
    expect(staff.status).toBe(403);

    const otherSchool = await schoolByName("鄂城区第二中学");
    const elsewhere = await t.call("POST", "/api/v1/users", {
      token: token.principal,
      body: { username: "parent.elsewhere", displayName: "家长", password: "a-long-password", orgId: otherSchool.id, role: "parent_rep" },
    });
    expect(elsewhere.status).toBe(404);

    const disabled = await t.call("PATCH", `/api/v1/users/${created.json.id}`, { token: token.principal, body: { status: "disabled" } });
    expect(disabled.json.status).toBe("disabled");
    expect((await t.call("POST", "/api/v1/auth/login", { body: { username: "parent.li", password: "a-long-password" } })).status).toBe(401);

    // the principal cannot touch the school's staff accounts
    const staffUser = (await t.call("GET", `/api/v1/users?orgId=${school.id}&role=canteen_staff`, { token: token.principal })).json.items[0];
    expect((await t.call("PATCH", `/api/v1/users/${staffUser.id}`, { token: token.principal, body: { status: "disabled" } })).status).toBe(403);
  });

  it("a gateway's device token is returned once and stored only as a hash; revoking is recorded", async () => {
    const canteen = (await t.call("GET", "/api/v1/canteens", { token: token.principal })).json.items[0];
    const created = await t.call("POST", "/api/v1/gateways", { token: token.principal, body: { canteenId: canteen.id, name: "备用网关" } });
    expect(created.status).toBe(201);
    expect(created.json.deviceToken).toMatch(/^mcgw_/);
    const listed = await t.call("GET", `/api/v1/gateways?canteenId=${canteen.id}`, { token: token.principal });
    expect(listed.text).not.toContain(created.json.deviceToken);
    const rows = await t.client.execute("select token_hash from gateways");
    expect(rows.rows.map((r) => r.token_hash)).not.toContain(created.json.deviceToken);
    const revoked = await t.call("POST", `/api/v1/gateways/${created.json.gateway.id}/revoke`, { token: token.principal });
    expect(revoked.json.revokedAt).toMatch(/\+08:00$/);
  });

  it("a regulator admin cannot register an org outside their region", async () => {
    const res = await t.call("POST", "/api/v1/orgs", { token: token.admin, body: { kind: "school", name: "黄石某校", regionCode: "420202" } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });
});
