import { and, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, ledgerChecklists, orgs, regions, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps, Caller } from "../http/env.ts";
import { forbidden, invalid, notFound } from "../http/errors.ts";
import { regionLadder } from "../orgs/region-ladder.ts";
import { regionInScope, type Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import {
  BUILTIN_ITEMS, CHECKLIST_KINDS, type ChecklistInEffect, checklistInEffect, type ChecklistKind, checklistProblems, type ChecklistVersion, itemsToStore,
} from "./checklist.ts";
import type { SaveChecklist } from "./contracts.ts";

/** The region-adapted 自查 checklists (issue 14): the regulator's versions, and the checklist in effect for a canteen. */

type Row = typeof ledgerChecklists.$inferSelect;
const versionOf = (r: Row): ChecklistVersion => ({ id: r.id, regionCode: r.regionCode, version: r.version, items: r.items === null ? null : JSON.parse(r.items) });

/** The latest version per region of the ladder, for one kind (a region holds a handful of versions: read them all). */
async function latestOf(db: DbOrTx, ladder: readonly string[], kind: ChecklistKind): Promise<Map<string, Row>> {
  const rows = await db.select().from(ledgerChecklists).where(and(inArray(ledgerChecklists.regionCode, [...ladder]), eq(ledgerChecklists.kind, kind))).orderBy(desc(ledgerChecklists.version));
  const latest = new Map<string, Row>();
  for (const r of rows) if (!latest.has(r.regionCode)) latest.set(r.regionCode, r);
  return latest;
}
const inEffectOf = (kind: ChecklistKind, ladder: readonly string[], latest: Map<string, Row>) => checklistInEffect(kind, ladder, new Map([...latest].map(([code, r]) => [code, versionOf(r)])));

/** The checklist an entry of this kind is checked against: its canteen's nearest region's, else the built-in one. */
export async function checklistForCanteen(db: DbOrTx, canteenId: string, kind: ChecklistKind): Promise<ChecklistInEffect> {
  const [row] = await db.select({ regionCode: orgs.regionCode }).from(canteens).innerJoin(orgs, eq(orgs.id, canteens.orgId)).where(eq(canteens.id, canteenId));
  if (!row) throw notFound();
  const ladder = regionLadder(row.regionCode);
  return inEffectOf(kind, ladder, await latestOf(db, ladder, kind));
}

/** The checklists in effect for a canteen in scope, for its school's forms. */
export async function canteenChecklists(deps: AppDeps, scope: Scope, canteenId: string) {
  const { org } = await canteenInScope(deps.db, scope, canteenId);
  const ladder = regionLadder(org.regionCode);
  const kinds = await Promise.all(CHECKLIST_KINDS.map(async (kind) => ({ kind, ...inEffectOf(kind, ladder, await latestOf(deps.db, ladder, kind)) })));
  return { canteenId, kinds };
}

/** A region inside the caller's jurisdiction (region codes are public: another's is a 403, an unknown one a 404). */
async function regionFor(db: DbOrTx, scope: Scope, code: string) {
  if (!regionInScope(scope, code)) throw forbidden("region_out_of_scope");
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) throw notFound("region_unknown");
  return region;
}

/** One kind as the regulator's page shows it: the region's own latest version, what is in effect, what applies without it. */
async function regionKind(db: DbOrTx, code: string, kind: ChecklistKind) {
  const ladder = regionLadder(code);
  const latest = await latestOf(db, ladder, kind);
  const own = latest.get(code);
  const [author] = own ? await db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, own.createdBy)) : [];
  const inherited = inEffectOf(kind, ladder.slice(1), latest);
  const [above] = inherited.regionCode ? await db.select({ name: regions.name }).from(regions).where(eq(regions.code, inherited.regionCode)) : [];
  return {
    kind,
    own: own ? { id: own.id, version: own.version, items: versionOf(own).items, createdAt: toIso(own.createdAt), createdBy: author ?? { id: own.createdBy, name: "" } } : null,
    inEffect: inEffectOf(kind, ladder, latest),
    inherited,
    inheritedFrom: above?.name ?? null,
    builtin: [...BUILTIN_ITEMS[kind]],
  };
}

export async function regionChecklists(deps: AppDeps, scope: Scope, code: string) {
  const region = await regionFor(deps.db, scope, code);
  return { regionCode: region.code, regionName: region.name, kinds: await Promise.all(CHECKLIST_KINDS.map((k) => regionKind(deps.db, region.code, k))) };
}

/** A new version of a region's checklist of a kind (items null: back to the region above or the built-in list), audited. */
export async function saveChecklist(caller: Caller, body: z.infer<typeof SaveChecklist>) {
  const { deps, scope, actor } = caller;
  const region = await regionFor(deps.db, scope, body.regionCode);
  if (body.items) {
    const problems = checklistProblems(body.kind, body.items);
    if (problems.length) throw invalid("invalid_checklist", problems);
  }
  const items = body.items ? itemsToStore(body.items, () => `c_${newId("x").slice(2, 14).toLowerCase()}`) : null;
  await writeAudited(deps, async (tx) => {
    const [last] = await tx.select({ version: ledgerChecklists.version }).from(ledgerChecklists).where(and(eq(ledgerChecklists.regionCode, region.code), eq(ledgerChecklists.kind, body.kind))).orderBy(desc(ledgerChecklists.version)).limit(1);
    const row: Row = { id: newId("lck"), regionCode: region.code, kind: body.kind, version: (last?.version ?? 0) + 1, items: items ? JSON.stringify(items) : null, createdBy: actor.userId, createdAt: nowOf(deps) };
    await tx.insert(ledgerChecklists).values(row);
    return { result: row, audit: { actorId: actor.userId, action: "ledger_checklist.adapt", targetType: "ledger_checklist", targetId: row.id, change: row } };
  });
  return regionKind(deps.db, region.code, body.kind);
}
