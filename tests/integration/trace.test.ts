/**
 * Farm-to-canteen traceability through the API on a real libSQL file (issue 15): the supplier's file and the
 * school's approval, a delivery with batches and certificates, its receipt (进货查验 ledger entries, stock in),
 * FIFO use for a dish, the stock chain and its verification after a direct edit, the trace both ways, warnings
 * on the to-do, and the bad input the issue lists.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, deliveries, deliveryLines, ledgerEntries, ledgerPhotos, orgs, stockMoves, supplierCanteens } from "../../db/schema/index.ts";
import { verifyAuditChain } from "../../server/audit/service.ts";
import { addDays, chinaDay } from "../../server/ledgers/rules.ts";
import { chainMoves } from "../../server/trace/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { base64, jpegFrame } from "../support/images.ts";
import { servingSupplier } from "../support/trace.ts";

let t: TestApp;
const tk = {} as Record<"staff" | "director" | "principal" | "inspector" | "foreignInspector" | "supplier" | "parent" | "edu", string>;
let canteenId: string;
let otherCanteenId: string;
let supplierId: string;
let schoolOrgId: string;
const today = () => chinaDay(Date.now());
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").toString("base64");

export const lineOf = (over: Record<string, unknown> = {}) => ({
  product: "大米",
  batchNo: "DM20261201",
  quantity: 50,
  unit: "kg",
  productionDate: addDays(today(), -10),
  shelfLifeDays: 180,
  origin: "湖北省鄂州市梁子湖区涂家垴镇万亩稻田合作社",
  originLicence: "SC10142070000123",
  unitPriceYuan: 4.2,
  certificate: base64(jpegFrame(64, 36, 3)),
  ...over,
});
const deliver = (lines: unknown[], target = canteenId, token = tk.supplier) => t.call("POST", "/api/v1/trace/deliveries", { token, body: { canteenId: target, lines } });

beforeAll(async () => {
  t = await startTestApp();
  tk.staff = await t.login("school.staff");
  tk.director = await t.login("school.director");
  tk.principal = await t.login("school.principal");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.supplier = await t.login("supplier.manager");
  tk.parent = await t.login("school.parent");
  tk.edu = await t.login("ezhou.edu");
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  schoolOrgId = org!.id;
  canteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id)))[0]!.id;
  const [other] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第二中学"));
  otherCanteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, other!.id)))[0]!.id;
  supplierId = (await t.db.select().from(orgs).where(eq(orgs.kind, "supplier")))[0]!.id;
});
afterAll(() => t?.close());

describe("the supplier's file and the school's approval", () => {
  it("the supplier opens on its file with no canteen yet, fills its licences, and the school approves it after consulting its parent committee", async () => {
    const consultation = { on: today(), note: "膳食委员会会议，家长代表到会，同意选用" };
    const mine = await t.call("GET", "/api/v1/trace/supplier", { token: tk.supplier });
    expect(mine.status).toBe(200);
    expect(mine.json.suppliers).toEqual([expect.objectContaining({ id: supplierId, profile: null, canteens: [] })]);
    // no file yet: the school cannot approve it
    const noFile = await t.call("POST", `/api/v1/trace/canteens/${canteenId}/suppliers`, { token: tk.principal, body: { supplierId, consultation } });
    expect(noFile.status).toBe(409);
    expect(noFile.json.error.message).toContain("供应商档案");
    const profile = { businessLicenceNo: "91420704MA4F2X3Y1K", businessLicenceExpiresOn: addDays(today(), 400), foodLicenceNo: "JY14207040012345", foodLicenceExpiresOn: addDays(today(), 20), products: ["大米", "食用油", "青菜", "猪肉"] };
    const saved = await t.call("PUT", `/api/v1/trace/suppliers/${supplierId}`, { token: tk.supplier, body: profile });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.profile.foodLicence).toBe("within_30_days");
    // not its org: 404
    expect((await t.call("PUT", `/api/v1/trace/suppliers/${otherCanteenId}`, { token: tk.supplier, body: profile })).status).toBe(404);
    const list = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/suppliers`, { token: tk.principal });
    expect(list.json.candidates.map((s: { id: string }) => s.id)).toContain(supplierId);
    // before approval, a delivery to the canteen is a 404 (the supplier does not serve it)
    expect((await deliver([lineOf()])).status).toBe(404);
    const approve = (body: unknown) => t.call("POST", `/api/v1/trace/canteens/${canteenId}/suppliers`, { token: tk.principal, body });
    // the parent committee must be consulted: without the record, a clear 409; the old flag alone is not the record
    const unconsulted = await approve({ supplierId });
    expect(unconsulted.status).toBe(409);
    expect(unconsulted.json.error).toMatchObject({ code: "conflict", message: expect.stringContaining("膳食委员会"), details: [{ path: "consultation", message: "committee_not_consulted" }] });
    expect((await approve({ supplierId, committeeConsulted: true })).status).toBe(400);
    expect((await approve({ supplierId, consultation: { on: today(), note: "" } })).status).toBe(400);
    const future = await approve({ supplierId, consultation: { on: addDays(today(), 1), note: "膳食委员会会议，同意" } });
    expect(future.status).toBe(400);
    expect(future.json.error.details).toEqual([{ path: "consultation.on", message: "consulted_after_approval" }]);
    // a committee with nobody seated that day was not consulted
    const empty = await approve({ supplierId, consultation });
    expect(empty.status).toBe(409);
    expect(empty.json.error.details[0].message).toContain("committee_empty");
    const committee = await t.call("GET", `/api/v1/committee?orgId=${schoolOrgId}`, { token: tk.principal });
    const parentUser = committee.json.candidates.find((c: { username: string }) => c.username === "school.parent");
    expect((await t.call("POST", "/api/v1/committee", { token: tk.principal, body: { orgId: schoolOrgId, userId: parentUser.userId, grade: "七年级", term: "2026—2027学年" } })).status).toBe(201);
    // seated today: a consultation dated yesterday still had nobody to consult
    expect((await approve({ supplierId, consultation: { ...consultation, on: addDays(today(), -1) } })).status).toBe(409);
    expect((await t.db.select({ n: count() }).from(supplierCanteens))[0]!.n).toBe(0);
    const approved = await approve({ supplierId, consultation });
    expect(approved.status, approved.text).toBe(201);
    expect(approved.json.served).toEqual([expect.objectContaining({ id: supplierId, committeeConsulted: true, consultation: { ...consultation, committeeSize: 1 } })]);
    // the school's parents see the choice and the consultation; staff and the supplier do not; a foreign inspector finds no school
    const seen = await t.call("GET", `/api/v1/trace/schools/${schoolOrgId}/suppliers`, { token: tk.parent });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json.approvals).toEqual([expect.objectContaining({ supplier: expect.objectContaining({ id: supplierId, foodLicence: "within_30_days" }), canteen: expect.objectContaining({ id: canteenId }), consultation: { ...consultation, committeeSize: 1 } })]);
    expect((await t.call("GET", `/api/v1/trace/schools/${schoolOrgId}/suppliers`, { token: tk.inspector })).status).toBe(200);
    expect((await t.call("GET", `/api/v1/trace/schools/${schoolOrgId}/suppliers`, { token: tk.staff })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/trace/schools/${schoolOrgId}/suppliers`, { token: tk.supplier })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/trace/schools/${schoolOrgId}/suppliers`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/trace/supplier", { token: tk.supplier })).json.suppliers[0].canteens.map((c: { id: string }) => c.id)).toEqual([canteenId]);
    // its food licence runs out within 30 days: on the school's to-do, like a health certificate
    const todo = await t.call("GET", "/api/v1/todo", { token: tk.principal });
    expect(todo.json.counts.supplier_licence).toBe(1);
    expect(todo.json.items.find((i: { kind: string }) => i.kind === "supplier_licence")).toMatchObject({ id: supplierId, overdue: false, href: "/trace?tab=suppliers" });
  });
});

let deliveryId: string;
let lines: Array<{ id: string; product: string }>;

describe("a delivery and its receipt", () => {
  it("refuses bad input with clear 4xx and writes nothing", async () => {
    const before = (await t.db.select({ n: count() }).from(deliveries))[0]!.n;
    expect((await deliver([lineOf()], otherCanteenId)).status).toBe(404);
    expect((await deliver([lineOf({ quantity: 0 })])).status).toBe(400);
    expect((await deliver([lineOf({ quantity: -3 })])).status).toBe(400);
    const future = await deliver([lineOf({ productionDate: addDays(today(), 2) })]);
    expect(future.status).toBe(400);
    expect(future.json.error.details[0].message).toBe("produced_after_delivery");
    const stale = await deliver([lineOf(), lineOf({ productionDate: addDays(today(), -30), shelfLifeDays: 3 })]);
    expect(stale.status).toBe(400);
    expect(stale.json.error.details[0]).toEqual({ path: "lines.1", message: "expired_on_arrival" });
    expect((await deliver([lineOf({ certificate: base64(new TextEncoder().encode("<html>not a picture</html>")) })])).status).toBe(415);
    expect((await t.call("POST", "/api/v1/trace/deliveries", { token: tk.staff, body: { canteenId, lines: [lineOf()] } })).status).toBe(403);
    expect((await t.db.select({ n: count() }).from(deliveries))[0]!.n).toBe(before);
  });

  it("the supplier delivers three batches (one certificate a PDF); the canteen accepts two and refuses one with a reason", async () => {
    const res = await deliver([
      lineOf(),
      lineOf({ product: "青菜", batchNo: "QC1202", quantity: 30, productionDate: today(), shelfLifeDays: 3, origin: "鄂州市华容区蔬菜基地", certificate: PDF }),
      lineOf({ product: "猪肉", batchNo: "ZR1202", quantity: 20, productionDate: today(), shelfLifeDays: 2, origin: "鄂州市定点屠宰场" }),
    ]);
    expect(res.status, res.text).toBe(201);
    expect(res.json.status).toBe("pending");
    expect(res.json.lines[1].certificate.contentType).toBe("application/pdf");
    expect(res.json.lines[0].unitPriceYuan).toBe(4.2);
    deliveryId = res.json.id;
    lines = res.json.lines;
    // the certificate is served to both sides, not to a foreign regulator
    const cert = await t.call("GET", lines[0]!.id ? `/api/v1/trace/lines/${lines[0]!.id}/certificate` : "", { token: tk.staff });
    expect(cert.status).toBe(200);
    expect(cert.headers.get("content-type")).toBe("image/jpeg");
    expect((await t.call("GET", `/api/v1/trace/lines/${lines[0]!.id}/certificate`, { token: tk.foreignInspector })).status).toBe(404);
    // a regulator reads it without prices
    const seen = await t.call("GET", `/api/v1/trace/deliveries/${deliveryId}`, { token: tk.inspector });
    expect(seen.status).toBe(200);
    expect(seen.json.lines[0].unitPriceYuan).toBeNull();

    // bad receipts: a refusal without a reason, a line left out, the supplier itself receiving
    expect((await t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token: tk.staff, body: { lines: lines.map((l) => ({ lineId: l.id, accepted: false })) } })).status).toBe(400);
    expect((await t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token: tk.staff, body: { lines: [{ lineId: lines[0]!.id, accepted: true }] } })).status).toBe(400);
    expect((await t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token: tk.supplier, body: { lines: lines.map((l) => ({ lineId: l.id, accepted: true })) } })).status).toBe(403);

    const receipt = { lines: [{ lineId: lines[0]!.id, accepted: true }, { lineId: lines[1]!.id, accepted: true }, { lineId: lines[2]!.id, accepted: false, reason: "肉色发暗，检疫合格证明与批次不符" }] };
    const received = await t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token: tk.staff, body: receipt });
    expect(received.status, received.text).toBe(200);
    expect(received.json.status).toBe("partly");
    expect(received.json.lines.map((l: { status: string }) => l.status)).toEqual(["accepted", "accepted", "refused"]);
    expect(received.json.lines[2].refuseReason).toContain("检疫");
    // again: 409, nothing doubled
    expect((await t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token: tk.staff, body: receipt })).status).toBe(409);

    // 进货查验: one ledger entry per batch, the refused one flagged, the image certificate attached
    const entries = await t.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.canteenId, canteenId), eq(ledgerEntries.kind, "purchase_inspection")));
    expect(entries).toHaveLength(3);
    expect(entries.filter((e) => e.flagged)).toHaveLength(1);
    const photos = await t.db.select().from(ledgerPhotos).where(eq(ledgerPhotos.entryId, received.json.lines[0].ledgerEntryId));
    expect(photos).toHaveLength(1);
    const ledgerPhoto = await t.call("GET", `/api/v1/ledgers/entries/${received.json.lines[0].ledgerEntryId}/photos/${photos[0]!.id}`, { token: tk.director });
    expect(ledgerPhoto.status).toBe(200);
    // the PDF certificate of the greens is kept with its entry too: the ledger shows the document either way
    const pdfEntry = await t.call("GET", `/api/v1/ledgers/entries/${received.json.lines[1].ledgerEntryId}`, { token: tk.director });
    expect(pdfEntry.status, pdfEntry.text).toBe(200);
    expect(pdfEntry.json.photos).toEqual([expect.objectContaining({ contentType: "application/pdf", sha256: received.json.lines[1].certificate.sha256 })]);
    const pdf = await t.call("GET", `/api/v1/ledgers/entries/${received.json.lines[1].ledgerEntryId}/photos/${pdfEntry.json.photos[0].id}`, { token: tk.director });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.text.startsWith("%PDF")).toBe(true);

    // stock: the two accepted batches only
    const stock = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock`, { token: tk.staff });
    expect(stock.json.products.map((p: { product: string; onHand: number }) => [p.product, p.onHand])).toEqual([["大米", 50], ["青菜", 30]]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("the supplier lists only its own deliveries; a foreign inspector sees none", async () => {
    const mine = await t.call("GET", "/api/v1/trace/deliveries", { token: tk.supplier });
    expect(mine.json.items.map((d: { id: string }) => d.id)).toContain(deliveryId);
    expect((await t.call("GET", "/api/v1/trace/deliveries", { token: tk.foreignInspector })).json.items).toEqual([]);
    expect((await t.call("GET", `/api/v1/trace/deliveries/${deliveryId}`, { token: tk.foreignInspector })).status).toBe(404);
    // the supplier does not see the canteen's stock
    expect((await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock`, { token: tk.supplier })).status).toBe(404);
  });
});

let dishId: string;
let riceDishId: string;

describe("menus, the day's use, FIFO and the chain", () => {
  it("sets a menu (a recipe quantity out of range is refused)", async () => {
    const menu = (perStudent: number) => ({ canteenId, day: today(), meal: "lunch", dishes: [{ name: "清炒青菜", students: 100, ingredients: [{ product: "青菜", perStudent, unit: "g" }] }, { name: "米饭", students: 100, ingredients: [{ product: "大米", perStudent: 150, unit: "g" }] }] });
    const bad = await t.call("POST", "/api/v1/trace/menus", { token: tk.director, body: menu(5000) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("dishes.0.ingredients.0.perStudent");
    expect((await t.call("POST", "/api/v1/trace/menus", { token: tk.staff, body: menu(100) })).status).toBe(403);
    const res = await t.call("POST", "/api/v1/trace/menus", { token: tk.director, body: menu(100) });
    expect(res.status, res.text).toBe(201);
    expect(res.json.dishes[0].ingredients[0]).toEqual({ product: "青菜", unit: "g", planned: 10000, used: 0, offPlan: false });
    dishId = res.json.dishes[0].id;
    riceDishId = res.json.dishes[1].id;
  });

  it("using more than on hand is a 409 with the stock shown, nothing written, and a warning", async () => {
    const before = (await t.db.select({ n: count() }).from(stockMoves))[0]!.n;
    const res = await t.call("POST", `/api/v1/trace/dishes/${dishId}/uses`, { token: tk.staff, body: { lines: [{ product: "青菜", quantity: 31, unit: "kg" }] } });
    expect(res.status).toBe(409);
    expect(res.json.error.details.map((d: { message: string }) => d.message).join("\n")).toContain("QC1202: 30 kg on hand");
    expect((await t.db.select({ n: count() }).from(stockMoves))[0]!.n).toBe(before);
    const warnings = await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: tk.director });
    expect(warnings.json.items.map((w: { kind: string }) => w.kind)).toContain("stock_negative");
  });

  it("records the day's use FIFO; off-plan use is warned and reaches the to-do", async () => {
    const res = await t.call("POST", `/api/v1/trace/dishes/${dishId}/uses`, { token: tk.staff, body: { lines: [{ product: "青菜", quantity: 10, unit: "kg" }] } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.moves).toEqual([expect.objectContaining({ kind: "used", quantity: -10, batchNo: "QC1202", dishId })]);
    expect(res.json.warnings).toEqual([]);
    const rice = await t.call("POST", `/api/v1/trace/dishes/${riceDishId}/uses`, { token: tk.staff, body: { lines: [{ product: "大米", quantity: 25000, unit: "g" }] } });
    expect(rice.status).toBe(201);
    expect(rice.json.dish.ingredients[0]).toMatchObject({ planned: 15000, used: 25000, offPlan: true });
    expect(rice.json.warnings).toEqual(["use_off_plan"]);
    // off plan for the dish and for the day; a further use of a dish already off plan warns no more
    const offPlan = async () => (await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: tk.director })).json.items.filter((w: { kind: string }) => w.kind === "use_off_plan");
    expect((await offPlan()).map((w: { refId: string }) => w.refId).sort()).toEqual([riceDishId, `${canteenId}:${today()}`].sort());
    const again = await t.call("POST", `/api/v1/trace/dishes/${riceDishId}/uses`, { token: tk.staff, body: { lines: [{ product: "大米", quantity: 0.5, unit: "kg" }] } });
    expect(again.json.warnings).toEqual([]);
    expect(await offPlan()).toHaveLength(2);
    const todo = await t.call("GET", "/api/v1/todo", { token: tk.principal });
    expect(todo.json.counts.trace_warning).toBeGreaterThanOrEqual(2);
    // a recorded meal's menu is not replaced
    expect((await t.call("POST", "/api/v1/trace/menus", { token: tk.director, body: { canteenId, day: today(), meal: "lunch", dishes: [{ name: "青菜", students: 1, ingredients: [{ product: "青菜", perStudent: 1, unit: "g" }] }] } })).status).toBe(409);
  });

  it("moves are append-only; a correction is a compensating move; a discard cannot go below zero", async () => {
    const moves = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.staff });
    const used = moves.json.items.find((m: { kind: string; product: string }) => m.kind === "used" && m.product === "青菜");
    expect((await t.call("PATCH", `/api/v1/trace/stock-moves/${used.id}`, { token: tk.staff, body: { quantity: 1 } })).status).toBe(405);
    expect((await t.call("DELETE", `/api/v1/trace/stock-moves/${used.id}`, { token: tk.staff })).status).toBe(405);
    const fix = await t.call("POST", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.staff, body: { kind: "correction", lineId: used.lineId, quantity: 1.5, reason: "称重录多，补回", correctsId: used.id } });
    expect(fix.status, fix.text).toBe(201);
    expect(fix.json.correctsId).toBe(used.id);
    expect((await t.call("POST", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.staff, body: { kind: "discarded", lineId: used.lineId, quantity: 100, reason: "变质" } })).status).toBe(409);
    expect((await t.call("POST", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.staff, body: { kind: "discarded", lineId: used.lineId, quantity: -1, reason: "变质" } })).status).toBe(400);
    expect((await t.call("POST", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.staff, body: { kind: "discarded", lineId: lines[2]!.id, quantity: 1, reason: "变质" } })).status).toBe(404);
    const stock = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock`, { token: tk.staff });
    expect(stock.json.products.find((p: { product: string }) => p.product === "青菜").onHand).toBe(21.5);
  });

  it("traces the dish back to the batch, the supplier and the origin; and the batch forward to the meal", async () => {
    const back = await t.call("GET", `/api/v1/trace/dishes/${dishId}/trace`, { token: tk.inspector });
    expect(back.status).toBe(200);
    expect(back.json.batches).toEqual([expect.objectContaining({ product: "青菜", batchNo: "QC1202", used: 10, origin: "鄂州市华容区蔬菜基地", supplier: expect.objectContaining({ id: supplierId, foodLicenceNo: "JY14207040012345" }) })]);
    const forward = await t.call("GET", `/api/v1/trace/lines/${back.json.batches[0].lineId}/trace`, { token: tk.supplier });
    expect(forward.status).toBe(200);
    expect(forward.json.meals).toEqual([expect.objectContaining({ dishId, dishName: "清炒青菜", canteenId, used: 10 })]);
    expect((await t.call("GET", `/api/v1/trace/dishes/${dishId}/trace`, { token: tk.foreignInspector })).status).toBe(404);
  });

  it("costs the month's meals per student against the school's budget; the supplier and staff see no cost", async () => {
    const budget = await t.call("PUT", `/api/v1/trace/canteens/${canteenId}/budget`, { token: tk.principal, body: { perMealYuan: 1.2 } });
    expect(budget.status, budget.text).toBe(200);
    expect((await t.call("PUT", `/api/v1/trace/canteens/${canteenId}/budget`, { token: tk.principal, body: { perMealYuan: -1 } })).status).toBe(400);
    const cost = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/cost`, { token: tk.edu });
    expect(cost.status).toBe(200);
    expect(cost.json.months).toHaveLength(6);
    // 25.5 kg of rice and 10 kg of greens at 4.2 yuan/kg for one lunch of 100 students
    expect(cost.json.months[5]).toEqual({ month: today().slice(0, 7), costYuan: 149.1, studentMeals: 100, perMealYuan: 1.49, overBudget: true });
    expect(cost.json.budgetYuan).toBe(1.2);
    expect((await t.call("GET", `/api/v1/trace/canteens/${canteenId}/cost`, { token: tk.staff })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/trace/canteens/${canteenId}/cost`, { token: tk.supplier })).status).toBe(403);
  });

  it("warns of a delivery far above the menu's needs and of an expired batch used, and counts them for the regulator", async () => {
    const big = await deliver([lineOf({ product: "青菜", batchNo: "QC1206", quantity: 40, productionDate: today(), shelfLifeDays: 3 })]);
    expect(big.status).toBe(201);
    const got = await t.call("POST", `/api/v1/trace/deliveries/${big.json.id}/receipt`, { token: tk.staff, body: { lines: [{ lineId: big.json.lines[0].id, accepted: true }] } });
    expect(got.json.status).toBe("accepted");
    // the batch turns out to be past its date (a label misread at receipt); staff name it explicitly
    await t.db.update(deliveryLines).set({ expiresOn: addDays(today(), -1) }).where(eq(deliveryLines.id, big.json.lines[0].id));
    const used = await t.call("POST", `/api/v1/trace/dishes/${dishId}/uses`, { token: tk.staff, body: { lines: [{ product: "青菜", quantity: 1, unit: "kg", lineId: big.json.lines[0].id }] } });
    expect(used.status, used.text).toBe(201);
    expect(used.json.warnings).toContain("expired_batch_used");
    const kinds = (await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: tk.director })).json.items.map((w: { kind: string }) => w.kind);
    expect(kinds).toEqual(expect.arrayContaining(["over_delivery", "expired_batch_used", "stock_negative", "use_off_plan"]));
    const overview = await t.call("GET", "/api/v1/trace/warnings/overview", { token: tk.inspector });
    expect(overview.json.byKind).toMatchObject({ over_delivery: 1, expired_batch_used: 1 });
    expect(overview.json.districts.map((d: { regionCode: string }) => d.regionCode)).toEqual(["420704"]);
    expect((await t.call("GET", "/api/v1/trace/warnings/overview", { token: tk.foreignInspector })).json.total).toBe(0);
  });

  it("verify finds a direct edit, a deletion and an insertion in the chain", async () => {
    const ok = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector });
    expect(ok.json).toMatchObject({ ok: true, broken: { count: 0 } });
    const rows = await t.db.select().from(stockMoves).where(eq(stockMoves.canteenId, canteenId)).orderBy(stockMoves.seq);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    await t.db.update(stockMoves).set({ qtyMilli: -1000 }).where(eq(stockMoves.id, rows[2]!.id));
    const edited = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector });
    expect(edited.json.ok).toBe(false);
    expect(edited.json.broken.first).toEqual([{ seq: rows[2]!.seq, reason: "edited" }]);
    await t.db.update(stockMoves).set({ qtyMilli: rows[2]!.qtyMilli }).where(eq(stockMoves.id, rows[2]!.id));
    await t.db.delete(stockMoves).where(eq(stockMoves.id, rows[1]!.id));
    const deleted = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector });
    expect(deleted.json.broken.first).toEqual([{ seq: rows[2]!.seq, reason: "deleted_before" }]);
    await t.db.insert(stockMoves).values({ ...rows[1]!, id: "stm_inserted000", qtyMilli: 5000 });
    const inserted = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector });
    expect(inserted.json.broken.first).toEqual([{ seq: rows[1]!.seq, reason: "edited" }]);
    await t.db.delete(stockMoves).where(eq(stockMoves.id, "stm_inserted000"));
    await t.db.insert(stockMoves).values(rows[1]!);
    expect((await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector })).json.ok).toBe(true);
  });

  it("verify finds the newest moves deleted, and a move added at the end with a correct hash", async () => {
    const verify = async () => (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector })).json;
    const rows = await t.db.select().from(stockMoves).where(eq(stockMoves.canteenId, canteenId)).orderBy(stockMoves.seq);
    const last = rows[rows.length - 1]!;
    // every link before it still checks out: only the recorded head shows the loss
    await t.db.delete(stockMoves).where(eq(stockMoves.id, last.id));
    expect(await verify()).toMatchObject({ ok: false, broken: { count: 1, first: [{ seq: last.seq, reason: "deleted_at_end" }] } });
    await t.db.insert(stockMoves).values(last);
    expect((await verify()).ok).toBe(true);
    // a forged row chained correctly onto the end
    const { seq: _seq, prevHash: _prev, hash: _hash, ...fields } = last;
    const [forged] = chainMoves({ seq: last.seq, hash: last.hash }, [{ ...fields, id: "stm_forged00000", qtyMilli: 1000, reason: "伪造" }]);
    await t.db.insert(stockMoves).values(forged as typeof stockMoves.$inferInsert);
    expect(await verify()).toMatchObject({ ok: false, broken: { first: [{ seq: last.seq + 1, reason: "added_at_end" }] } });
    await t.db.delete(stockMoves).where(eq(stockMoves.id, "stm_forged00000"));
    expect((await verify()).ok).toBe(true);
  });
});

describe("what the audit found untested: a return, an expired licence, a custom tolerance, a recall across canteens", () => {
  const move = (body: unknown, token = tk.staff) => t.call("POST", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token, body });
  const onHand = async (product: string) => (await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock`, { token: tk.staff })).json.products.find((p: { product: string }) => p.product === product)?.onHand;

  it("returns part of a batch to the supplier with a reason: a `returned` move out of stock, chained, never more than on hand", async () => {
    const rice = lines[0]!.id;
    const before = await onHand("大米");
    expect((await move({ kind: "returned", lineId: rice, quantity: 4.5 })).status).toBe(400); // a reason is required
    expect((await move({ kind: "returned", lineId: rice, quantity: before + 1, reason: "包装破损" })).status).toBe(409);
    expect((await move({ kind: "returned", lineId: rice, quantity: 1, reason: "包装破损" }, tk.supplier)).status).toBe(403);
    const res = await move({ kind: "returned", lineId: rice, quantity: 4.5, reason: "包装破损受潮，退回供应商" });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ kind: "returned", lineId: rice, batchNo: "DM20261201", quantity: -4.5, reason: "包装破损受潮，退回供应商" });
    expect(await onHand("大米")).toBe(before - 4.5);
    const moves = await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves`, { token: tk.inspector });
    expect(moves.json.items.filter((m: { kind: string }) => m.kind === "returned").map((m: { id: string }) => m.id)).toEqual([res.json.id]);
    expect((await t.call("GET", `/api/v1/trace/canteens/${canteenId}/stock-moves/verify`, { token: tk.inspector })).json.ok).toBe(true);
  });

  it("a delivery from a supplier whose licence ran out is warned; approving that supplier is a 409", async () => {
    const profile = { businessLicenceNo: "91420704MA4F2X3Y1K", businessLicenceExpiresOn: addDays(today(), 400), foodLicenceNo: "JY14207040012345", foodLicenceExpiresOn: addDays(today(), -1), products: ["大米", "食用油", "青菜", "猪肉"] };
    expect((await t.call("PUT", `/api/v1/trace/suppliers/${supplierId}`, { token: tk.supplier, body: profile })).status).toBe(200);
    const late = await deliver([lineOf({ product: "食用油", batchNo: "YY1205", quantity: 10, unit: "L", shelfLifeDays: 365 })]);
    expect(late.status, late.text).toBe(201);
    const warnings = await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: tk.director });
    expect(warnings.json.items.find((w: { kind: string }) => w.kind === "supplier_licence_expired")).toMatchObject({ refId: late.json.id, detail: { supplierId, foodLicenceExpiresOn: addDays(today(), -1) } });
    const renewal = await t.call("POST", `/api/v1/trace/canteens/${canteenId}/suppliers`, { token: tk.principal, body: { supplierId, consultation: { on: today(), note: "膳食委员会会议，同意续用" } } });
    expect(renewal.status).toBe(409);
    expect(renewal.json.error).toMatchObject({ code: "conflict", message: expect.stringContaining("过期"), details: [{ path: "supplierId", message: expect.stringContaining("supplier_licence_expired") }] });
    // the licence renewed, the same approval goes through
    expect((await t.call("PUT", `/api/v1/trace/suppliers/${supplierId}`, { token: tk.supplier, body: { ...profile, foodLicenceExpiresOn: addDays(today(), 300) } })).status).toBe(200);
    expect((await t.call("POST", `/api/v1/trace/canteens/${canteenId}/suppliers`, { token: tk.principal, body: { supplierId, consultation: { on: today(), note: "膳食委员会会议，同意续用" } } })).status).toBe(201);
  });

  it("a dish's own tolerance decides when its use is off plan", async () => {
    const day = addDays(today(), 1);
    const rice = (name: string, tolerancePct: number) => ({ name, students: 10, tolerancePct, ingredients: [{ product: "大米", perStudent: 100, unit: "g" }] });
    const menu = await t.call("POST", "/api/v1/trace/menus", { token: tk.director, body: { canteenId, day, meal: "lunch", dishes: [rice("宽松米饭", 50), rice("严格米饭", 5)] } });
    expect(menu.status, menu.text).toBe(201);
    const [wide, strict] = menu.json.dishes as Array<{ id: string; tolerancePct: number }>;
    expect([wide!.tolerancePct, strict!.tolerancePct]).toEqual([50, 5]);
    // 1.3 kg for a plan of 1 kg: 30% over — within 50%, beyond 5% (and beyond the default 20%)
    const use = (id: string) => t.call("POST", `/api/v1/trace/dishes/${id}/uses`, { token: tk.staff, body: { lines: [{ product: "大米", quantity: 1.3, unit: "kg" }] } });
    const a = await use(wide!.id);
    expect(a.status, a.text).toBe(201);
    expect(a.json.dish.ingredients[0]).toMatchObject({ planned: 1000, used: 1300, offPlan: false });
    expect(a.json.warnings).toEqual([]);
    const b = await use(strict!.id);
    expect(b.json.dish.ingredients[0]).toMatchObject({ planned: 1000, used: 1300, offPlan: true });
    expect(b.json.warnings).toEqual(["use_off_plan"]);
    const items = (await t.call("GET", `/api/v1/trace/warnings?canteenId=${canteenId}`, { token: tk.director })).json.items as Array<{ kind: string; refId: string; detail: { tolerancePct?: number } }>;
    expect(items.find((w) => w.refId === strict!.id)).toMatchObject({ kind: "use_off_plan", detail: { tolerancePct: 5 } });
    expect(items.some((w) => w.refId === wide!.id)).toBe(false);
  });

  it("a recall of one batch reaches the meals of both canteens it was delivered to", async () => {
    // the second school's own staff and director, made by the city's admin
    const admin = await t.login("ezhou.admin");
    const [other] = await t.db.select().from(canteens).where(eq(canteens.id, otherCanteenId));
    const account = async (username: string, role: string) => {
      const made = await t.call("POST", "/api/v1/users", { token: admin, body: { username, displayName: username, password: "long-enough-password-1", orgId: other!.orgId, role } });
      expect(made.status, made.text).toBe(201);
      return t.login(username, "long-enough-password-1");
    };
    const staff2 = await account("school2.staff", "canteen_staff");
    const director2 = await account("school2.director", "food_safety_director");
    await servingSupplier(t.db, otherCanteenId, supplierId);
    // the same batch of greens to both canteens, each received and cooked
    const batch = { product: "青菜", batchNo: "QC-RECALL", quantity: 20, productionDate: today(), shelfLifeDays: 3, origin: "鄂州市华容区蔬菜基地" };
    const meals: string[] = [];
    for (const [target, staffToken, directorToken, dish] of [[canteenId, tk.staff, tk.director, "蒜蓉青菜"], [otherCanteenId, staff2, director2, "青菜豆腐汤"]] as const) {
      const d = await deliver([lineOf(batch)], target);
      expect(d.status, d.text).toBe(201);
      const lineId = d.json.lines[0].id as string;
      expect((await t.call("POST", `/api/v1/trace/deliveries/${d.json.id}/receipt`, { token: staffToken, body: { lines: [{ lineId, accepted: true }] } })).status).toBe(200);
      const menu = await t.call("POST", "/api/v1/trace/menus", { token: directorToken, body: { canteenId: target, day: addDays(today(), 2), meal: "lunch", dishes: [{ name: dish, students: 50, ingredients: [{ product: "青菜", perStudent: 100, unit: "g" }] }] } });
      expect(menu.status, menu.text).toBe(201);
      const used = await t.call("POST", `/api/v1/trace/dishes/${menu.json.dishes[0].id}/uses`, { token: staffToken, body: { lines: [{ product: "青菜", quantity: 5, unit: "kg", lineId }] } });
      expect(used.status, used.text).toBe(201);
      meals.push(lineId);
    }
    // the district inspector recalls the batch from the first canteen's line: both canteens, both meals
    const recall = await t.call("GET", `/api/v1/trace/lines/${meals[0]}/trace`, { token: tk.inspector });
    expect(recall.status, recall.text).toBe(200);
    expect(recall.json.lines.map((l: { lineId: string }) => l.lineId).sort()).toEqual([...meals].sort());
    expect(recall.json.canteens.map((c: { id: string; meals: number }) => [c.id, c.meals]).sort()).toEqual([[canteenId, 1], [otherCanteenId, 1]].sort());
    expect(recall.json.meals.map((m: { dishName: string; canteenId: string; used: number }) => [m.dishName, m.canteenId, m.used]).sort()).toEqual([["蒜蓉青菜", canteenId, 5], ["青菜豆腐汤", otherCanteenId, 5]].sort());
    // the first school sees only its own part of the recall
    const own = await t.call("GET", `/api/v1/trace/lines/${meals[0]}/trace`, { token: tk.director });
    expect(own.json.canteens.map((c: { id: string }) => c.id)).toEqual([canteenId]);
  });
});
