import { z } from "zod";
import { CANTEEN_GRADES } from "../contracts/enums.ts";
import { Id, IsoTime, line, pageOf, pageQuery, patchOf, RegionCode, text } from "../contracts/common.ts";
import { RISK_GRADES } from "./sampler.ts";
import { EndInspection } from "../inspections/contracts.ts";

const EndInspectionChecklist = EndInspection.shape.checklist;

const Grade = z.enum(RISK_GRADES);
const Weight = z.number().int().min(1).max(1000);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a regulator defines: the candidates (region, filters), how many, uniform or by risk, and the inspector pool. */
export const CreateDraw = z.strictObject({
  regionCode: RegionCode,
  name: line({ min: 1, max: 100 }),
  /** the named future public value (RFC 3797), e.g. "2026年12月7日上证综合指数收盘点位" */
  publicValueSource: line({ min: 4, max: 200 }),
  count: z.number().int().min(1).max(1000),
  method: z.enum(["uniform", "risk"]),
  weights: z.strictObject({ high: Weight, medium: Weight, low: Weight }).default({ high: 3, medium: 2, low: 1 }),
  inspectorsPerTarget: z.number().int().min(2).max(5).default(2),
  filters: z
    .strictObject({
      /** leave out canteens patrolled in the last N days */
      notCheckedDays: z.number().int().min(1).max(730).optional(),
      /** 量化等级 */
      grades: z.array(z.enum(CANTEEN_GRADES)).min(1).max(3).optional(),
      /** districts inside the region */
      districts: z.array(RegionCode).min(1).max(50).optional(),
    })
    .default({}),
  /** the pool (default: every inspector of a regulator in the region) */
  inspectorIds: z.array(Id).min(1).max(500).optional(),
});
export const PatchDraw = patchOf({ name: line({ min: 1, max: 100 }).optional(), publicValueSource: line({ min: 4, max: 200 }).optional() });
export const RevealDraw = z.strictObject({ publicValue: line({ min: 1, max: 100 }) });
export const DrawsQuery = z.strictObject({ status: z.enum(["draft", "committed", "revealed"]).optional(), ...pageQuery("number", "text") });

const DrawCandidate = z.object({ id: Id, district: RegionCode, grade: Grade });
const DrawInspector = z.object({ id: Id, district: RegionCode });
export const DrawInputSchema = z.object({
  version: z.literal(1),
  regionCode: RegionCode,
  rules: z.object({
    count: z.number().int(),
    method: z.enum(["uniform", "risk"]),
    weights: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
    inspectorsPerTarget: z.number().int(),
    avoidOwnDistrict: z.boolean(),
  }),
  candidates: z.array(DrawCandidate),
  inspectors: z.array(DrawInspector),
});
export const DrawTarget = z.object({ canteenId: Id, grade: Grade, key: Hex64, inspectorIds: z.array(Id) });
const Factor = z.object({ factor: z.string(), value: z.union([z.number(), z.string(), z.null()]), points: z.number().int() });
export const CandidateRisk = z.object({ canteenId: Id, canteenName: z.string(), district: RegionCode, score: z.number().int(), grade: Grade, factors: z.array(Factor) });

/** What everyone may see of a draw: the commitment at once; the secret, seed and selection once revealed. */
export const PublicDraw = z.object({
  id: Id,
  regionCode: RegionCode,
  name: z.string(),
  status: z.enum(["committed", "revealed"]),
  publicValueSource: z.string(),
  publicValue: z.string().nullable(),
  commitment: Hex64,
  secretHash: Hex64,
  secret: Hex64.nullable(),
  seed: Hex64.nullable(),
  /** the canonical text whose sha256 is the commitment */
  input: z.string(),
  targets: z.array(DrawTarget).nullable(),
  allocation: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }).nullable(),
  canteens: z.array(z.object({ id: Id, name: z.string(), result: z.enum(["pending", "satisfactory", "issues_found"]) })),
  committedAt: IsoTime,
  revealedAt: IsoTime.nullable(),
});
export type PublicDraw = z.infer<typeof PublicDraw>;

export const Draw = z.object({
  id: Id,
  regionCode: RegionCode,
  name: z.string(),
  status: z.enum(["draft", "committed", "revealed"]),
  publicValueSource: z.string(),
  publicValue: z.string().nullable(),
  commitment: Hex64,
  secretHash: Hex64,
  seed: Hex64.nullable(),
  rules: DrawInputSchema.shape.rules,
  candidateCount: z.number().int(),
  inspectorCount: z.number().int(),
  risk: z.array(CandidateRisk),
  targets: z.array(DrawTarget.extend({ canteenName: z.string(), inspectorNames: z.array(z.string()) })).nullable(),
  createdAt: IsoTime,
  committedAt: IsoTime.nullable(),
  revealedAt: IsoTime.nullable(),
});
export type Draw = z.infer<typeof Draw>;
export const DrawSummary = Draw.pick({ id: true, regionCode: true, name: true, status: true, commitment: true, createdAt: true, committedAt: true, revealedAt: true }).extend({ candidateCount: z.number().int(), count: z.number().int() });
export const DrawPage = pageOf(DrawSummary);
export const PublicDrawList = z.object({ items: z.array(PublicDraw.pick({ id: true, name: true, status: true, commitment: true, seed: true, publicValueSource: true, publicValue: true, committedAt: true, revealedAt: true, canteens: true })) });

