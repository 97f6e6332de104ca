import { asc, between, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, patrolDraws, spotChecks } from "../../db/schema/index.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { notFound } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import { SYSTEM, scopedLists } from "../scope/lists.ts";
import { regionOf } from "./candidates.ts";
import type { PublicDraw } from "./contracts.ts";
import type { DrawResult } from "./sampler.ts";

/**
 * 一公开: what anyone may see of a draw, without signing in. The commitment (and the named public value) from the
 * moment it is committed; the secret, seed and selection only once every drawn spot check is done, so the checks
 * stay unannounced. No personal data: inspectors appear as opaque ids with their district only.
 */
type Row = typeof patrolDraws.$inferSelect;

async function publicView(db: DbOrTx, d: Row, full: boolean): Promise<PublicDraw> {
  const checks = d.status === "revealed" ? await db.select({ canteenId: spotChecks.canteenId, status: spotChecks.status, result: spotChecks.result, name: canteens.name }).from(spotChecks).innerJoin(canteens, eq(canteens.id, spotChecks.canteenId)).where(eq(spotChecks.drawId, d.id)).orderBy(asc(canteens.name)) : [];
  const done = checks.length > 0 && checks.every((c) => c.status === "done");
  const open = full || done;
  const result = d.result && open ? (JSON.parse(d.result) as DrawResult) : null;
  return {
    id: d.id,
    regionCode: d.regionCode,
    name: d.name,
    status: d.status === "revealed" ? "revealed" : "committed",
    publicValueSource: d.publicValueSource,
    publicValue: d.publicValue,
    commitment: d.commitment,
    secretHash: d.secretHash,
    secret: result ? d.secret : null,
    seed: result ? d.seed : null,
    input: d.input,
    targets: result ? result.targets : null,
    allocation: result ? result.allocation : null,
    canteens: open ? checks.map((c) => ({ id: c.canteenId, name: c.name, result: c.result ?? ("pending" as const) })) : [],
    committedAt: toIso(d.committedAt!),
    revealedAt: toIsoOrNull(d.revealedAt),
  };
}

export async function publicDraw(db: DbOrTx, id: string) {
  const [d] = await scopedLists(db, SYSTEM).draws({ draw: patrolDraws }, eq(patrolDraws.id, id), inArray(patrolDraws.status, ["committed", "revealed"]));
  if (!d) throw notFound();
  return publicView(db, d.draw, false);
}

/** For the regulator who ran it: everything, as the verify page reads it, as soon as it is revealed. */
export async function fullDraw(db: DbOrTx, d: Row) {
  if (d.status === "draft") throw notFound();
  return publicView(db, d, true);
}

/** The public page of a region: its draws (and those below it), newest first. */
export async function publicRegionDraws(db: DbOrTx, code: string) {
  const region = await regionOf(db, code).catch(() => {
    throw notFound();
  });
  const [lo, hi] = regionRange(region.code, region.level);
  const rows = await scopedLists(db, SYSTEM)
    .draws({ draw: patrolDraws }, between(patrolDraws.regionCode, lo, hi), inArray(patrolDraws.status, ["committed", "revealed"]))
    .orderBy(desc(patrolDraws.committedAt))
    .limit(100);
  const items = await Promise.all(rows.map((r) => publicView(db, r.draw, false)));
  return { items: items.map(({ id, name, status, commitment, seed, publicValueSource, publicValue, committedAt, revealedAt, canteens }) => ({ id, name, status, commitment, seed, publicValueSource, publicValue, committedAt, revealedAt, canteens })) };
}
