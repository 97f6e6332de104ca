import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { canteens } from "./canteens.ts";
import { ledgerEntries } from "./ledgers.ts";
import { orgs } from "./orgs.ts";

/**
 * Farm-to-canteen traceability (issue 15): supplier files, the canteens a supplier serves, deliveries with their
 * batches, the stock ledger (append-only, one hash chain per canteen), the 带量食谱 menus, and the warnings.
 * Quantities are integers in thousandths of the unit (milli-units), so sums are exact.
 */

/** 供应商档案: the licences of an org of kind supplier and the products it supplies. */
export const supplierProfiles = sqliteTable("supplier_profiles", {
  orgId: text("org_id").primaryKey().references(() => orgs.id),
  /** 营业执照 (统一社会信用代码) */
  businessLicenceNo: text("business_licence_no").notNull(),
  businessLicenceExpiresOn: text("business_licence_expires_on").notNull(),
  /** 食品经营许可证 / 食品生产许可证 */
  foodLicenceNo: text("food_licence_no").notNull(),
  foodLicenceExpiresOn: text("food_licence_expires_on").notNull(),
  /** JSON array of product names */
  products: text("products").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * A school's approval of a supplier for one of its canteens, after consulting its parent committee (膳食委员会): when,
 * how (a short note: the meeting, the viewing session, the written replies) and how many members sat then.
 * Rows approved before the consultation was recorded keep only the `committeeConsulted` flag (consultedOn null).
 */
export const supplierCanteens = sqliteTable(
  "supplier_canteens",
  {
    supplierId: text("supplier_id").notNull().references(() => orgs.id),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    committeeConsulted: integer("committee_consulted", { mode: "boolean" }).notNull(),
    /** YYYY-MM-DD (China) the committee was consulted on the choice */
    consultedOn: text("consulted_on"),
    /** how: "2026-09-01 膳食委员会会议，7人到会，同意" */
    consultationNote: text("consultation_note"),
    /** members seated on that day (checked at approval, at least one) */
    committeeSize: integer("committee_size"),
    approvedBy: text("approved_by").notNull().references(() => users.id),
    approvedAt: integer("approved_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.canteenId] }), index("supplier_canteens_canteen_idx").on(t.canteenId)],
);

export const DELIVERY_STATUSES = ["pending", "accepted", "partly", "refused"] as const;

/** 配送单: filled by the supplier's manager; received (accepted, partly, refused) by the canteen. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    supplierId: text("supplier_id").notNull().references(() => orgs.id),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    deliveredAt: integer("delivered_at").notNull(),
    /** YYYY-MM-DD of deliveredAt, China time */
    day: text("day").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    note: text("note"),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    receivedBy: text("received_by").references(() => users.id),
    receivedAt: integer("received_at"),
  },
  (t) => [index("deliveries_canteen_idx").on(t.canteenId, t.day), index("deliveries_supplier_idx").on(t.supplierId, t.day)],
);

/** One batch of one product in a delivery: the unit the stock ledger and the trace follow. */
export const deliveryLines = sqliteTable(
  "delivery_lines",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull().references(() => deliveries.id),
    seq: integer("seq").notNull(),
    product: text("product").notNull(),
    batchNo: text("batch_no").notNull(),
    qtyMilli: integer("qty_milli").notNull(),
    unit: text("unit").notNull(),
    productionDate: text("production_date").notNull(),
    shelfLifeDays: integer("shelf_life_days").notNull(),
    /** productionDate + shelfLifeDays: the FIFO key */
    expiresOn: text("expires_on").notNull(),
    /** 产地: the farm or producer */
    origin: text("origin").notNull(),
    originLicence: text("origin_licence"),
    /** price per unit in fen (cost control); never shown to the public */
    unitPriceFen: integer("unit_price_fen"),
    certKey: text("cert_key").notNull(),
    certSha256: text("cert_sha256").notNull(),
    certType: text("cert_type").notNull(),
    certBytes: integer("cert_bytes").notNull(),
    status: text("status", { enum: ["pending", "accepted", "refused"] }).notNull(),
    refuseReason: text("refuse_reason"),
    /** the 进货查验 ledger entry written at receipt */
    ledgerEntryId: text("ledger_entry_id").references(() => ledgerEntries.id),
  },
  (t) => [index("delivery_lines_delivery_idx").on(t.deliveryId, t.seq), index("delivery_lines_batch_idx").on(t.batchNo)],
);

export const STOCK_MOVE_KINDS = ["received", "used", "returned", "discarded", "correction"] as const;

/**
 * The stock ledger: every move an append-only row in its canteen's hash chain (hash = sha256 of the previous
 * hash and the row's canonical JSON). Never updated nor deleted; a correction is a compensating move with a reason.
 */
export const stockMoves = sqliteTable(
  "stock_moves",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    seq: integer("seq").notNull(),
    kind: text("kind", { enum: STOCK_MOVE_KINDS }).notNull(),
    /** the batch: a delivery line */
    lineId: text("line_id").notNull().references(() => deliveryLines.id),
    product: text("product").notNull(),
    /** signed: + into stock, − out of it */
    qtyMilli: integer("qty_milli").notNull(),
    /** the dish it was used for */
    dishId: text("dish_id"),
    /** the move a correction compensates */
    correctsId: text("corrects_id"),
    reason: text("reason"),
    at: integer("at").notNull(),
    day: text("day").notNull(),
    byUser: text("by_user").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("stock_moves_chain_idx").on(t.canteenId, t.seq),
    index("stock_moves_line_idx").on(t.lineId),
    index("stock_moves_dish_idx").on(t.dishId),
  ],
);

