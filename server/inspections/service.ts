import { nowOf } from "../clock/clock.ts";
import { and, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, inspectionParticipants, inspections, users } from "../../db/schema/index.ts";
import { announcement, publish } from "../bus/publish.ts";
import { writeAudited } from "../audit/service.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { type Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { IdParam } from "../contracts/common.ts";
import { EndInspection, InspectionsQuery, StartInspection, type ChecklistItem } from "./contracts.ts";
import { checklistComplete, participantJoinedAt, resultOf } from "./rules.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import type { z } from "zod";
import type { Caller } from "../http/env.ts";
import { MIN_RETENTION_DAYS } from "../../media/record/retention.ts";

/** Inspections of a canteen: start and end (announced in its room), lists and detail through the caller's scope. */
type Row = { inspection: typeof inspections.$inferSelect; canteenName: string; starterName: string };

const select = (db: DbOrTx, scope: Scope, ...filters: Array<SQL | undefined>) =>
  scopedLists(db, scope)
    .inspections({ inspection: inspections, canteenName: canteens.name, starterName: users.displayName }, ...filters)
    .innerJoin(users, eq(users.id, inspections.startedBy));

const newestFirst = keyset("desc", [inspections.startedAt, inspections.id], (r: Row) => [r.inspection.startedAt, r.inspection.id]);

async function views(db: DbOrTx, rows: Row[]) {
  const ids = rows.map((r) => r.inspection.id);
  const people = ids.length ? await db.select().from(inspectionParticipants).where(inArray(inspectionParticipants.inspectionId, ids)).orderBy(inspectionParticipants.joinedAt) : [];
  return rows.map(({ inspection: i, canteenName, starterName }) => ({
    id: i.id,
    kind: i.kind,
    canteenId: i.canteenId,
    canteenName,
    room: i.room,
    status: i.status,
    startedBy: { id: i.startedBy, displayName: starterName },
    startedAt: toIso(i.startedAt),
    endedAt: toIsoOrNull(i.endedAt),
    result: i.result,
    outcome: i.outcome,
    checklist: i.checklist ? (JSON.parse(i.checklist) as ChecklistItem[]) : null,
    reviewedAt: toIsoOrNull(i.reviewedAt),
    participants: people
      .filter((p) => p.inspectionId === i.id)
      .map((p) => ({ identity: p.identity, name: p.name, role: p.role, joinedAt: toIso(p.joinedAt), leftAt: toIsoOrNull(p.leftAt) })),
  }));
}

async function inspectionInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await select(db, scope, eq(inspections.id, id));
  if (!row) throw notFound();
  return row;
}

export async function list({ deps, scope }: Caller, input: { query: z.infer<typeof InspectionsQuery> }) {
  const { db } = deps;
  const { canteenId, status, kind, startedBy, from, to, cursor, limit } = input.query;
  const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
  const rows = await select(
    db,
    scope,
    canteenId ? eq(inspections.canteenId, canteenId) : undefined,
    status ? eq(inspections.status, status) : undefined,
    kind ? eq(inspections.kind, kind) : undefined,
    startedBy ? eq(inspections.startedBy, startedBy) : undefined,
    from ? gte(inspections.startedAt, day(from)) : undefined,
    to ? lt(inspections.startedAt, day(to) + 86_400_000) : undefined,
    newestFirst.after(cursor),
  )
    .orderBy(...newestFirst.orderBy)
    .limit(limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, limit);
  return { items: await views(db, page), nextCursor };
}

export async function get({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { db } = deps;
  const row = await inspectionInScope(db, scope, input.param.id);
  return (await views(db, [row]))[0]!;
}

export async function start({ deps, scope, actor }: Caller, input: { json: z.infer<typeof StartInspection> }) {
  const body = input.json;
  const room = canteenRoom(body.canteenId);
  const reviewedAt = body.reviewedAt === undefined ? null : Date.parse(body.reviewedAt);
  const present = deps.livekit ? await deps.livekit.participants(room) : [];
  const id = await writeAudited(deps, async (tx) => {
    await canteenInScope(tx, scope, body.canteenId);
    // a past time inside the days every gateway keeps (after the scope check: another canteen stays a 404)
    if (reviewedAt !== null && (reviewedAt > nowOf(deps) || reviewedAt < nowOf(deps) - MIN_RETENTION_DAYS * 86_400_000)) {
      throw invalid("inspection_reviewed_out_of_range", [{ path: "reviewedAt", message: `a past time within the ${MIN_RETENTION_DAYS} days recordings are kept` }]);
    }
    const [active] = await tx.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.canteenId, body.canteenId), eq(inspections.status, "active")));
    if (active) throw conflict("inspection_active");
    const row = { id: newId("ins"), kind: body.kind, canteenId: body.canteenId, room, status: "active" as const, startedBy: actor.userId, startedAt: nowOf(deps), reviewedAt };
    await tx.insert(inspections).values(row);
    // whoever is already in the room takes part from the start
    if (present.length) {
      await tx.insert(inspectionParticipants).values(
        present.map((p) => ({ id: newId("ip"), inspectionId: row.id, participantSid: p.sid, identity: p.identity, name: p.name, role: p.attributes.role ?? "unknown", joinedAt: participantJoinedAt({ joinedAtMs: p.joinedAt }, row.startedAt, row.startedAt) })),
      );
    }
    return { result: row.id, audit: { actorId: actor.userId, action: "inspection.start", targetType: "inspection", targetId: row.id, change: row } };
  });
  const [view] = await views(deps.db, [await inspectionInScope(deps.db, scope, id)]);
  publish(deps, announcement(room, "session", { type: "inspection.started", inspection: view! }));
  return view!;
}

export async function end({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>, json: z.infer<typeof EndInspection> }) {
  const { id } = input.param;
  const body = input.json;
  if (!checklistComplete(body.checklist)) throw invalid("checklist_incomplete", [{ path: "checklist", message: "one item per required area" }]);
  await writeAudited(deps, async (tx) => {
    const { inspection } = await inspectionInScope(tx, scope, id);
    if (inspection.status !== "active") throw conflict("inspection_ended");
    const patch = { status: "ended" as const, endedAt: nowOf(deps), outcome: body.outcome, result: resultOf(body.checklist), checklist: JSON.stringify(body.checklist) };
    await tx.update(inspections).set(patch).where(eq(inspections.id, id));
    return { result: null, audit: { actorId: actor.userId, action: "inspection.end", targetType: "inspection", targetId: id, change: { ...patch, checklist: body.checklist } } };
  });
  const [view] = await views(deps.db, [await inspectionInScope(deps.db, scope, id)]);
  publish(deps, announcement(view!.room, "session", { type: "inspection.ended", inspection: view! }));
  return view!;
}
