import { z } from "zod";
import { Id, IsoTime, line, pageOf, pageQuery, RegionCode, text } from "../contracts/common.ts";
import { Day } from "../ledgers/kinds.ts";
import { CertificateStatusEnum } from "../ledgers/contracts.ts";
import { hasMilliPrecision } from "./rules.ts";

/** The API shapes of traceability (issue 15): suppliers, deliveries, stock, menus, trace, warnings. */
export { Day };
export const MAX_CERTIFICATE_BYTES = 4 * 1024 * 1024;
export const MAX_DELIVERY_LINES = 30;
/** the whole delivery as one JSON body: a few full-size certificates, or many phone photos */
export const MAX_DELIVERY_BODY_BYTES = 32 * 1024 * 1024;
const Certificate = z.string().min(8).max(Math.ceil((MAX_CERTIFICATE_BYTES * 4) / 3) + 4).describe("base64 of a JPEG, PNG or PDF, at most 4 MB");
const Time = z.iso.datetime({ offset: true });
const Product = line({ min: 1, max: 60 });
const Unit = line({ min: 1, max: 10 });
/** a positive quantity with at most three decimals */
const Quantity = z.number().positive().max(1e6).refine(hasMilliPrecision, "at most three decimals");
const Reason = text({ min: 1, max: 500 });

export const DELIVERY_STATUS = z.enum(["pending", "accepted", "partly", "refused"]);
export const MOVE_KIND = z.enum(["received", "used", "returned", "discarded", "correction"]);
export const WARNING_KIND = z.enum(["stock_negative", "expired_batch_used", "supplier_licence_expired", "use_off_plan", "over_delivery"]);
export const MEAL = z.enum(["breakfast", "lunch", "dinner"]);

// --- suppliers ---
export const SupplierProfileBody = z.strictObject({
  businessLicenceNo: line({ min: 6, max: 40 }),
  businessLicenceExpiresOn: Day,
  foodLicenceNo: line({ min: 6, max: 40 }),
  foodLicenceExpiresOn: Day,
  products: z.array(Product).min(1).max(100),
});
export const Supplier = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  profile: z
    .object({
      businessLicenceNo: z.string(),
      businessLicenceExpiresOn: z.string(),
      businessLicence: CertificateStatusEnum,
      foodLicenceNo: z.string(),
      foodLicenceExpiresOn: z.string(),
      foodLicence: CertificateStatusEnum,
      products: z.array(z.string()),
    })
    .nullable(),
});
export const ServedCanteen = z.object({ id: z.string(), name: z.string(), schoolName: z.string() });
export const MySupplier = z.object({ suppliers: z.array(Supplier.extend({ canteens: z.array(ServedCanteen) })) });
/** How the parent committee was consulted on the choice (null on approvals made before it was recorded). */
export const Consultation = z.object({ on: z.string(), note: z.string(), committeeSize: z.number().int() });
export const CanteenSuppliers = z.object({
  canteenId: z.string(),
  served: z.array(Supplier.extend({ approvedAt: IsoTime, committeeConsulted: z.boolean(), consultation: Consultation.nullable() })),
  candidates: z.array(Supplier),
});
export const ConsultationBody = z.strictObject({
  on: Day.describe("the day the parent committee was consulted (not after today)"),
  note: line({ min: 4, max: 200 }).describe("how: the meeting, the viewing session or the written replies, and the outcome"),
});
/** `consultation` is optional here so that its absence is the domain's clear 409 committee_not_consulted, not a bare 400. */
export const ApproveSupplier = z.strictObject({ supplierId: Id, consultation: ConsultationBody.optional() });
/** What a school's parents (and its managers, its regulators) see of the suppliers it chose, canteen by canteen. */
export const SchoolSupplierApprovals = z.object({
  orgId: z.string(),
  orgName: z.string(),
  approvals: z.array(
    z.object({
      supplier: z.object({ id: z.string(), name: z.string(), foodLicenceNo: z.string().nullable(), foodLicence: CertificateStatusEnum.nullable() }),
      canteen: z.object({ id: z.string(), name: z.string() }),
      approvedAt: IsoTime,
      committeeConsulted: z.boolean(),
      consultation: Consultation.nullable(),
    }),
  ),
});

