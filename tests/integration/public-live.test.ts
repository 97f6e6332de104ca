/**
 * Public live view from the canteen's page (issue 13, item 3 / 第二十二条): the school sets the hours and cap; an
 * anonymous, subscribe-only token inside the hours only (403 naming the next opening), the viewer cap and the
 * per-address throttle (429), nothing but public cameras.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, canteens } from "../../db/schema/index.ts";
import { PublicLiveToken } from "../../server/public/contracts.ts";
import { PUBLIC_TOKENS_PER_ADDRESS } from "../../server/public/live.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 2, 1, 0); // 09:00 China time
let slug: string;
let principal: string;
const from = (address: string) => ({ "x-test-peer": address });
const take = (address = "198.51.100.1") => t.call("POST", `/api/v1/public/canteens/${slug}/live-token`, { headers: from(address) });

beforeAll(async () => {
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "public", LIVEKIT_API_SECRET: "public-secret-public-secret-public-secret" }, { now: () => clock, peerAddress: (c) => c.req.header("x-test-peer") ?? null });
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
  slug = canteen!.publicSlug;
  principal = await t.login("school.principal");
});
afterAll(() => t?.close());

describe("public live view", () => {
  it("is closed until the school sets hours, then outside them names the next opening", async () => {
    expect((await take()).status).toBe(403);
    const set = await t.call("PUT", `/api/v1/canteens/${t.demo.demoCanteenId}/disclosure`, { token: principal, body: { liveFrom: "10:30", liveTo: "12:30", viewerCap: 3, licenseValidUntil: "2028-06-30" } });
    expect(set.status, set.text).toBe(200);
    expect((await t.call("PUT", `/api/v1/canteens/${t.demo.demoCanteenId}/disclosure`, { token: principal, body: { liveFrom: "25:00" } })).status).toBe(400);
    expect((await t.call("PUT", `/api/v1/canteens/${t.demo.demoCanteenId}/disclosure`, { token: await t.login("school.parent"), body: { viewerCap: 9 } })).status).toBe(403);
    const closed = await take();
    expect(closed.status).toBe(403);
    expect(closed.json.error.details).toEqual([{ path: "nextOpening", message: "2026-11-02T10:30:00.000+08:00" }]);
  });

  it("gives anyone a subscribe-only token inside the hours, for the public cameras", async () => {
    clock = Date.UTC(2026, 10, 2, 3, 0); // 11:00
    const res = await take();
    expect(res.status, res.text).toBe(200);
    const tok = PublicLiveToken.parse(res.json);
    const claims = JSON.parse(Buffer.from(tok.token.split(".")[1]!, "base64url").toString()) as { video: Record<string, unknown>; attributes: Record<string, string> };
    expect(claims.video).toMatchObject({ canSubscribe: true, canPublish: false, canPublishData: false });
    expect(claims.attributes).toMatchObject({ role: "parent_rep" });
    expect(claims.attributes.sessionCameras).toBeUndefined();
    const publicIds = (await t.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.canteenId, t.demo.demoCanteenId))).length;
    expect(tok.cameraIds.length).toBeGreaterThan(0);
    expect(tok.cameraIds.length).toBeLessThanOrEqual(publicIds);
  });

  it("refuses past the viewer cap with a clear 429, and one address asking too often", async () => {
    expect((await take("198.51.100.2")).status).toBe(200);
    expect((await take("198.51.100.3")).status).toBe(200);
    const full = await take("198.51.100.4");
    expect(full.status).toBe(429);
    expect(full.json.error.message).toContain("观看人数已满");
    await t.call("PUT", `/api/v1/canteens/${t.demo.demoCanteenId}/disclosure`, { token: principal, body: { viewerCap: 500 } });
    for (let i = 1; i < PUBLIC_TOKENS_PER_ADDRESS; i++) expect((await take()).status).toBe(200);
    const flood = await take();
    expect(flood.status).toBe(429);
    expect(flood.headers.get("retry-after")).toBeTruthy();
  });
});
