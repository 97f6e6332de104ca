import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, deliveries, deliveryLines, orgs } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { ApiError, conflict, invalid, notFound } from "../http/errors.ts";
import { nowOf, type AppDeps, type Caller } from "../http/env.ts";
import { keyset } from "../http/pagination.ts";
import { decodeImage } from "../media-store/decode.ts";
import { mediaStoreOf, type MediaContentType, type StoredMedia } from "../media-store/store.ts";
import { CLOCK_SKEW_MS, chinaDay } from "../ledgers/rules.ts";
import { type Scope } from "../scope/actor.ts";
import { deliveryInScope, lineInScope, managedSuppliers, scopedDeliveries, servedCanteen } from "../scope/trace.ts";
import type { CreateDelivery, DeliveriesQuery } from "./contracts.ts";
import { MAX_CERTIFICATE_BYTES } from "./contracts.ts";
import { deliveryLineProblem, expiresOn, fromMilli, toMilli } from "./rules.ts";
import { licenceExpired, profileOf } from "./suppliers.ts";
import { raiseWarnings } from "./warnings.ts";

/** 配送单 (issue 15, item 2): made by the supplier's manager for a canteen it serves; read by both sides. */

/** A certificate is a JPEG or PNG that decodes whole, or a PDF (header and end marker): the bytes decide. */
export function certificateType(bytes: Uint8Array): MediaContentType | null {
  const image = decodeImage(bytes);
  if (image) return image.contentType;
  const head = Buffer.from(bytes.subarray(0, 5)).toString("latin1");
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString("latin1");
  return head === "%PDF-" && tail.includes("%%EOF") ? "application/pdf" : null;
}

type Row = typeof deliveries.$inferSelect;
type LineRow = typeof deliveryLines.$inferSelect;

/** The deliveries as the API answers them; prices only to the supplier's manager and the school. */
export async function deliveriesOf(db: DbOrTx, scope: Scope, rows: Array<{ delivery: Row; canteenName: string; orgId: string }>) {
  const ids = rows.map((r) => r.delivery.id);
  const [lines, suppliers] = await Promise.all([
    ids.length ? db.select().from(deliveryLines).where(inArray(deliveryLines.deliveryId, ids)).orderBy(deliveryLines.seq) : [],
    ids.length ? db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...new Set(rows.map((r) => r.delivery.supplierId))])) : [],
  ]);
  const mine = managedSuppliers(scope);
  return rows.map(({ delivery: d, canteenName, orgId }) => {
    const seesPrice = mine.includes(d.supplierId) || scope.orgIds.includes(orgId);
    return {
      id: d.id,
      supplier: { id: d.supplierId, name: suppliers.find((s) => s.id === d.supplierId)?.name ?? "" },
      canteen: { id: d.canteenId, name: canteenName },
      deliveredAt: toIso(d.deliveredAt),
      day: d.day,
      status: d.status,
      note: d.note,
      receivedAt: d.receivedAt === null ? null : toIso(d.receivedAt),
      lines: lines.filter((l) => l.deliveryId === d.id).map((l) => lineOut(l, seesPrice)),
    };
  });
}

export const certificateOf = (l: LineRow) => ({ url: `/api/v1/trace/lines/${l.id}/certificate`, contentType: l.certType, sha256: l.certSha256 });
const lineOut = (l: LineRow, seesPrice: boolean) => ({
  id: l.id,
  seq: l.seq,
  product: l.product,
  batchNo: l.batchNo,
  quantity: fromMilli(l.qtyMilli),
  unit: l.unit,
  productionDate: l.productionDate,
  shelfLifeDays: l.shelfLifeDays,
  expiresOn: l.expiresOn,
  origin: l.origin,
  originLicence: l.originLicence,
  unitPriceYuan: seesPrice && l.unitPriceFen !== null ? l.unitPriceFen / 100 : null,
  certificate: certificateOf(l),
  status: l.status,
  refuseReason: l.refuseReason,
  ledgerEntryId: l.ledgerEntryId,
});

export async function oneDelivery(db: DbOrTx, scope: Scope, id: string) {
  const { delivery, canteen, org } = await deliveryInScope(db, scope, id);
  return (await deliveriesOf(db, scope, [{ delivery, canteenName: canteen.name, orgId: org.id }]))[0]!;
}

