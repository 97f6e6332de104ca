import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, patrolDraws, spotCheckInspectors, spotChecks, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import type { Caller } from "../http/env.ts";
import { conflict, forbidden, invalid } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import { regionInScope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { drawInScope } from "../scope/loaders.ts";
import { fullDraw } from "./public.ts";
import { drawCandidates, inspectorPool, regionOf, type CandidateRow } from "./candidates.ts";
import type { CreateDraw, Draw, DrawsQuery, PatchDraw, RevealDraw } from "./contracts.ts";
import { canonicalDraw, commitmentOf, drawProblems, runDraw, secretHashOf, seedOf, type DrawInput, type DrawResult } from "./sampler.ts";

/** 网上抽查 draws: define (draft), commit (published, frozen), reveal with the public value (the spot checks made). */
type DrawRow = typeof patrolDraws.$inferSelect;

const newestFirst = keyset("desc", [patrolDraws.createdAt, patrolDraws.id], (r: DrawRow) => [r.createdAt, r.id]);

export async function listDraws({ deps, scope }: Caller, q: z.infer<typeof DrawsQuery>) {
  const rows = await scopedLists(deps.db, scope)
    .draws({ draw: patrolDraws }, q.status ? eq(patrolDraws.status, q.status) : undefined, newestFirst.after(q.cursor))
    .orderBy(...newestFirst.orderBy)
    .limit(q.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows.map((r) => r.draw), q.limit);
  return {
    items: page.map((d) => {
      const input = JSON.parse(d.input) as DrawInput;
      return { id: d.id, regionCode: d.regionCode, name: d.name, status: d.status, commitment: d.commitment, createdAt: toIso(d.createdAt), committedAt: toIsoOrNull(d.committedAt), revealedAt: toIsoOrNull(d.revealedAt), candidateCount: input.candidates.length, count: input.rules.count };
    }),
    nextCursor,
  };
}

async function drawView(db: DbOrTx, d: DrawRow): Promise<Draw> {
  const input = JSON.parse(d.input) as DrawInput;
  const result = d.result ? (JSON.parse(d.result) as DrawResult) : null;
  let targets: Draw["targets"] = null;
  if (result) {
    const ids = result.targets.map((t) => t.canteenId);
    const people = [...new Set(result.targets.flatMap((t) => t.inspectorIds))];
    const names = new Map((ids.length ? await db.select({ id: canteens.id, name: canteens.name }).from(canteens).where(inArray(canteens.id, ids)) : []).map((r) => [r.id, r.name]));
    const who = new Map((people.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people)) : []).map((r) => [r.id, r.name]));
    targets = result.targets.map((t) => ({ ...t, canteenName: names.get(t.canteenId) ?? "", inspectorNames: t.inspectorIds.map((id) => who.get(id) ?? "") }));
  }
  return {
    id: d.id,
    regionCode: d.regionCode,
    name: d.name,
    status: d.status,
    publicValueSource: d.publicValueSource,
    publicValue: d.publicValue,
    commitment: d.commitment,
    secretHash: d.secretHash,
    seed: d.seed,
    rules: input.rules,
    candidateCount: input.candidates.length,
    inspectorCount: input.inspectors.length,
    risk: JSON.parse(d.risk) as CandidateRow[],
    targets,
    createdAt: toIso(d.createdAt),
    committedAt: toIsoOrNull(d.committedAt),
    revealedAt: toIsoOrNull(d.revealedAt),
  };
}

export async function getDraw({ deps, scope }: Caller, id: string) {
  return drawView(deps.db, await drawInScope(deps.db, scope, id));
}

