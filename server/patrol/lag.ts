import { eq } from "drizzle-orm";
import type { z } from "zod";
import { patrolNotices, patrolPlans, regions } from "../../db/schema/index.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { opsRegionRoom } from "../bus/rooms.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { keyset } from "../http/pagination.ts";
import { systemRegionScope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { regionOf } from "./candidates.ts";
import type { NoticesQuery, PatrolNotice } from "./contracts.ts";
import { planProgress } from "./plans.ts";

/**
 * A district falling behind its plan is told (第二十条; issue 12 item 2): the sweep computes each plan's live
 * progress for today, and for each district behind on this semester's coverage or this month's quota writes one
 * notice per day — the unique (plan, district, day) index makes concurrent instances write it once, and only the
 * instance that wrote it pushes it to the district's and the plan region's ops rooms. The notices are the
 * regulators' to-do (GET /patrol/notices).
 */
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

type NoticeRow = typeof patrolNotices.$inferSelect;
type Detail = Pick<PatrolNotice, "coverage" | "quota">;

const viewOf = (n: NoticeRow, planName: string, districtName: string): PatrolNotice => ({
  id: n.id,
  planId: n.planId,
  planName,
  district: n.district,
  districtName,
  day: n.day,
  ...(JSON.parse(n.detail) as Detail),
  createdAt: toIso(n.createdAt),
});

export async function sweepPatrolLag(deps: AppDeps): Promise<string[]> {
  const now = nowOf(deps);
  const today = dayOf(now);
  const plans = await scopedLists(deps.db, SYSTEM).plans({ plan: patrolPlans });
  const told: string[] = [];
  for (const { plan } of plans) {
    const semesters = JSON.parse(plan.semesters) as Array<{ from: string; to: string }>;
    if (!semesters.some((s) => s.from <= today && today <= s.to)) continue;
    const region = await regionOf(deps.db, plan.regionCode);
    const progress = await planProgress({ deps, scope: systemRegionScope(region.code, region.level) }, plan.id, {});
    const districts = new Set([...progress.coverage.districts.filter((d) => d.behind).map((d) => d.district), ...progress.quotas.filter((q) => q.behind).map((q) => q.district)]);
    for (const district of districts) {
      const c = progress.coverage.districts.find((d) => d.district === district);
      const q = progress.quotas.find((x) => x.district === district);
      const detail: Detail = {
        coverage: c ? { covered: c.covered, total: c.total, permille: c.permille, daysLeft: c.daysLeft, behind: c.behind } : { covered: 0, total: 0, permille: 1000, daysLeft: 0, behind: false },
        quota: q ? { month: progress.month, quota: q.quota, done: q.done, expectedByNow: q.expectedByNow, behind: q.behind } : null,
      };
      const row: NoticeRow = { id: newId("pnt"), planId: plan.id, district, day: today, detail: JSON.stringify(detail), createdAt: now };
      const written = await deps.db.insert(patrolNotices).values(row).onConflictDoNothing().returning({ id: patrolNotices.id });
      if (!written.length) continue;
      told.push(row.id);
      const notice = viewOf(row, plan.name, c?.districtName ?? q?.districtName ?? district);
      const rooms = [...new Set([opsRegionRoom(district), opsRegionRoom(plan.regionCode)])];
      publish(deps, ...rooms.map((room) => announcement(room, "patrol", { type: "patrol.behind", notice })));
    }
  }
  return told;
}

const newestFirst = keyset("desc", [patrolNotices.createdAt, patrolNotices.id], (r: { notice: NoticeRow }) => [r.notice.createdAt, r.notice.id]);

/** The regulators' to-do: notices of the districts in the caller's jurisdiction, newest first. */
export async function listNotices({ deps, scope }: Caller, q: z.infer<typeof NoticesQuery>) {
  const rows = await scopedLists(deps.db, scope)
    .notices({ notice: patrolNotices, planName: patrolPlans.name, districtName: regions.name }, newestFirst.after(q.cursor))
    .innerJoin(patrolPlans, eq(patrolPlans.id, patrolNotices.planId))
    .innerJoin(regions, eq(regions.code, patrolNotices.district))
    .orderBy(...newestFirst.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, q.limit);
  return { items: page.map((r) => viewOf(r.notice, r.planName, r.districtName)), nextCursor };
}