/** A new delivery: the canteen must be one the supplier serves (404), every batch produced and still good on the day. */
export async function createDelivery(caller: Caller, body: z.infer<typeof CreateDelivery>) {
  const { db } = caller.deps;
  const served = await servedCanteen(db, caller.scope, body.canteenId);
  const now = nowOf(caller.deps);
  const deliveredAt = body.deliveredAt ? Date.parse(body.deliveredAt) : now;
  if (deliveredAt > now + CLOCK_SKEW_MS) throw invalid("delivery_in_future", [{ path: "deliveredAt", message: "in the future" }]);
  const day = chinaDay(deliveredAt);
  body.lines.forEach((l, i) => {
    const problem = deliveryLineProblem(l, day);
    if (problem) throw invalid(problem, [{ path: `lines.${i}`, message: problem }]);
  });
  const profile = await profileOf(db, served.supplierId);
  if (!profile) throw conflict("supplier_profile_missing");
  const certs = body.lines.map((l, i) => {
    const bytes = new Uint8Array(Buffer.from(l.certificate, "base64"));
    if (bytes.byteLength > MAX_CERTIFICATE_BYTES) throw new ApiError("payload_too_large", "certificate_too_large", [{ path: `lines.${i}.certificate`, message: "≤ 4 MB" }]);
    const type = certificateType(bytes);
    if (!type) throw new ApiError("unsupported_media_type", "certificate_not_image_or_pdf", [{ path: `lines.${i}.certificate`, message: "JPEG, PNG or PDF" }]);
    return { bytes, type };
  });
  const store = mediaStoreOf(caller.deps);
  const stored: StoredMedia[] = [];
  for (const c of certs) stored.push(await store.put(c.bytes, c.type, "evidence"));
  const id = newId("dlv");
  const delivery = { id, supplierId: served.supplierId, canteenId: served.canteen.id, deliveredAt, day, status: "pending" as const, note: body.note ?? null, createdBy: caller.actor.userId, createdAt: now };
  const lines = body.lines.map((l, i) => ({
    id: newId("dln"),
    deliveryId: id,
    seq: i + 1,
    product: l.product,
    batchNo: l.batchNo,
    qtyMilli: toMilli(l.quantity),
    unit: l.unit,
    productionDate: l.productionDate,
    shelfLifeDays: l.shelfLifeDays,
    expiresOn: expiresOn(l.productionDate, l.shelfLifeDays),
    origin: l.origin,
    originLicence: l.originLicence ?? null,
    unitPriceFen: l.unitPriceYuan === undefined ? null : Math.round(l.unitPriceYuan * 100),
    certKey: stored[i]!.key,
    certSha256: stored[i]!.sha256,
    certType: stored[i]!.contentType,
    certBytes: stored[i]!.bytes,
    status: "pending" as const,
    refuseReason: null,
    ledgerEntryId: null,
  }));
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(deliveries).values(delivery);
    await tx.insert(deliveryLines).values(lines);
    // a supplier whose licence ran out still delivers what it delivers; the school is told
    if (licenceExpired(profile, day)) await raiseWarnings(tx, now, [{ canteenId: delivery.canteenId, kind: "supplier_licence_expired", refId: id, detail: { supplierId: delivery.supplierId, businessLicenceExpiresOn: profile.businessLicenceExpiresOn, foodLicenceExpiresOn: profile.foodLicenceExpiresOn } }]);
    return { result: null, audit: { actorId: caller.actor.userId, action: "delivery.create", targetType: "delivery", targetId: id, change: { delivery, lines } } };
  });
  return oneDelivery(db, caller.scope, id);
}

const byTime = keyset("desc", [deliveries.deliveredAt, deliveries.id], (r: { delivery: Row }) => [r.delivery.deliveredAt, r.delivery.id]);

export async function listDeliveries(deps: AppDeps, scope: Scope, q: z.infer<typeof DeliveriesQuery>) {
  const rows = await scopedDeliveries(deps.db, scope, { delivery: deliveries, canteenName: canteens.name, orgId: orgs.id }, q.canteenId ? eq(deliveries.canteenId, q.canteenId) : undefined, q.status ? eq(deliveries.status, q.status) : undefined, byTime.after(q.cursor))
    .orderBy(...byTime.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = byTime.page(rows, q.limit);
  return { items: await deliveriesOf(deps.db, scope, page), nextCursor };
}

export async function lineCertificate(deps: AppDeps, scope: Scope, lineId: string) {
  const { line } = await lineInScope(deps.db, scope, lineId);
  const bytes = await mediaStoreOf(deps).get(line.certKey);
  if (!bytes) throw notFound();
  const headers = { "content-type": line.certType, "content-length": String(bytes.byteLength), "cache-control": "private, max-age=86400, immutable", etag: `"${line.certSha256}"` };
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}
