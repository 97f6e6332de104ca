import { z } from "zod";
import { Id, line, text } from "../contracts/common.ts";
import type { Role } from "../accounts/contracts.ts";

/**
 * The registry of ledger kinds (issue 14): each kind is declared once here — its fields as a zod schema, its
 * cadence, who fills and who reviews it, how many photos it takes and what its subject is — and the engine
 * (service.ts, rules.ts), the API contract (contracts.ts), the phone form and the list (client/pages/ledgers)
 * are made from the declaration. No I/O: the client imports this file too.
 */
export const CADENCES = ["per_person_day", "per_meal", "daily", "weekly", "monthly", "per_event"] as const;
export type Cadence = (typeof CADENCES)[number];

export const MEALS = ["breakfast", "lunch", "dinner", "other"] as const;
export const Meal = z.enum(MEALS);
export const SYMPTOMS = ["fever", "diarrhea", "vomiting", "hand_wound", "sore_throat", "cough", "jaundice", "skin_disease"] as const;
export const MIN_SAMPLE_GRAMS = 125;
export const SAMPLE_KEEP_HOURS = 48;
/** 体温 at or above this is not fit for work */
export const FEVER_CELSIUS = 37.3;

const Name = line({ min: 1, max: 60 });
/** 1 (poor) to 5 (very good) */
const Score = z.number().int().min(1).max(5);

/**
 * The checklists of 日管控、周排查、月调度 (seed 000 第四条): the items a check confirms in order; what is not
 * ticked is a problem to describe with its measures. Item names are in the dictionaries (ledger.opt.<item>).
 */
export const DAILY_ITEMS = ["health_checked", "materials_inspected", "samples_kept", "tableware_disinfected", "processing_clean", "waste_removed", "pests_controlled", "additives_recorded"] as const;
export const WEEKLY_ITEMS = ["certificates_valid", "storage_in_order", "equipment_working", "cameras_online", "daily_problems_fixed", "training_done"] as const;
export const MONTHLY_ITEMS = ["weekly_findings_reviewed", "risks_listed", "measures_assigned", "meals_accompanied", "parents_involved"] as const;
/**
 * A region's regulator adapts these lists (checklist.ts): an entry ticks keys of the checklist in effect for its
 * canteen, which the engine checks (check.ts) — the schema only bounds their shape. The most items a checklist holds:
 */
export const MAX_CHECKLIST_ITEMS = 30;
/** an item's key: a built-in one (health_checked) or one the server gave a region's own item (c_…) */
export const ItemKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "an item key: lowercase letters, digits and _");
const Passed = z.array(ItemKey).max(MAX_CHECKLIST_ITEMS);
const Note = text({ max: 500 }).optional();
/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30) */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD")
  .refine((s) => { const ms = Date.parse(`${s}T00:00:00Z`); return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s; }, "no such date");

const SCHOOL: Role[] = ["principal", "food_safety_director", "food_safety_officer", "canteen_staff"];
const REVIEWERS: Role[] = ["principal", "food_safety_director", "food_safety_officer"];

interface KindDef<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  cadence: Cadence;
  fillers: readonly Role[];
  reviewers: readonly Role[];
  photos: { min: number; max: number };
  /** what completeness counts within a day: a person, a meal; null: the entry itself */
  subject?: (data: z.output<S>) => string | null;
  /** a result that needs attention; checklistSize: the items of the checklist in effect (the 自查 kinds) */
  flag?: (data: z.output<S>, context: { checklistSize: number }) => boolean;
}
const kind = <S extends z.ZodObject>(def: KindDef<S>) => def;

