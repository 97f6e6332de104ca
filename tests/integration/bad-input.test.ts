import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orgs, users } from "../../db/schema/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
const schoolOf = async () => (await t.call("GET", "/api/v1/orgs?kind=school&limit=1", { token: admin })).json.items[0];

/** Row counts that must not move when a request is refused. */
const snapshot = async () => ({
  orgs: (await t.db.select({ n: count() }).from(orgs))[0]!.n,
  users: (await t.db.select({ n: count() }).from(users))[0]!.n,
  audit: (await t.db.select({ n: count() }).from(auditLog))[0]!.n,
});

const expectEnvelope = (res: { status: number; json: any; text: string }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json?.error?.code).toBe(code);
  expect(typeof res.json.error.message).toBe("string");
  expect(res.text).not.toMatch(/\bat .+\.ts:\d+|Error:|stack/i);
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login("ezhou.admin");
});
afterAll(() => t.close());

describe("bad input gets the error envelope, the right 4xx, and writes nothing", () => {
  it("malformed JSON → 400 validation_failed", async () => {
    const before = await snapshot();
    const res = await t.call("POST", "/api/v1/orgs", { token: admin, raw: "{ not json", headers: { "content-type": "application/json" } });
    expectEnvelope(res, 400, "validation_failed");
    expect(await snapshot()).toEqual(before);
  });

  it("a body that is not declared as JSON → 415", async () => {
    const before = await snapshot();
    const res = await t.call("POST", "/api/v1/orgs", { token: admin, raw: "{}", headers: { "content-type": "text/plain" } });
    expectEnvelope(res, 415, "unsupported_media_type");
    expect(await snapshot()).toEqual(before);
  });

  it("wrong types, missing and unknown fields → 400 with details naming the fields", async () => {
    const before = await snapshot();
    const wrongType = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: 42, regionCode: "420704" } });
    expectEnvelope(wrongType, 400, "validation_failed");
    expect(wrongType.json.error.details.map((d: any) => d.path)).toContain("name");

    const missing = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school" } });
    expectEnvelope(missing, 400, "validation_failed");
    expect(missing.json.error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(["name", "regionCode"]));

    const unknown = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: "某学校", regionCode: "420704", isAdmin: true } });
    expectEnvelope(unknown, 400, "validation_failed");
    expect(JSON.stringify(unknown.json.error.details)).toContain("isAdmin");
    expect(await snapshot()).toEqual(before);
  });

  it("out-of-range values and unknown query parameters → 400", async () => {
    expectEnvelope(await t.call("GET", "/api/v1/orgs?limit=100000", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("GET", "/api/v1/orgs?limit=-1", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("GET", "/api/v1/orgs?kind=bank", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("GET", "/api/v1/orgs?sort=name", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("GET", "/api/v1/orgs?cursor=garbage", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: "x".repeat(101), regionCode: "420704" } }), 400, "validation_failed");
    // a well-formed code of no region: the region it names does not exist
    expectEnvelope(await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: "某学校", regionCode: "999999" } }), 404, "not_found");
  });

  it("bodies over 1 MB → 413, nothing written", async () => {
    const before = await snapshot();
    const res = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: "x".repeat(1_100_000), regionCode: "420704" } });
    expectEnvelope(res, 413, "payload_too_large");
    expect(await snapshot()).toEqual(before);
  });

  it("ids: malformed → 400, unknown → 404", async () => {
    expectEnvelope(await t.call("GET", "/api/v1/canteens/..%2F..%2Fetc", { token: admin }), 400, "validation_failed");
    expectEnvelope(await t.call("GET", "/api/v1/canteens/cnt_doesnotexist00", { token: admin }), 404, "not_found");
    expectEnvelope(await t.call("PATCH", "/api/v1/orgs/org_doesnotexist00", { token: admin, body: { name: "x" } }), 404, "not_found");
    expectEnvelope(await t.call("GET", "/api/v1/no-such-endpoint", { token: admin }), 404, "not_found");
  });

  it("messages follow Accept-Language: zh-CN by default, English on request", async () => {
    const zh = await t.call("GET", "/api/v1/auth/me");
    expectEnvelope(zh, 401, "unauthorized");
    expect(zh.json.error.message).toBe("请先登录");
    const en = await t.call("GET", "/api/v1/auth/me", { headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en.json.error.message).toBe("Please sign in");
    // field details too: zod's messages in the request's language
    const body = { kind: "school", name: 42, regionCode: "420704" };
    const zhDetails = await t.call("POST", "/api/v1/orgs", { token: admin, body });
    expect(zhDetails.json.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    const enDetails = await t.call("POST", "/api/v1/orgs", { token: admin, body, headers: { "accept-language": "en" } });
    expect(enDetails.json.error.details[0].message).toMatch(/^Invalid input: expected string/);
  });

  it("SQL and HTML in text are stored verbatim and come back as data", async () => {
    const nasty = `'; DROP TABLE orgs; -- <script>alert(1)</script>`;
    const created = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "school", name: nasty, regionCode: "420704" } });
    expect(created.status).toBe(201);
    expect(created.json.name).toBe(nasty);
    const [row] = await t.db.select().from(orgs).where(eq(orgs.id, created.json.id));
    expect(row!.name).toBe(nasty);
    const found = await t.call("GET", `/api/v1/orgs?q=${encodeURIComponent("DROP TABLE")}`, { token: admin });
    expect(found.json.items.map((o: any) => o.name)).toEqual([nasty]);
    // LIKE wildcards in a search are literal
    const percent = await t.call("GET", `/api/v1/orgs?q=${encodeURIComponent("%")}`, { token: admin });
    expect(percent.json.items).toEqual([]);
    expect((await schoolOf()).name).toBeTruthy();
  });

  it("a failure inside a write rolls back the whole transaction", async () => {
    const before = await snapshot();
    const school = await schoolOf();
    // username taken → 409 after the org check passed: neither user nor audit entry may remain
    const res = await t.call("POST", "/api/v1/users", {
      token: admin,
      body: { username: "school.principal", displayName: "重复", password: "long-enough-pw", orgId: school.id, role: "parent_rep" },
    });
    expectEnvelope(res, 409, "conflict");
    expect(await snapshot()).toEqual(before);
  });
});
