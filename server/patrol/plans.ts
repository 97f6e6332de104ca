import { and, between, count, eq, gte, inArray, lt } from "drizzle-orm";
import type { z } from "zod";
import { inspections, orgs, patrolPlans, regions } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { REGULATOR_INSPECTION_KINDS } from "../contracts/enums.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { Caller } from "../http/env.ts";
import { conflict, forbidden, invalid } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { regionInScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { planInScope } from "../scope/loaders.ts";
import { regionOf } from "./candidates.ts";
import type { CreatePlan, PlanProgressQuery, PlansQuery } from "./contracts.ts";
import { regionCoverage } from "./coverage.ts";
import { defaultSemesters, monthOf, quotaStatus } from "./rules.ts";

/** 年度网上巡查工作计划: made by a regulator for its region; its progress computed live from the inspections. */
type PlanRow = typeof patrolPlans.$inferSelect;
const DAY = 86_400_000;
const cstDay = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const view = (p: PlanRow) => ({
  id: p.id,
  regionCode: p.regionCode,
  year: p.year,
  name: p.name,
  semesters: JSON.parse(p.semesters) as Array<{ name: string; from: string; to: string }>,
  monthlyQuotas: JSON.parse(p.monthlyQuotas) as Record<string, number>,
  createdAt: toIso(p.createdAt),
});

async function districtsOf(caller: Caller, region: { code: string; level: "province" | "city" | "district" }) {
  if (region.level === "district") return [region.code];
  const [lo, hi] = regionRange(region.code, region.level);
  const rows = await caller.deps.db.select({ code: regions.code }).from(regions).where(and(between(regions.code, lo, hi), eq(regions.level, "district")));
  return rows.map((r) => r.code).sort();
}

export async function createPlan(caller: Caller, body: z.infer<typeof CreatePlan>) {
  const { deps, scope, actor } = caller;
  if (!regionInScope(scope, body.regionCode)) throw forbidden("region_out_of_scope");
  const region = await regionOf(deps.db, body.regionCode);
  const districts = await districtsOf(caller, region);
  const named = Object.keys(body.monthlyQuotas ?? {});
  const strangers = named.filter((d) => !districts.includes(d));
  if (strangers.length) throw invalid("district_not_in_region", strangers.map((d) => ({ path: `monthlyQuotas.${d}`, message: "not a district of the plan's region" })));
  const semesters = body.semesters ?? defaultSemesters(body.year).map((s) => ({ name: s.name === "autumn" ? "秋季学期" : "春季学期", from: dayOf(s.start), to: dayOf(s.end - DAY) }));
  const bad = semesters.findIndex((s) => cstDay(s.to) < cstDay(s.from));
  if (bad >= 0) throw invalid("period_invalid", [{ path: `semesters.${bad}.to`, message: "to must not be before from" }]);
  const quotas = Object.fromEntries(districts.map((d) => [d, body.monthlyQuotas?.[d] ?? body.defaultMonthlyQuota]));
  const row: PlanRow = { id: newId("pln"), regionCode: region.code, year: body.year, name: body.name, semesters: JSON.stringify(semesters), monthlyQuotas: JSON.stringify(quotas), createdBy: actor.userId, createdAt: nowOf(deps) };
  await writeAudited(deps, async (tx) => {
    const [existing] = await tx.select({ id: patrolPlans.id }).from(patrolPlans).where(and(eq(patrolPlans.regionCode, row.regionCode), eq(patrolPlans.year, row.year)));
    if (existing) throw conflict("plan_exists");
    await tx.insert(patrolPlans).values(row);
    return { result: null, audit: { actorId: actor.userId, action: "plan.create", targetType: "plan", targetId: row.id, change: row } };
  });
  return view(row);
}

const newestFirst = keyset("desc", [patrolPlans.createdAt, patrolPlans.id], (r: PlanRow) => [r.createdAt, r.id]);

export async function listPlans({ deps, scope }: Caller, q: z.infer<typeof PlansQuery>) {
  const rows = await scopedLists(deps.db, scope).plans({ plan: patrolPlans }, newestFirst.after(q.cursor)).orderBy(...newestFirst.orderBy).limit(q.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows.map((r) => r.plan), q.limit);
  return { items: page.map(view), nextCursor };
}

/** Live progress: coverage of the semester holding today (or the next), and each district's patrols this month against its quota. */
export async function planProgress(caller: Pick<Caller, "deps" | "scope">, id: string, q: z.infer<typeof PlanProgressQuery>) {
  const { deps, scope } = caller;
  const plan = view(await planInScope(deps.db, scope, id));
  const now = nowOf(deps);
  const today = dayOf(now);
  const semester = plan.semesters.find((s) => s.from <= today && today <= s.to) ?? plan.semesters.find((s) => today < s.from) ?? plan.semesters[plan.semesters.length - 1]!;
  const coverage = await regionCoverage(caller, { regionCode: plan.regionCode, from: semester.from, to: semester.to });
  const month = monthOf(q.month ? cstDay(`${q.month}-15`) : now);
  const region = await regionOf(deps.db, plan.regionCode);
  const [lo, hi] = regionRange(region.code, region.level);
  const done = await scopedLists(deps.db, scope)
    .inspections({ district: orgs.regionCode, n: count() }, between(orgs.regionCode, lo, hi), eq(inspections.status, "ended"), inArray(inspections.kind, REGULATOR_INSPECTION_KINDS), gte(inspections.endedAt, month.start), lt(inspections.endedAt, month.end))
    .groupBy(orgs.regionCode);
  const doneOf = new Map(done.map((d) => [d.district, d.n]));
  const codes = Object.keys(plan.monthlyQuotas);
  const names = new Map((codes.length ? await deps.db.select().from(regions).where(inArray(regions.code, codes)) : []).map((r) => [r.code, r.name]));
  const quotas = codes.map((d) => ({ district: d, districtName: names.get(d) ?? d, ...quotaStatus(plan.monthlyQuotas[d]!, doneOf.get(d) ?? 0, month, now) }));
  return { plan, semester, coverage, month: month.month, quotas };
}