/**
 * The newest link of each canteen's stock chain, written in the transaction that appends moves: a chain can only
 * be checked link by link from its start, so without a recorded head a deletion of the newest moves (or one
 * re-hashed row added at the end) would leave a chain that verifies.
 */
export const stockChainHeads = sqliteTable("stock_chain_heads", {
  canteenId: text("canteen_id").primaryKey().references(() => canteens.id),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
});

export const MENU_MEALS = ["breakfast", "lunch", "dinner"] as const;

/** 每日食谱: a dish of one meal of one day, with the students it is planned for. */
export const menuDishes = sqliteTable(
  "menu_dishes",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    day: text("day").notNull(),
    meal: text("meal", { enum: MENU_MEALS }).notNull(),
    seq: integer("seq").notNull(),
    name: text("name").notNull(),
    students: integer("students").notNull(),
    /** how far (percent) actual use may stray from the plan before a warning */
    tolerancePct: integer("tolerance_pct").notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("menu_dishes_canteen_day_idx").on(t.canteenId, t.day, t.meal)],
);

/** 带量食谱: what one student's portion of a dish takes of each product. */
export const recipeLines = sqliteTable(
  "recipe_lines",
  {
    dishId: text("dish_id").notNull().references(() => menuDishes.id),
    product: text("product").notNull(),
    /** milli-units of `unit` per student */
    perStudentMilli: integer("per_student_milli").notNull(),
    unit: text("unit").notNull(),
  },
  (t) => [primaryKey({ columns: [t.dishId, t.product] })],
);

export const TRACE_WARNING_KINDS = ["stock_negative", "expired_batch_used", "supplier_licence_expired", "use_off_plan", "over_delivery"] as const;

/** 异常预警: go to the school's to-do and are counted for the regulator. */
export const traceWarnings = sqliteTable(
  "trace_warnings",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    kind: text("kind", { enum: TRACE_WARNING_KINDS }).notNull(),
    day: text("day").notNull(),
    /** YYYY-MM, for the regulator's monthly counts */
    month: text("month").notNull(),
    /** what it is about: a delivery, a dish, a batch */
    refId: text("ref_id").notNull(),
    /** JSON: the figures behind it */
    detail: text("detail").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("trace_warnings_canteen_idx").on(t.canteenId, t.day), index("trace_warnings_month_idx").on(t.month, t.canteenId, t.kind)],
);

/** 成本管控: the ingredient budget per student-meal a school sets for its canteen (issue 15, item 6). */
export const traceBudgets = sqliteTable("trace_budgets", {
  canteenId: text("canteen_id").primaryKey().references(() => canteens.id),
  /** fen per student-meal */
  perMealFen: integer("per_meal_fen").notNull(),
  updatedBy: text("updated_by").notNull().references(() => users.id),
  updatedAt: integer("updated_at").notNull(),
});