// --- deliveries ---
export const DeliveryLineBody = z.strictObject({
  product: Product,
  batchNo: line({ min: 1, max: 40 }),
  quantity: Quantity,
  unit: Unit,
  productionDate: Day,
  shelfLifeDays: z.number().int().min(1).max(3650),
  origin: line({ min: 2, max: 100 }),
  originLicence: line({ min: 4, max: 40 }).optional(),
  unitPriceYuan: z.number().min(0).max(100000).optional(),
  certificate: Certificate,
});
export const CreateDelivery = z.strictObject({
  canteenId: Id,
  deliveredAt: Time.optional(),
  note: text({ max: 500 }).optional(),
  lines: z.array(DeliveryLineBody).min(1).max(MAX_DELIVERY_LINES),
});
export const DeliveryLine = z.object({
  id: z.string(),
  seq: z.number(),
  product: z.string(),
  batchNo: z.string(),
  quantity: z.number(),
  unit: z.string(),
  productionDate: z.string(),
  shelfLifeDays: z.number(),
  expiresOn: z.string(),
  origin: z.string(),
  originLicence: z.string().nullable(),
  /** only to the supplier and the school; null for others */
  unitPriceYuan: z.number().nullable(),
  certificate: z.object({ url: z.string(), contentType: z.string(), sha256: z.string() }),
  status: z.enum(["pending", "accepted", "refused"]),
  refuseReason: z.string().nullable(),
  ledgerEntryId: z.string().nullable(),
});
export const Delivery = z.object({
  id: z.string(),
  supplier: z.object({ id: z.string(), name: z.string() }),
  canteen: z.object({ id: z.string(), name: z.string() }),
  deliveredAt: IsoTime,
  day: z.string(),
  status: DELIVERY_STATUS,
  note: z.string().nullable(),
  receivedAt: IsoTime.nullable(),
  lines: z.array(DeliveryLine),
});
export const DeliveryPage = pageOf(Delivery);
export const DeliveriesQuery = z.strictObject({ canteenId: Id.optional(), status: DELIVERY_STATUS.optional(), ...pageQuery("number", "text") });
export const Receipt = z.strictObject({
  lines: z.array(z.strictObject({ lineId: Id, accepted: z.boolean(), reason: Reason.optional() })).min(1).max(MAX_DELIVERY_LINES),
});

// --- stock ---
export const StockLot = z.object({
  lineId: z.string(),
  product: z.string(),
  batchNo: z.string(),
  unit: z.string(),
  onHand: z.number(),
  expiresOn: z.string(),
  expired: z.boolean(),
  supplier: z.string(),
  origin: z.string(),
});
export const Stock = z.object({
  canteenId: z.string(),
  day: z.string(),
  /** per product, its lots in FIFO order (earliest expiry first) */
  products: z.array(z.object({ product: z.string(), unit: z.string(), onHand: z.number(), lots: z.array(StockLot) })),
});
export const StockMove = z.object({
  id: z.string(),
  seq: z.number(),
  kind: MOVE_KIND,
  lineId: z.string(),
  product: z.string(),
  batchNo: z.string(),
  quantity: z.number(),
  unit: z.string(),
  dishId: z.string().nullable(),
  correctsId: z.string().nullable(),
  reason: z.string().nullable(),
  at: IsoTime,
  day: z.string(),
  hash: z.string(),
});
export const StockMovePage = pageOf(StockMove);
export const MovesQuery = z.strictObject({ ...pageQuery("number") });
export const CreateMove = z.strictObject({
  kind: z.enum(["returned", "discarded", "correction"]),
  lineId: Id,
  /** returned and discarded take stock out (positive); a correction is signed: + puts back, − takes out */
  quantity: z.number().min(-1e6).max(1e6).refine((q) => q !== 0, "not zero").refine(hasMilliPrecision, "at most three decimals"),
  reason: Reason,
  correctsId: Id.optional(),
});
export const ChainVerification = z.object({
  canteenId: z.string(),
  ok: z.boolean(),
  checked: z.number(),
  broken: z.object({ count: z.number(), first: z.array(z.object({ seq: z.number(), reason: z.enum(["edited", "deleted_before", "inserted_or_relinked", "deleted_at_end", "added_at_end"]) })) }),
});

