import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, inspections, patrolDraws, spotCheckInspectors, spotChecks } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { nowOf } from "../clock/clock.ts";
import { toIsoOrNull } from "../clock/time.ts";
import type { Caller } from "../http/env.ts";
import { conflict, notFound } from "../http/errors.ts";
import type { CompleteSpotCheck } from "./contracts.ts";

/**
 * Spot checks: the drawn canteens in their assigned inspectors' task lists. Unannounced, so the school never sees
 * them; and 回避 puts inspectors on canteens outside their own district, so the assignment itself is what lets an
 * inspector see and complete one — not the region of their membership.
 */
const fields = { check: spotChecks, canteenName: canteens.name, drawName: patrolDraws.name };

async function views(db: DbOrTx, rows: Array<{ check: typeof spotChecks.$inferSelect; canteenName: string; drawName: string }>) {
  const ids = rows.map((r) => r.check.id);
  const people = ids.length ? await db.select().from(spotCheckInspectors).where(inArray(spotCheckInspectors.spotCheckId, ids)) : [];
  return rows.map(({ check: c, canteenName, drawName }) => ({
    id: c.id,
    drawId: c.drawId,
    drawName,
    canteenId: c.canteenId,
    canteenName,
    status: c.status,
    result: c.result,
    inspectionId: c.inspectionId,
    note: c.note,
    inspectorIds: people.filter((p) => p.spotCheckId === c.id).map((p) => p.userId),
    completedAt: toIsoOrNull(c.completedAt),
  }));
}

const assigned = (db: DbOrTx, userId: string) =>
  db
    .select(fields)
    .from(spotChecks)
    .innerJoin(spotCheckInspectors, and(eq(spotCheckInspectors.spotCheckId, spotChecks.id), eq(spotCheckInspectors.userId, userId)))
    .innerJoin(canteens, eq(canteens.id, spotChecks.canteenId))
    .innerJoin(patrolDraws, eq(patrolDraws.id, spotChecks.drawId));

/** The caller's own spot checks, pending first. */
export async function myChecks({ deps, actor }: Caller) {
  const rows = await assigned(deps.db, actor.userId).orderBy(asc(spotChecks.status), asc(spotChecks.id));
  return { items: await views(deps.db, rows) };
}

export async function getCheck({ deps, actor }: Caller, id: string) {
  const [row] = await assigned(deps.db, actor.userId).where(eq(spotChecks.id, id));
  if (!row) throw notFound();
  return (await views(deps.db, [row]))[0]!;
}

/** 合格 or 发现问题, by one of the assigned inspectors; once only. */
export async function completeCheck({ deps, actor }: Caller, id: string, body: z.infer<typeof CompleteSpotCheck>) {
  await writeAudited(deps, async (tx) => {
    const [row] = await assigned(tx, actor.userId).where(eq(spotChecks.id, id));
    if (!row) throw notFound();
    if (row.check.status === "done") throw conflict("spot_check_done");
    if (body.inspectionId) {
      const [ins] = await tx.select().from(inspections).where(eq(inspections.id, body.inspectionId));
      if (!ins) throw notFound("not_found", [{ path: "inspectionId", message: "no such inspection" }]);
      if (ins.canteenId !== row.check.canteenId) throw conflict("inspection_not_in_canteen", [{ path: "inspectionId", message: "not an inspection of this canteen" }]);
    }
    const patch = { status: "done" as const, result: body.result, note: body.note ?? null, inspectionId: body.inspectionId ?? null, completedBy: actor.userId, completedAt: nowOf(deps) };
    const moved = await tx.update(spotChecks).set(patch).where(and(eq(spotChecks.id, id), eq(spotChecks.status, "pending")));
    if (!moved.rowsAffected) throw conflict("spot_check_done");
    return { result: null, audit: { actorId: actor.userId, action: "spot_check.complete", targetType: "spot_check", targetId: id, change: patch } };
  });
  return getCheck({ deps, actor } as Caller, id);
}