/** Define a draw: its candidates with their risk, the pool, the rules; nothing is written if the draw is impossible. */
export async function createDraw({ deps, scope, actor }: Caller, body: z.infer<typeof CreateDraw>) {
  if (!regionInScope(scope, body.regionCode)) throw forbidden("region_out_of_scope");
  const region = await regionOf(deps.db, body.regionCode);
  const now = nowOf(deps);
  const { rows, candidates } = await drawCandidates(deps.db, scope, region, body, now);
  const { pool } = await inspectorPool(deps.db, scope, region, body.inspectorIds);
  const input: DrawInput = {
    version: 1,
    regionCode: region.code,
    // 回避 for a city- or province-level draw: no inspector from the target's own district
    rules: { count: body.count, method: body.method, weights: body.weights, inspectorsPerTarget: body.inspectorsPerTarget, avoidOwnDistrict: region.level !== "district" },
    candidates,
    inspectors: pool,
  };
  const problems = drawProblems(input);
  if (problems.length) throw invalid(problems[0]!, problems.map((p) => ({ path: p === "empty_pool" || p === "pool_too_small" ? "inspectorIds" : p === "no_candidates" ? "filters" : "count", message: p })));
  // 256 random bits, as 64 hex characters
  const secretHex = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  const id = newId("drw");
  const row: DrawRow = {
    id,
    regionCode: region.code,
    name: body.name,
    status: "draft",
    publicValueSource: body.publicValueSource,
    publicValue: null,
    input: canonicalDraw(input),
    risk: JSON.stringify(rows.map(({ lastPatrolAt: _l, ...r }) => r)),
    commitment: commitmentOf(input),
    secret: secretHex,
    secretHash: secretHashOf(secretHex),
    seed: null,
    result: null,
    createdBy: actor.userId,
    createdAt: now,
    committedAt: null,
    revealedAt: null,
  };
  await writeAudited(deps, async (tx) => {
    await tx.insert(patrolDraws).values(row);
    const { secret: _s, risk: _r, ...change } = row;
    return { result: null, audit: { actorId: actor.userId, action: "draw.create", targetType: "draw", targetId: id, change } };
  });
  return drawView(deps.db, row);
}

/** Only a draft may change; a committed draw never does (409). */
export async function patchDraw({ deps, scope, actor }: Caller, id: string, body: z.infer<typeof PatchDraw>) {
  await writeAudited(deps, async (tx) => {
    const d = await drawInScope(tx, scope, id);
    if (d.status !== "draft") throw conflict("draw_committed");
    const patch = { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.publicValueSource !== undefined ? { publicValueSource: body.publicValueSource } : {}) };
    await tx.update(patrolDraws).set(patch).where(and(eq(patrolDraws.id, id), eq(patrolDraws.status, "draft")));
    return { result: null, audit: { actorId: actor.userId, action: "draw.update", targetType: "draw", targetId: id, change: patch } };
  });
  return getDraw({ deps, scope, actor }, id);
}

/** Publish the commitment: from now on the list, the rules and the secret are fixed. */
export async function commitDraw({ deps, scope, actor }: Caller, id: string) {
  await writeAudited(deps, async (tx) => {
    const d = await drawInScope(tx, scope, id);
    if (d.status !== "draft") throw conflict("draw_committed");
    const at = nowOf(deps);
    await tx.update(patrolDraws).set({ status: "committed", committedAt: at }).where(and(eq(patrolDraws.id, id), eq(patrolDraws.status, "draft")));
    return { result: null, audit: { actorId: actor.userId, action: "draw.commit", targetType: "draw", targetId: id, change: { commitment: d.commitment, secretHash: d.secretHash, publicValueSource: d.publicValueSource, committedAt: at } } };
  });
  return getDraw({ deps, scope, actor }, id);
}

/** Enter the public value once: the seed follows, the draw runs, and each target becomes a spot check of its inspectors. */
export async function revealDraw({ deps, scope, actor }: Caller, id: string, body: z.infer<typeof RevealDraw>) {
  await writeAudited(deps, async (tx) => {
    const d = await drawInScope(tx, scope, id);
    if (d.status === "draft") throw conflict("draw_not_committed");
    if (d.status === "revealed") throw conflict("draw_revealed");
    const input = JSON.parse(d.input) as DrawInput;
    const seed = seedOf(d.commitment, d.secret, body.publicValue);
    const result = runDraw(input, seed);
    const at = nowOf(deps);
    const moved = await tx
      .update(patrolDraws)
      .set({ status: "revealed", publicValue: body.publicValue.trim(), seed, result: JSON.stringify(result), revealedAt: at })
      .where(and(eq(patrolDraws.id, id), eq(patrolDraws.status, "committed")));
    if (!moved.rowsAffected) throw conflict("draw_revealed");
    for (const t of result.targets) {
      const checkId = newId("spc");
      await tx.insert(spotChecks).values({ id: checkId, drawId: id, canteenId: t.canteenId, status: "pending" });
      await tx.insert(spotCheckInspectors).values(t.inspectorIds.map((userId) => ({ spotCheckId: checkId, userId })));
    }
    return { result: null, audit: { actorId: actor.userId, action: "draw.reveal", targetType: "draw", targetId: id, change: { publicValue: body.publicValue.trim(), secret: d.secret, seed, targets: result.targets } } };
  });
  return getDraw({ deps, scope, actor }, id);
}

export async function verificationOf({ deps, scope }: Caller, id: string) {
  return fullDraw(deps.db, await drawInScope(deps.db, scope, id));
}
