import { addInspector } from "../support/patrol.ts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areas, auditLog, cameras, canteens, loginFailures, orgs, sensors, users } from "../../db/schema/index.ts";
import { appendAudit, readAuditPage } from "../../server/audit/service.ts";
import { chainHash, digestOf } from "../../server/audit/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login("ezhou.admin");
});
afterAll(() => t.close());

const expectEnvelope = (res: { status: number; json: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json?.error?.code).toBe(code);
  expect(typeof res.json.error.message).toBe("string");
};
const verify = async () => (await t.call("GET", "/api/v1/audit/verify", { token: admin })).json;

/** Hostile strings the contracts let through (single-line names) … */
const ACCEPTED = [
  "鄂城区第一中学食堂",
  "😀👩‍🍳🇨🇳 食堂",
  "e\u0301\u0327 Zalgo̸̢͓",
  "שלום \u200f مرحبا \u200e",
  "名".repeat(100),
  "'; drop table orgs; --",
  "\\u0000 literally",
];
/** … and what they refuse with 400 before anything is written. */
const REFUSED = ["a\u0000b", "\u0007bell", "esc\u001b[31m", "c1\u0085", "lone \ud800", "evil\u202egnp", "iso\u2066x\u2069", "tab\tname", "two\nlines"];

describe("1. NUL and control characters never reach the database or the audit chain", () => {
  it("an anonymous login with a NUL in the username → 400 envelope, and the chain still verifies", async () => {
    const res = await t.call("POST", "/api/v1/auth/login", { body: { username: "a\u0000b", password: "x" } });
    expectEnvelope(res, 400, "validation_failed");
    const bad = await t.call("POST", "/api/v1/auth/login", { body: { username: "ab", password: "x\u0000" } });
    expectEnvelope(bad, 400, "validation_failed");
    const v = await verify();
    expect(v.ok).toBe(true);
    expect(v.broken).toEqual({ count: 0, first: [] });
  });

  it.each(REFUSED)("a name with %j is refused with the envelope", async (name) => {
    const before = (await t.db.select().from(orgs)).length;
    const res = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "supplier", name, regionCode: "420703" } });
    expectEnvelope(res, 400, "validation_failed");
    expect((await t.db.select().from(orgs)).length).toBe(before);
  });

  it("a PATCH with a NUL in the name is refused too", async () => {
    const school = (await t.call("GET", "/api/v1/orgs?kind=school&limit=1", { token: admin })).json.items[0];
    const res = await t.call("PATCH", `/api/v1/orgs/${school.id}`, { token: admin, body: { name: "名\u0000" } });
    expectEnvelope(res, 400, "validation_failed");
  });

  it("accepted hostile names round-trip byte-exactly: API → database → API, and the chain verifies", async () => {
    for (const name of ACCEPTED) {
      const created = await t.call("POST", "/api/v1/orgs", { token: admin, body: { kind: "supplier", name, regionCode: "420703" } });
      expect(created.status, name).toBe(201);
      expect(created.json.name).toBe(name.trim());
      const [row] = await t.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, created.json.id));
      expect(row!.name).toBe(name.trim());
      const read = await t.call("GET", `/api/v1/orgs/${created.json.id}`, { token: admin });
      expect(read.json.name).toBe(name.trim());
    }
    expect((await verify()).ok).toBe(true);
  });

  it("every audit text column round-trips byte-exactly write → read → hash, NUL included (an entry written before the contracts refused it)", async () => {
    const corpus = [...ACCEPTED, "a\u0000b", "\u0000", "tail\u0000", "\t\n", "x".repeat(10_000), "\u202e", "\u0001\u001f\u007f"];
    for (const s of corpus) {
      await appendAudit(t.db, { actorId: s, action: s, targetType: s, targetId: s, change: { s } });
    }
    const rows = await readAuditPage(t.db, 0, 1_000_000);
    const mine = rows.slice(-corpus.length);
    mine.forEach((row, i) => {
      const s = corpus[i]!;
      expect([row.actorId, row.action, row.targetType, row.targetId]).toEqual([s, s, s, s]);
      expect(row.digest).toBe(digestOf({ s }));
      expect(chainHash(row.prevHash, row)).toBe(row.hash);
    });
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstBroken: null, broken: { count: 0, first: [] } });
  });

  it("verify counts every broken entry and names the first few; firstBroken stays the first", async () => {
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    const victims = [rows[3]!, rows[7]!, rows[rows.length - 2]!];
    for (const v of victims) await t.client.execute({ sql: "update audit_log set action = 'forged' where seq = ?", args: [v.seq] });
    const res = await verify();
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toEqual({ seq: victims[0]!.seq, reason: "hash_mismatch" });
    expect(res.broken.count).toBe(3);
    expect(res.broken.first).toEqual(victims.map((v) => ({ seq: v.seq, reason: "hash_mismatch" })));
    expect(res.checked).toBe(3);
    for (const v of victims) await t.client.execute({ sql: "update audit_log set action = ? where seq = ?", args: [v.action, v.seq] });
    expect((await verify()).ok).toBe(true);
  });

  it("a display name with a bidi override is refused; a password keeps its spaces", async () => {
    const [user] = await t.db.select().from(users).where(eq(users.username, "school.staff"));
    const res = await t.call("PATCH", `/api/v1/users/${user!.id}`, { token: admin, body: { displayName: "\u202eevil" } });
    expectEnvelope(res, 400, "validation_failed");
  });
});