export const SpotCheck = z.object({
  id: Id,
  drawId: Id,
  drawName: z.string(),
  canteenId: Id,
  canteenName: z.string(),
  status: z.enum(["pending", "done"]),
  result: z.enum(["satisfactory", "issues_found"]).nullable(),
  inspectionId: Id.nullable(),
  note: z.string().nullable(),
  inspectorIds: z.array(Id),
  completedAt: IsoTime.nullable(),
});
export const SpotCheckList = z.object({ items: z.array(SpotCheck) });
export const CompleteSpotCheck = z.strictObject({
  /** the spot-check inspection this check ran in (ended, of this canteen); optional when the check was recorded otherwise */
  inspectionId: Id.optional(),
  result: z.enum(["satisfactory", "issues_found"]),
  note: text({ max: 2000 }).optional(),
});

export const CoverageQuery = z.strictObject({
  regionCode: RegionCode,
  /** a semester: the default one holding today when absent */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export const Coverage = z.object({
  regionCode: RegionCode,
  from: IsoTime,
  to: IsoTime,
  districts: z.array(
    z.object({
      district: RegionCode,
      districtName: z.string(),
      total: z.number().int(),
      covered: z.number().int(),
      permille: z.number().int(),
      daysLeft: z.number().int(),
      behind: z.boolean(),
      /** the first 50 by name of those not yet patrolled, for a city or a district (a province: counts only) */
      uncovered: z.array(z.object({ canteenId: Id, canteenName: z.string() })),
    }),
  ),
});

const Day = z.iso.date();
export const Semester = z.strictObject({ name: line({ min: 1, max: 30 }), from: Day, to: Day });
/** 年度网上巡查工作计划: semesters (default: autumn 9-1–1-31, spring 2-1–7-31), each district's monthly quota. */
export const CreatePlan = z.strictObject({
  regionCode: RegionCode,
  year: z.number().int().min(2020).max(2100),
  name: line({ min: 1, max: 100 }),
  semesters: z.array(Semester).min(1).max(4).optional(),
  /** patrols per month for every district not named in monthlyQuotas */
  defaultMonthlyQuota: z.number().int().min(0).max(100_000).default(0),
  monthlyQuotas: z.record(RegionCode, z.number().int().min(0).max(100_000)).optional(),
});
export const PlansQuery = z.strictObject({ ...pageQuery("number", "text") });
export const Plan = z.object({
  id: Id,
  regionCode: RegionCode,
  year: z.number().int(),
  name: z.string(),
  semesters: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  monthlyQuotas: z.record(z.string(), z.number().int()),
  createdAt: IsoTime,
});
export const PlanPage = pageOf(Plan);
export const PlanProgressQuery = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM").optional() });
export const PlanProgress = z.object({
  plan: Plan,
  semester: z.object({ name: z.string(), from: z.string(), to: z.string() }),
  coverage: Coverage,
  month: z.string(),
  quotas: z.array(z.object({ district: RegionCode, districtName: z.string(), quota: z.number().int(), done: z.number().int(), expectedByNow: z.number().int(), behind: z.boolean(), met: z.boolean() })),
});

/** A district behind its plan (the regulators' to-do, pushed on the bus topic `patrol`). */
export const PatrolNotice = z.object({
  id: Id,
  planId: Id,
  planName: z.string(),
  district: RegionCode,
  districtName: z.string(),
  /** the China day it was found */
  day: z.string(),
  coverage: z.object({ covered: z.number().int(), total: z.number().int(), permille: z.number().int(), daysLeft: z.number().int(), behind: z.boolean() }),
  quota: z.object({ month: z.string(), quota: z.number().int(), done: z.number().int(), expectedByNow: z.number().int(), behind: z.boolean() }).nullable(),
  createdAt: IsoTime,
});
export type PatrolNotice = z.infer<typeof PatrolNotice>;
export const PatrolNoticePage = pageOf(PatrolNotice);
export const NoticesQuery = z.strictObject({ ...pageQuery("number", "text") });
export const PatrolMessage = z.object({ type: z.literal("patrol.behind"), notice: PatrolNotice });

/** 第十三条: the school records its daily self-check or its leader's weekly patrol, done online through the platform. */
export const RecordSelfCheck = z.strictObject({
  canteenId: Id,
  kind: z.enum(["self_check", "leader_patrol"]),
  checklist: EndInspectionChecklist,
  outcome: text({ min: 1, max: 2000 }),
});
export const SelfCheckRecord = z.object({ id: Id, kind: z.enum(["self_check", "leader_patrol"]), canteenId: Id, canteenName: z.string(), result: z.enum(["satisfactory", "issues_found"]), recordedAt: IsoTime });
export const CadenceQuery = z.strictObject({ regionCode: RegionCode });
export const Cadence = z.object({
  regionCode: RegionCode,
  days: z.number().int(),
  weekStart: IsoTime,
  total: z.number().int(),
  withGaps: z.number().int(),
  /** the first 100 with gaps, fewest self-check days first */
  items: z.array(z.object({ canteenId: Id, canteenName: z.string(), schoolName: z.string(), district: RegionCode, selfCheckDays: z.number().int(), leaderPatrol: z.boolean() })),
});