// --- menus ---
const RecipeLineBody = z.strictObject({ product: Product, perStudent: z.number().positive().max(10000).refine(hasMilliPrecision, "at most three decimals"), unit: Unit });
export const SetMenu = z.strictObject({
  canteenId: Id,
  day: Day,
  meal: MEAL,
  dishes: z
    .array(z.strictObject({ name: line({ min: 1, max: 60 }), students: z.number().int().min(1).max(20000), tolerancePct: z.number().int().min(1).max(100).optional(), ingredients: z.array(RecipeLineBody).min(1).max(20) }))
    .min(1)
    .max(20),
});
export const ProductUse = z.object({ product: z.string(), unit: z.string(), planned: z.number(), used: z.number(), offPlan: z.boolean() });
export const Dish = z.object({ id: z.string(), day: z.string(), meal: MEAL, name: z.string(), students: z.number(), tolerancePct: z.number(), ingredients: z.array(ProductUse) });
export const Menu = z.object({ canteenId: z.string(), from: z.string(), to: z.string(), dishes: z.array(Dish) });
export const MenuQuery = z.strictObject({ from: Day.optional(), to: Day.optional() });
export const RecordUse = z.strictObject({
  lines: z.array(z.strictObject({ product: Product, quantity: Quantity, unit: Unit, lineId: Id.optional() })).min(1).max(20),
});
export const UseResult = z.object({ dish: Dish, moves: z.array(StockMove), warnings: z.array(WARNING_KIND) });

// --- trace ---
export const TracedBatch = z.object({
  lineId: z.string(),
  product: z.string(),
  batchNo: z.string(),
  unit: z.string(),
  productionDate: z.string(),
  expiresOn: z.string(),
  origin: z.string(),
  originLicence: z.string().nullable(),
  certificate: z.object({ url: z.string(), contentType: z.string(), sha256: z.string() }),
  delivery: z.object({ id: z.string(), deliveredAt: IsoTime, status: DELIVERY_STATUS }),
  supplier: z.object({ id: z.string(), name: z.string(), foodLicenceNo: z.string().nullable() }),
  canteen: z.object({ id: z.string(), name: z.string() }),
});
export const DishTrace = z.object({
  dish: z.object({ id: z.string(), name: z.string(), day: z.string(), meal: MEAL, students: z.number() }),
  canteen: z.object({ id: z.string(), name: z.string() }),
  batches: z.array(TracedBatch.extend({ used: z.number() })),
});
export const MealUse = z.object({ dishId: z.string(), dishName: z.string(), day: z.string(), meal: MEAL, canteenId: z.string(), canteenName: z.string(), lineId: z.string(), used: z.number(), unit: z.string() });
export const BatchTrace = z.object({
  batch: TracedBatch,
  /** every line of the same supplier's batch number in scope (other canteens' deliveries of the same batch) */
  lines: z.array(TracedBatch),
  meals: z.array(MealUse),
  canteens: z.array(z.object({ id: z.string(), name: z.string(), meals: z.number() })),
});

// --- warnings ---
export const Warning = z.object({ id: z.string(), canteenId: z.string(), canteenName: z.string(), kind: WARNING_KIND, day: z.string(), refId: z.string(), detail: z.record(z.string(), z.unknown()), createdAt: IsoTime });
export const WarningsQuery = z.strictObject({ canteenId: Id.optional(), from: Day.optional(), to: Day.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const WarningList = z.object({ items: z.array(Warning), total: z.number() });
export const WarningsOverviewQuery = z.strictObject({ regionCode: RegionCode.optional(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM").optional() });
const KindCounts = z.record(z.string(), z.number());
export const WarningsOverview = z.object({
  month: z.string(),
  total: z.number(),
  byKind: KindCounts,
  districts: z.array(z.object({ regionCode: z.string(), count: z.number(), byKind: KindCounts })),
});
export const LineParam = z.strictObject({ id: Id });

// --- cost ---
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM");
export const CostQuery = z.strictObject({ month: Month.optional() });
export const SetBudget = z.strictObject({ perMealYuan: z.number().positive().max(1000) });
export const Cost = z.object({
  canteenId: z.string(),
  budgetYuan: z.number().nullable(),
  /** the last six months, oldest first (the trend) */
  months: z.array(z.object({ month: z.string(), costYuan: z.number(), studentMeals: z.number(), perMealYuan: z.number().nullable(), overBudget: z.boolean() })),
});
