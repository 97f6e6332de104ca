import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { deliveries, deliveryLines, menuDishes, orgs, recipeLines, supplierCanteens, supplierProfiles, traceWarnings, users } from "../../db/schema/index.ts";
import { newId } from "../../server/auth/tokens.ts";
import { addDays, chinaDay } from "../../server/ledgers/rules.ts";
import type { MediaStore } from "../../server/media-store/store.ts";
import { appendMoves } from "../../server/trace/stock.ts";
import { jpegFrame } from "./images.ts";

/**
 * Traceability rows written directly (issue 15), so a probe starts from the state it needs: a supplier serving
 * the canteen (the given one, else a fresh one), an accepted delivery with 1,000 kg of rice in stock, a dish that
 * used some, and a warning. The API paths themselves are tested in tests/integration/trace.test.ts.
 */
export interface TraceFixture {
  supplierId: string;
  deliveryId: string;
  lineId: string;
  dishId: string;
  moveId: string;
  warningId: string;
}

const PROFILE = { businessLicenceNo: "91420704MA4F000001", foodLicenceNo: "JY14207040000001", products: JSON.stringify(["大米"]) };

async function adminId(db: Db) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, "ezhou.admin"));
  return u!.id;
}

/** A supplier (the given one or a new one) with a current file, approved for the canteen. */
export async function servingSupplier(db: Db, canteenId: string, supplierId: string | null) {
  const now = Date.now();
  const id = supplierId ?? newId("org");
  if (!supplierId) await db.insert(orgs).values({ id, kind: "supplier", name: `矩阵供应商${id.slice(-6)}`, regionCode: "420704", createdAt: now });
  const expires = addDays(chinaDay(now), 365);
  await db.insert(supplierProfiles).values({ orgId: id, ...PROFILE, businessLicenceExpiresOn: expires, foodLicenceExpiresOn: expires, updatedAt: now }).onConflictDoNothing();
  await db.insert(supplierCanteens).values({ supplierId: id, canteenId, committeeConsulted: true, consultedOn: addDays(chinaDay(now), -1), consultationNote: "膳食委员会会议，同意选用", committeeSize: 7, approvedBy: await adminId(db), approvedAt: now }).onConflictDoNothing();
  return id;
}

/** A delivery of one batch of rice, pending or accepted (then in stock). */
export async function insertDelivery(db: Db, store: MediaStore, canteenId: string, supplierId: string, status: "pending" | "accepted") {
  const now = Date.now();
  const day = chinaDay(now);
  const by = await adminId(db);
  const cert = await store.put(jpegFrame(64, 36, 7), "image/jpeg", "evidence");
  const deliveryId = newId("dlv");
  const lineId = newId("dln");
  await db.insert(deliveries).values({ id: deliveryId, supplierId, canteenId, deliveredAt: now, day, status, createdBy: by, createdAt: now, receivedBy: status === "accepted" ? by : null, receivedAt: status === "accepted" ? now : null });
  await db.insert(deliveryLines).values({
    id: lineId, deliveryId, seq: 1, product: "大米", batchNo: `MX${lineId.slice(-6)}`, qtyMilli: 1_000_000, unit: "kg", productionDate: addDays(day, -5), shelfLifeDays: 365, expiresOn: addDays(day, 360),
    origin: "鄂州市梁子湖区稻田", originLicence: null, unitPriceFen: 420, certKey: cert.key, certSha256: cert.sha256, certType: "image/jpeg", certBytes: cert.bytes, status, refuseReason: null, ledgerEntryId: null,
  });
  let moveId = "";
  if (status === "accepted") {
    const [m] = await appendMoves(db, canteenId, [{ id: newId("stm"), kind: "received", lineId, product: "大米", qtyMilli: 1_000_000, dishId: null, correctsId: null, reason: null, at: now, day, byUser: by }]);
    moveId = m!.id;
  }
  return { deliveryId, lineId, moveId };
}

export async function insertTraceFixture(db: Db, store: MediaStore, canteenId: string, ownSupplierId: string | null): Promise<TraceFixture> {
  const supplierId = await servingSupplier(db, canteenId, ownSupplierId);
  const { deliveryId, lineId } = await insertDelivery(db, store, canteenId, supplierId, "accepted");
  const now = Date.now();
  const day = chinaDay(now);
  const by = await adminId(db);
  const dishId = newId("dsh");
  await db.insert(menuDishes).values({ id: dishId, canteenId, day, meal: "lunch", seq: 1, name: "矩阵米饭", students: 10, tolerancePct: 20, createdBy: by, createdAt: now });
  await db.insert(recipeLines).values({ dishId, product: "大米", perStudentMilli: 150, unit: "g" });
  const [used] = await appendMoves(db, canteenId, [{ id: newId("stm"), kind: "used", lineId, product: "大米", qtyMilli: -1500, dishId, correctsId: null, reason: null, at: now, day, byUser: by }]);
  const warningId = newId("twn");
  await db.insert(traceWarnings).values({ id: warningId, canteenId, kind: "use_off_plan", day, month: day.slice(0, 7), refId: dishId, detail: "{}", createdAt: now });
  return { supplierId, deliveryId, lineId, dishId, moveId: used!.id, warningId };
}
