/**
 * The canteen's public page and 一键投诉 (issue 13, items 3–4) through the API on a real libSQL file: the facts
 * without personal data, an unknown slug, a complaint with a photo and a tracking code, the school's answer, the
 * regulator's return and escalation with an injected clock, the phone masked everywhere, bad photos (413/415),
 * HTML kept verbatim, the per-address throttle (429).
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteenDisclosures, canteens, complaints } from "../../db/schema/index.ts";
import { Complaint, ComplaintPage, ComplaintReceipt, ComplaintTracking } from "../../server/complaints/contracts.ts";
import { MAX_COMPLAINT_PHOTO_BYTES } from "../../server/complaints/contracts.ts";
import { THROTTLE } from "../../server/complaints/rules.ts";
import { PublicCanteen } from "../../server/public/contracts.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { imageForm, jpegFrame } from "../support/images.ts";

let t: TestApp;
let clock = Date.UTC(2026, 10, 2, 2, 0); // 10:00 China time
let slug: string;
const tk = {} as Record<"principal" | "inspector" | "foreignInspector" | "parent" | "staff", string>;
let peer = 0;
/** each call from its own address unless told, so the throttle only bites where a test means it to */
const from = (address?: string) => ({ "x-test-peer": address ?? `10.1.${Math.floor(++peer / 250)}.${peer % 250}` });

function complaintForm(fields: Record<string, string>, photo?: { bytes: Uint8Array; type?: string }) {
  return photo ? imageForm("photo", [photo.bytes], fields, photo.type) : imageForm("photo", [], fields);
}
async function file(fields: Record<string, string> = {}, photo?: { bytes: Uint8Array; type?: string }, address?: string) {
  return t.call("POST", `/api/v1/public/canteens/${slug}/complaints`, { form: complaintForm({ category: "hygiene", text: "餐盘上有残渣", ...fields }, photo), headers: from(address) });
}

/** sessions expire as the clock jumps days ahead: sign in again */
async function signIn() {
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.parent = await t.login("school.parent");
  tk.staff = await t.login("school.staff");
}

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock, peerAddress: (c) => c.req.header("x-test-peer") ?? null });
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.id, t.demo.demoCanteenId));
  slug = canteen!.publicSlug;
  await t.db.insert(canteenDisclosures).values({ canteenId: canteen!.id, licenseValidUntil: "2028-06-30", liveFrom: "10:30", liveTo: "12:30", viewerCap: 50, updatedAt: clock });
  await signIn();
});
afterAll(() => t?.close());

describe("the public page", () => {
  it("shows the canteen's facts to anyone, without personal data", async () => {
    const res = await t.call("GET", `/api/v1/public/canteens/${slug}`);
    expect(res.status, res.text).toBe(200);
    const page = PublicCanteen.parse(res.json);
    expect(page.canteen.licenseValidUntil).toBe("2028-06-30");
    expect(page.hotlines).toEqual(["12315", "12331"]);
    expect(page.live).toMatchObject({ from: "10:30", to: "12:30", open: false, nextOpening: "2026-11-02T10:30:00.000+08:00" });
    expect(page.live.cameras.length).toBeGreaterThan(0);
    // nothing that names a person: no user ids, no display names of inspectors
    expect(res.text).not.toMatch(/usr_|巡查员|张敏/);
  });

  it("answers an unknown slug with a 404 that says so, and a malformed one with a 400", async () => {
    const res = await t.call("GET", "/api/v1/public/canteens/nosuchcanteen", { headers: { "accept-language": "zh-CN" } });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain("公示页");
    expect((await t.call("GET", "/api/v1/public/canteens/NOT%20A%20SLUG")).status).toBe(400);
  });

  it("says the cameras are open inside the school's hours", async () => {
    clock = Date.UTC(2026, 10, 2, 3, 0); // 11:00 China time
    const page = PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json);
    expect(page.live).toMatchObject({ open: true, nextOpening: null });
  });
});