describe("2. PATCH with an empty body is a 400 nothing_to_change on every PATCH route", () => {
  /** an id in ezhou.admin's jurisdiction for each PATCH path; a new PATCH route must be added here */
  const idFor: Record<string, () => Promise<string>> = {
    "/api/v1/orgs/{id}": async () => (await t.call("GET", "/api/v1/orgs?kind=school&limit=1", { token: admin })).json.items[0].id,
    "/api/v1/canteens/{id}": async () => t.demo.demoCanteenId,
    "/api/v1/areas/{id}": async () => (await t.db.select().from(areas).where(eq(areas.canteenId, t.demo.demoCanteenId)))[0]!.id,
    "/api/v1/cameras/{id}": async () => (await t.db.select().from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId)))[0]!.id,
    "/api/v1/users/{id}": async () => (await t.db.select().from(users).where(eq(users.username, "school.staff")))[0]!.id,
    "/api/v1/canteens/{id}/ledger-settings": async () => t.demo.demoCanteenId,
    "/api/v1/ledgers/staff/{id}": async () =>
      (await t.call("POST", "/api/v1/ledgers/staff", { token: await t.login("school.principal"), body: { canteenId: t.demo.demoCanteenId, name: "测试", position: "厨师", certificateNo: "HC12345678", certificateIssuedOn: "2026-01-01", certificateExpiresOn: "2027-01-01" } })).json.id,
    // a draft 网上抽查 draw of a district of the admin (a committed one is frozen: 409)
    "/api/v1/patrol/draws/{id}": async () => {
      // a district draw needs two inspectors per target: the demo district has one, so one more joins it
      await addInspector(t.db, "420704", "hardening.inspector");
      const res = await t.call("POST", "/api/v1/patrol/draws", { token: admin, body: { regionCode: "420704", name: "空补丁测试", publicValueSource: "测试公开值", count: 1, method: "uniform" } });
      expect(res.status, res.text).toBe(201);
      return res.json.id;
    },
    // one of the demo canteen's seeded sensors (issue 17)
    "/api/v1/sensors/{id}": async () => (await t.db.select({ id: sensors.id }).from(sensors).where(eq(sensors.canteenId, t.demo.demoCanteenId)).limit(1))[0]!.id,
  };
  /** the ledgers' and sensors' PATCH routes belong to the school (a regulator reads them only) */
  const tokenFor = async (path: string) => (path.includes("ledger") || path.includes("sensors") ? t.login("school.principal") : admin);

  it("the OpenAPI document lists the PATCH routes, each body with minProperties: 1", async () => {
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
    const patches = Object.entries(doc.paths as Record<string, any>).filter(([, ops]) => ops.patch);
    expect(patches.map(([path]) => path).sort()).toEqual(Object.keys(idFor).sort());
    for (const [path, ops] of patches) {
      const schema = ops.patch.requestBody.content["application/json"].schema;
      const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()] : schema;
      expect(resolved.minProperties, path).toBe(1);
    }
  });

  it("every PATCH route answers {} with 400 validation_failed, reason nothing_to_change, and writes nothing", async () => {
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    for (const [path, ops] of Object.entries(doc.paths as Record<string, any>)) {
      if (!ops.patch) continue;
      ids[path] = await idFor[path]!();
      tokens[path] = await tokenFor(path);
    }
    const before = (await t.db.select().from(auditLog)).length;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, any>)) {
      if (!ops.patch) continue;
      const id = ids[path]!;
      const token = tokens[path]!;
      for (const lang of ["en", "zh-CN"]) {
        const res = await t.call("PATCH", path.replace("{id}", id), { token, body: {}, headers: { "accept-language": lang } });
        expectEnvelope(res, 400, "validation_failed");
        expect(res.json.error.details, path).toContainEqual({ path: "(root)", message: "nothing_to_change" });
        if (lang === "en") expect(res.json.error.message).toMatch(/changes nothing/);
      }
    }
    expect((await t.db.select().from(auditLog)).length).toBe(before);
  });

  it("a PATCH that names a field still works", async () => {
    const res = await t.call("PATCH", `/api/v1/canteens/${t.demo.demoCanteenId}`, { token: admin, body: { grade: "A" } });
    expect(res.status).toBe(200);
    void canteens;
  });
});

