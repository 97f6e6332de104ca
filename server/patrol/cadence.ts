import { and, asc, between, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { canteens, inspections, orgs } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { Caller } from "../http/env.ts";
import { forbidden } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { regionInScope, type Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { canteenInScope } from "../scope/loaders.ts";
import type { DbOrTx } from "../../db/client.ts";
import { regionOf } from "./candidates.ts";
import type { CadenceQuery, RecordSelfCheck } from "./contracts.ts";
import { cadenceWindow } from "./rules.ts";

/**
 * The school's own cadence (seed 000 第十三条): a self-check every day (the food-safety officer, online through the
 * platform) and a patrol every week by the school leader in charge; both kept as inspection records of the school's
 * kinds (they never count as the regulator's coverage). The missing ones go on the school's to-do and show to its
 * regulator.
 */
const LEADERS = ["principal", "food_safety_director"] as const;
const DAYS = 7;

export async function recordSelfCheck({ deps, scope, actor }: Caller, body: z.infer<typeof RecordSelfCheck>) {
  const { canteen, org } = await canteenInScope(deps.db, scope, body.canteenId);
  if (body.kind === "leader_patrol" && !scope.memberships.some((m) => m.orgId === org.id && (LEADERS as readonly string[]).includes(m.role))) throw forbidden("leader_only");
  const now = nowOf(deps);
  const row = { id: newId("ins"), kind: body.kind, canteenId: canteen.id, room: canteenRoom(canteen.id), status: "ended" as const, startedBy: actor.userId, startedAt: now, endedAt: now, result: body.checklist.some((c) => c.status === "issue") ? ("issues_found" as const) : ("satisfactory" as const), outcome: body.outcome, checklist: JSON.stringify(body.checklist) };
  await writeAudited(deps, async (tx) => {
    await tx.insert(inspections).values(row);
    return { result: null, audit: { actorId: actor.userId, action: `inspection.${body.kind}`, targetType: "inspection", targetId: row.id, change: row } };
  });
  return { id: row.id, kind: body.kind, canteenId: canteen.id, canteenName: canteen.name, result: row.result, recordedAt: toIso(now) };
}

/** Per canteen: days of the last week with a self-check, and whether this week has a leader patrol (SQL, one pass). */
function cadenceColumns(now: number) {
  const w = cadenceWindow(now, DAYS);
  const days = sql<number>`(select count(distinct (i.ended_at + 28800000) / 86400000) from inspections i where i.canteen_id = ${canteens.id} and i.kind = 'self_check' and i.status = 'ended' and i.ended_at >= ${w.since} and i.ended_at < ${w.todayEnd})`;
  const today = sql<number>`exists (select 1 from inspections i where i.canteen_id = ${canteens.id} and i.kind = 'self_check' and i.status = 'ended' and i.ended_at >= ${w.todayStart} and i.ended_at < ${w.todayEnd})`;
  const leader = sql<number>`exists (select 1 from inspections i where i.canteen_id = ${canteens.id} and i.kind = 'leader_patrol' and i.status = 'ended' and i.ended_at >= ${w.weekStart} and i.ended_at < ${w.weekEnd})`;
  return { w, days, today, leader };
}

/** The school's side: each of its canteens with today's self-check and this week's leader patrol, done or not. */
export async function schoolCadence(db: DbOrTx, scope: Scope, now: number) {
  const c = cadenceColumns(now);
  const rows = await scopedLists(db, scope).canteens({ id: canteens.id, name: canteens.name, today: c.today, leader: c.leader }, eq(orgs.kind, "school")).orderBy(asc(canteens.name));
  return { window: c.w, rows: rows.map((r) => ({ ...r, today: Boolean(r.today), leader: Boolean(r.leader) })) };
}

const LISTED = 100;

/** The regulator's view: the schools of a region that missed self-check days this week or have no leader patrol yet. */
export async function regionCadence({ deps, scope }: Caller, q: z.infer<typeof CadenceQuery>) {
  if (!regionInScope(scope, q.regionCode)) throw forbidden("region_out_of_scope");
  const region = await regionOf(deps.db, q.regionCode);
  const [lo, hi] = regionRange(region.code, region.level);
  const c = cadenceColumns(nowOf(deps));
  const lists = scopedLists(deps.db, scope);
  const inRegion = between(orgs.regionCode, lo, hi);
  const behind = sql`(${c.days} < ${DAYS} or not ${c.leader})`;
  const [totals] = await lists.canteens({ total: sql<number>`count(*)`, gaps: sql<number>`coalesce(sum(case when ${behind} then 1 else 0 end), 0)` }, inRegion, eq(orgs.kind, "school"));
  const rows = await lists
    .canteens({ canteenId: canteens.id, canteenName: canteens.name, schoolName: orgs.name, district: orgs.regionCode, selfCheckDays: c.days, leaderPatrol: c.leader }, and(inRegion, eq(orgs.kind, "school"), behind))
    .orderBy(asc(c.days), asc(canteens.name))
    .limit(LISTED);
  return {
    regionCode: region.code,
    days: DAYS,
    weekStart: toIso(c.w.weekStart),
    total: totals?.total ?? 0,
    withGaps: totals?.gaps ?? 0,
    items: rows.map((r) => ({ ...r, selfCheckDays: Number(r.selfCheckDays), leaderPatrol: Boolean(r.leaderPatrol) })),
  };
}