export const LEDGER_KINDS = {
  /** 晨检: per person per day */
  morning_check: kind({
    schema: z.strictObject({
      staffId: Id,
      temperature: z.number().min(34).max(43),
      symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length),
      fit: z.boolean(),
      note: Note,
    }),
    cadence: "per_person_day",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 0 },
    subject: (d) => d.staffId,
    flag: (d) => !d.fit,
  }),
  /** 留样: ≥ 125 g per dish, kept ≥ 48 h */
  sample: kind({
    schema: z.strictObject({ dish: Name, meal: Meal, weightGrams: z.number().min(MIN_SAMPLE_GRAMS).max(2000), note: Note }),
    cadence: "per_meal",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 2 },
    subject: (d) => d.meal,
  }),
  /** 清洗消毒 */
  disinfection: kind({
    schema: z.strictObject({
      item: Name,
      method: z.enum(["heat", "chemical", "uv", "steam"]),
      startAt: z.iso.datetime({ offset: true }),
      endAt: z.iso.datetime({ offset: true }),
      temperatureC: z.number().min(0).max(200).optional(),
      concentrationMgL: z.number().min(0).max(10000).optional(),
      note: Note,
    }),
    cadence: "daily",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 2 },
  }),
  /** 进货查验 / 索证索票 */
  purchase_inspection: kind({
    schema: z.strictObject({
      supplier: Name,
      product: Name,
      quantity: z.number().positive().max(1e6),
      unit: line({ min: 1, max: 10 }),
      productionDate: Day,
      shelfLifeDays: z.number().int().min(1).max(3650),
      result: z.enum(["accepted", "rejected"]),
      note: Note,
    }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 6 },
    flag: (d) => d.result === "rejected",
  }),
  /** 农药残留快检 */
  pesticide_test: kind({
    schema: z.strictObject({
      sample: Name,
      method: z.enum(["enzyme_inhibition", "test_strip", "other"]),
      inhibitionRate: z.number().min(0).max(100).optional(),
      result: z.enum(["negative", "positive"]),
      note: Note,
    }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 2 },
    flag: (d) => d.result === "positive",
  }),
  /** 废弃物/厨余 */
  waste: kind({
    schema: z.strictObject({ category: z.enum(["kitchen_waste", "oil", "other"]), quantityKg: z.number().positive().max(100000), collector: Name, note: Note }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
  }),
  /** 添加剂使用备案 */
  additive: kind({
    schema: z.strictObject({ additive: Name, dish: Name, amountGrams: z.number().positive().max(100000), person: Name, note: Note }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 2 },
  }),
  /** 聚餐登记 */
  group_dining: kind({
    schema: z.strictObject({ occasion: Name, diners: z.number().int().min(1).max(100000), menu: text({ min: 1, max: 500 }), note: Note }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
  }),
  /** 五餐监督: 校长陪餐 (a school leader at every meal) */
  accompany_meal: kind({
    schema: z.strictObject({ leader: Name, meal: Meal, remarks: text({ max: 500 }) }),
    cadence: "per_meal",
    fillers: ["principal", "food_safety_director"],
    reviewers: ["principal", "food_safety_director"],
    photos: { min: 1, max: 3 },
    subject: (d) => d.meal,
  }),
  /** 五餐监督: 厨师试餐 */
  chef_tasting: kind({
    schema: z.strictObject({ dish: Name, meal: Meal, result: z.enum(["normal", "abnormal"]), note: Note }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 2 },
    flag: (d) => d.result === "abnormal",
  }),
  /** 五餐监督: 学生评餐 (students rate the meal) */
  student_rating: kind({
    schema: z.strictObject({ meal: Meal, raters: z.number().int().min(1).max(10000), taste: Score, portion: Score, hygiene: Score, remarks: Note }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
    flag: (d) => Math.min(d.taste, d.portion, d.hygiene) <= 2,
  }),
  /** 五餐监督: 教师同餐 (teachers eat with the students) */
  teacher_meal: kind({
    schema: z.strictObject({ teachers: text({ min: 1, max: 200 }), meal: Meal, remarks: text({ max: 500 }) }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
  }),
  /** 五餐监督: 家长监督 (a parent's visit or a supervised viewing session, issue 13, linked by its id) */
  parent_supervision: kind({
    schema: z.strictObject({ parent: Name, meal: Meal, viewingSessionId: Id.optional(), result: z.enum(["normal", "abnormal"]), remarks: text({ max: 500 }) }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
    flag: (d) => d.result === "abnormal",
  }),
  /** 食品安全自查: 日管控 (daily, by the food-safety officer) — the items found in order */
  daily_control: kind({
    schema: z.strictObject({ passed: Passed, problems: Note, measures: Note }),
    cadence: "daily",
    fillers: REVIEWERS,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
    flag: (d, c) => d.passed.length < c.checklistSize,
  }),
  /** 食品安全自查: 周排查 (weekly, by the food-safety director) */
  weekly_check: kind({
    schema: z.strictObject({ passed: Passed, problems: Note, measures: Note }),
    cadence: "weekly",
    fillers: REVIEWERS,
    reviewers: REVIEWERS,
    photos: { min: 0, max: 3 },
    flag: (d, c) => d.passed.length < c.checklistSize,
  }),
  /** 食品安全自查: 月调度 (monthly, the principal's meeting) */
  monthly_dispatch: kind({
    schema: z.strictObject({ passed: Passed, problems: Note, measures: Note }),
    cadence: "monthly",
    fillers: ["principal", "food_safety_director"],
    reviewers: ["principal", "food_safety_director"],
    photos: { min: 0, max: 3 },
    flag: (d, c) => d.passed.length < c.checklistSize,
  }),
  /** 图片台帐: photos with time and area */
  photo_record: kind({
    schema: z.strictObject({ area: z.enum(["storage", "rough_processing", "cooking", "prep_room", "washing", "sample_retention", "dining", "other"]), caption: Name }),
    cadence: "per_event",
    fillers: SCHOOL,
    reviewers: REVIEWERS,
    photos: { min: 1, max: 6 },
  }),
};

export type LedgerKind = keyof typeof LEDGER_KINDS;
export const LEDGER_KIND_NAMES = Object.keys(LEDGER_KINDS) as [LedgerKind, ...LedgerKind[]];
export const LedgerKindEnum = z.enum(LEDGER_KIND_NAMES);
export const kindDef = (k: LedgerKind): KindDef => LEDGER_KINDS[k] as unknown as KindDef;