describe("4. CSRF: cookie-authenticated writes must come from this site's pages", () => {
  const cookie = (token: string) => `mcll_session=${token}`;
  const EVIL = "http://evil.example";
  const newOrg = (n: string) => ({ kind: "supplier", name: `CSRF 测试 ${n}`, regionCode: "420703" });

  it("a JSON POST with the cookie from another origin → 403 envelope, nothing written", async () => {
    const token = await t.login("ezhou.admin");
    const before = (await t.db.select().from(orgs)).length;
    const res = await t.call("POST", "/api/v1/orgs", { body: newOrg("evil"), headers: { cookie: cookie(token), origin: EVIL } });
    expectEnvelope(res, 403, "forbidden");
    expect(res.json.error.message).not.toBe("");
    expect((await t.db.select().from(orgs)).length).toBe(before);
  });

  it("a body-less POST with the cookie from another origin → 403, and the session survives", async () => {
    const token = await t.login("ezhou.admin");
    const res = await t.call("POST", "/api/v1/auth/logout", { headers: { cookie: cookie(token), origin: EVIL } });
    expectEnvelope(res, 403, "forbidden");
    const nullOrigin = await t.call("POST", "/api/v1/auth/logout", { headers: { cookie: cookie(token), origin: "null" } });
    expectEnvelope(nullOrigin, 403, "forbidden");
    const crossSite = await t.call("POST", "/api/v1/auth/logout", { headers: { cookie: cookie(token), "sec-fetch-site": "cross-site" } });
    expectEnvelope(crossSite, 403, "forbidden");
    expect((await t.call("GET", "/api/v1/auth/me", { token })).status).toBe(200);
  });

  it("DELETE and PATCH are guarded too", async () => {
    const token = await t.login("ezhou.admin");
    const res = await t.call("PATCH", `/api/v1/canteens/${t.demo.demoCanteenId}`, { body: { grade: "B" }, headers: { cookie: cookie(token), origin: EVIL } });
    expectEnvelope(res, 403, "forbidden");
    const del = await t.call("DELETE", "/api/v1/annotations/ann_doesnotexist1", { headers: { cookie: cookie(token), origin: EVIL } });
    expectEnvelope(del, 403, "forbidden");
  });

  it("the same origin (or a request without Origin, e.g. curl) with the cookie → ok", async () => {
    const token = await t.login("ezhou.admin");
    const same = await t.call("POST", "/api/v1/orgs", { body: newOrg("same"), headers: { cookie: cookie(token), origin: "http://localhost" } });
    expect(same.status).toBe(201);
    const sameSite = await t.call("POST", "/api/v1/orgs", { body: newOrg("fetch-site"), headers: { cookie: cookie(token), "sec-fetch-site": "same-origin" } });
    expect(sameSite.status).toBe(201);
    const curl = await t.call("POST", "/api/v1/orgs", { body: newOrg("curl"), headers: { cookie: cookie(token) } });
    expect(curl.status).toBe(201);
    const out = await t.call("POST", "/api/v1/auth/logout", { headers: { cookie: cookie(token), origin: "http://localhost" } });
    expect(out.status).toBe(200);
  });

  it("a bearer token is exempt whatever the origin; GET is never guarded", async () => {
    const token = await t.login("ezhou.admin");
    const res = await t.call("POST", "/api/v1/orgs", { token, body: newOrg("bearer"), headers: { origin: EVIL } });
    expect(res.status).toBe(201);
    const read = await t.call("GET", "/api/v1/auth/me", { headers: { cookie: cookie(token), origin: EVIL } });
    expect(read.status).toBe(200);
  });

  it("a login posted from another site is refused (login CSRF); ALLOWED_ORIGINS adds trusted origins", async () => {
    const res = await t.call("POST", "/api/v1/auth/login", { body: { username: "ezhou.admin", password: "mcll-demo-2026" }, headers: { origin: EVIL } });
    expectEnvelope(res, 403, "forbidden");
    const other = await startTestApp({ ALLOWED_ORIGINS: "http://127.0.0.1:5173/, https://ops.example" });
    try {
      const ok = await other.call("POST", "/api/v1/auth/login", { body: { username: "ezhou.admin", password: "mcll-demo-2026" }, headers: { origin: "http://127.0.0.1:5173" } });
      expect(ok.status).toBe(200);
      const evil = await other.call("POST", "/api/v1/auth/login", { body: { username: "ezhou.admin", password: "mcll-demo-2026" }, headers: { origin: EVIL } });
      expect(evil.status).toBe(403);
    } finally {
      other.close();
    }
  });
});