describe("a complaint from the public page", () => {
  let code: string;
  let id: string;

  it("is filed with a photo, a phone and HTML kept verbatim, and gives a tracking code", async () => {
    const res = await file({ text: "<script>alert(1)</script> 饭菜里有头发", phone: "13812345678", category: "foreign_object" }, { bytes: jpegFrame(64, 36) });
    expect(res.status, res.text).toBe(201);
    const receipt = ComplaintReceipt.parse(res.json);
    code = receipt.code;
    expect(code).toMatch(/^[2-9A-Z]{10}$/);
    const [row] = await t.db.select().from(complaints).where(eq(complaints.code, code));
    id = row!.id;
    expect(row!.text).toBe("<script>alert(1)</script> 饭菜里有头发");
    expect(row!.photoSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("shows the filer its status by the code (lower case too), with no phone", async () => {
    const res = await t.call("GET", `/api/v1/public/complaints/${code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(ComplaintTracking.parse(res.json)).toMatchObject({ status: "open", answer: null });
    expect(res.text).not.toContain("1381234");
    expect((await t.call("GET", "/api/v1/public/complaints/ZZZZZZZZZZ")).status).toBe(404);
  });

  it("reaches the school and the district regulator with the phone masked, not a foreign district or a parent", async () => {
    const list = ComplaintPage.parse((await t.call("GET", `/api/v1/complaints?q=${code}`, { token: tk.principal })).json);
    expect(list.items.map((c) => c.id)).toEqual([id]);
    expect(list.items[0]!.phoneMasked).toBe("138****5678");
    const detail = await t.call("GET", `/api/v1/complaints/${id}`, { token: tk.inspector });
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain("13812345678");
    const photo = await t.call("GET", Complaint.parse(detail.json).photoUrl!, { token: tk.principal });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect((await t.call("GET", `/api/v1/complaints/${id}`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/complaints/${id}`, { token: tk.parent })).status).toBe(403);
    expect((await t.call("POST", `/api/v1/complaints/${id}/answer`, { token: tk.staff, body: { note: "x" } })).status).toBe(403);
  });

  it("cannot be escalated before its deadline; after it, the regulator escalates once", async () => {
    expect((await t.call("POST", `/api/v1/complaints/${id}/escalate`, { token: tk.inspector, body: {} })).status).toBe(409);
    clock += 4 * 24 * 3600_000;
    await signIn();
    const overdue = ComplaintPage.parse((await t.call("GET", "/api/v1/complaints?overdue=true", { token: tk.inspector })).json);
    expect(overdue.items.map((c) => c.id)).toContain(id);
    const res = await t.call("POST", `/api/v1/complaints/${id}/escalate`, { token: tk.inspector, body: { note: "请学校尽快答复" } });
    expect(res.status, res.text).toBe(200);
    expect(Complaint.parse(res.json)).toMatchObject({ status: "open", escalated: true, overdue: true });
    expect((await t.call("POST", `/api/v1/complaints/${id}/escalate`, { token: tk.inspector, body: {} })).status).toBe(409);
  });

  it("is answered by the school, returned by the regulator, answered again and closed; the code shows the answer", async () => {
    expect((await t.call("POST", `/api/v1/complaints/${id}/answer`, { token: tk.principal, body: { note: "" } })).status).toBe(400);
    let res = await t.call("POST", `/api/v1/complaints/${id}/answer`, { token: tk.principal, body: { note: "已核查，当餐厨师已停岗培训" } });
    expect(res.status, res.text).toBe(200);
    expect((await t.call("POST", `/api/v1/complaints/${id}/answer`, { token: tk.principal, body: { note: "again" } })).status).toBe(409);
    res = await t.call("POST", `/api/v1/complaints/${id}/return`, { token: tk.inspector, body: { note: "请说明整改措施" } });
    expect(Complaint.parse(res.json).status).toBe("open");
    expect(ComplaintTracking.parse((await t.call("GET", `/api/v1/public/complaints/${code}`)).json).answer).toBeNull();
    await t.call("POST", `/api/v1/complaints/${id}/answer`, { token: tk.principal, body: { note: "已更换发网并每日晨检核查" } });
    res = await t.call("POST", `/api/v1/complaints/${id}/close`, { token: tk.inspector, body: {} });
    const closed = Complaint.parse(res.json);
    expect(closed.status).toBe("closed");
    expect(closed.events.map((e) => e.type)).toEqual(["filed", "escalated", "answered", "returned", "answered", "closed"]);
    const tracked = ComplaintTracking.parse((await t.call("GET", `/api/v1/public/complaints/${code}`)).json);
    expect(tracked).toMatchObject({ status: "closed", answer: "已更换发网并每日晨检核查" });
  });
});

describe("bad input and abuse", () => {
  const rows = async () => (await t.db.select({ n: count() }).from(complaints))[0]!.n;

  it("refuses a photo that is too big (413) or not an image (415), storing nothing", async () => {
    const before = await rows();
    const big = new Uint8Array(MAX_COMPLAINT_PHOTO_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect((await file({}, { bytes: big })).status).toBe(413);
    const html = new TextEncoder().encode("<html>not an image</html>");
    const res = await file({}, { bytes: html, type: "image/jpeg" });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
    expect(await rows()).toBe(before);
  });

  it("refuses a missing text, an unknown category and a malformed phone (400)", async () => {
    expect((await file({ text: "  " })).status).toBe(400);
    expect((await file({ category: "nonsense" })).status).toBe(400);
    expect((await file({ phone: "12345" })).status).toBe(400);
  });

  it("throttles one address (429 with Retry-After), not the next", async () => {
    const address = "203.0.113.9";
    for (let i = 0; i < THROTTLE.complaints; i++) expect((await file({}, undefined, address)).status).toBe(201);
    const refused = await file({}, undefined, address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await file({}, undefined, "203.0.113.10")).status).toBe(201);
    clock += THROTTLE.windowMs + 1;
    expect((await file({}, undefined, address)).status).toBe(201);
  });

  it("records ratings 1–5 and counts them on the page", async () => {
    for (const stars of [5, 4]) expect((await t.call("POST", `/api/v1/public/canteens/${slug}/ratings`, { body: { stars }, headers: from() })).status).toBe(201);
    expect((await t.call("POST", `/api/v1/public/canteens/${slug}/ratings`, { body: { stars: 6 }, headers: from() })).status).toBe(400);
    const page = PublicCanteen.parse((await t.call("GET", `/api/v1/public/canteens/${slug}`)).json);
    expect(page.feedback.ratings).toBe(2);
    expect(page.feedback.averageStars).toBe(4.5);
    expect(page.feedback.complaints).toBeGreaterThan(5);
  });
});