describe("3. login throttle per (username, client address) and per address, with backoff; TRUST_PROXY", () => {
  let th: TestApp;
  beforeAll(async () => {
    th = await startTestApp(
      { LOGIN_MAX_FAILURES: "3", LOGIN_MAX_FAILURES_PER_ADDRESS: "5", TRUST_PROXY: "10.0.0.0/8" },
      // app.request has no socket: the test names the TCP peer
      { peerAddress: (c) => c.req.header("x-test-peer") ?? null },
    );
  });
  afterAll(() => th.close());
  const login = (username: string, password: string, peer: string, xff?: string) =>
    th.call("POST", "/api/v1/auth/login", { body: { username, password }, headers: { "x-test-peer": peer, ...(xff ? { "x-forwarded-for": xff } : {}) } });

  it("failures lock the username for that address only: the user still signs in from elsewhere", async () => {
    for (let i = 0; i < 3; i++) expect((await login("school.principal", `guess-${i}`, "203.0.113.1")).status).toBe(401);
    const blocked = await login("school.principal", "mcll-demo-2026", "203.0.113.1");
    expectEnvelope(blocked, 429, "rate_limited");
    const retry = Number(blocked.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await login("school.principal", "mcll-demo-2026", "198.51.100.2")).status).toBe(200);
    // the success elsewhere does not unlock the attacker's address
    expect((await login("school.principal", "mcll-demo-2026", "203.0.113.1")).status).toBe(429);
  });

  it("backs off: each failure after the lock ends doubles the next lock", async () => {
    const user = "backoff.user";
    for (let i = 0; i < 3; i++) await login(user, "x", "203.0.113.3");
    const first = Number((await login(user, "x", "203.0.113.3")).headers.get("retry-after"));
    // the first lock (1 min) passes
    await th.db.update(loginFailures).set({ at: Date.now() - 61_000 }).where(eq(loginFailures.username, user));
    expect((await login(user, "x", "203.0.113.3")).status).toBe(401);
    const second = await login(user, "x", "203.0.113.3");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(first);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(60);
  });

  it("one password sprayed over many usernames from one address locks that address", async () => {
    for (let i = 0; i < 5; i++) expect((await login(`spray.${i}`, "Winter2026!", "203.0.113.4")).status).toBe(401);
    expectEnvelope(await login("school.director", "mcll-demo-2026", "203.0.113.4"), 429, "rate_limited");
    expect((await login("school.director", "mcll-demo-2026", "203.0.113.5")).status).toBe(200);
  });

  it("X-Forwarded-For from an untrusted peer is ignored: rotating it does not escape the lock", async () => {
    for (let i = 0; i < 3; i++) await login("xff.user", "x", "203.0.113.6", `1.1.1.${i}`);
    expect((await login("xff.user", "x", "203.0.113.6", "9.9.9.9")).status).toBe(429);
    const rows = await th.db.select({ ip: loginFailures.ip }).from(loginFailures).where(eq(loginFailures.username, "xff.user"));
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(["203.0.113.6"]));
  });

  it("from a trusted proxy the client is the right-most untrusted X-Forwarded-For hop", async () => {
    for (let i = 0; i < 3; i++) await login("proxied.user", "x", "10.0.0.5", `6.6.6.${i}, 198.51.100.7, 10.0.0.6`);
    const rows = await th.db.select({ ip: loginFailures.ip }).from(loginFailures).where(eq(loginFailures.username, "proxied.user"));
    expect(rows.map((r) => r.ip)).toEqual(["198.51.100.7", "198.51.100.7", "198.51.100.7"]);
    expect((await login("proxied.user", "x", "10.0.0.5", "198.51.100.7")).status).toBe(429);
    // another client behind the same proxy is not locked
    expect((await login("proxied.user", "x", "10.0.0.5", "198.51.100.8")).status).toBe(401);
  });
});

describe("5. security headers: CSP, Permissions-Policy, no-store on API JSON", () => {
  it("every API answer carries the CSP (LiveKit's public URL in connect-src) and Permissions-Policy; JSON is not cached", async () => {
    const lk = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_PUBLIC_URL: "wss://live.example:7443", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s".repeat(32) });
    try {
      for (const res of [await lk.call("GET", "/api/v1/openapi.json"), await lk.call("GET", "/api/v1/auth/me"), await lk.call("GET", "/api/v1/nowhere")]) {
        const csp = res.headers.get("content-security-policy")!;
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).toMatch(/connect-src 'self' wss:\/\/live\.example:7443 https:\/\/live\.example:7443/);
        expect(csp).toMatch(/img-src 'self' data: blob:/);
        expect(csp).toContain("frame-ancestors 'none'");
        const pp = res.headers.get("permissions-policy")!;
        expect(pp).toContain("camera=(self)");
        expect(pp).toContain("microphone=(self)");
        expect(pp).toContain("geolocation=(self)");
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      }
    } finally {
      lk.close();
    }
  });

  it("without LiveKit connect-src is this origin only; the docs page keeps its own CSP for Swagger UI", async () => {
    const res = await t.call("GET", "/api/v1/openapi.json");
    expect(res.headers.get("content-security-policy")).toContain("connect-src 'self';");
    const docs = await t.call("GET", "/api/v1/docs");
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-security-policy")).toContain("https://cdn.jsdelivr.net");
    expect(docs.headers.get("permissions-policy")).toContain("camera=(self)");
  });
});
