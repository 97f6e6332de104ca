import { and, between, count, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, ledgerDayRollups, ledgerEntries, ledgerReviews, ledgerSettings, orgs, regions, staffMembers } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import type { AppDeps } from "../http/env.ts";
import { invalid } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { settingsOf } from "./check.ts";
import type { LedgerKind } from "./kinds.ts";
import { addDays, cadencesOf, certificateStatus, chinaDay, completeness, daysBetween, DEFAULT_MEALS, dueOf, periodicDone, periodShape, rateOf, recordedKey } from "./rules.ts";

/** Cadence and completeness (issue 14, item 3): the school's to-do for a canteen, the regulator's overview. */

const MAX_DAYS = 366;
const byName = new Intl.Collator("zh-CN");
/** A period of China days (default today), at most a year. */
export function period(now: number, from?: string, to?: string) {
  const today = chinaDay(now);
  const end = to ?? today;
  const start = from ?? end;
  if (start > end) throw invalid("from_after_to", [{ path: "from", message: "after to" }]);
  const n = daysBetween(start, end) + 1;
  if (n > MAX_DAYS) throw invalid("period_too_long", [{ path: "from", message: `at most ${MAX_DAYS} days` }]);
  return { from: start, to: end, days: Array.from({ length: n }, (_, i) => addDays(start, i)) };
}

const later = alias(ledgerEntries, "later_version");
/** The distinct (canteen, kind, day, subject) of current versions in a period. */
function recordedRows(db: DbOrTx, canteenIds: string[], from: string, to: string) {
  return db
    .selectDistinct({ canteenId: ledgerEntries.canteenId, kind: ledgerEntries.kind, day: ledgerEntries.day, subject: ledgerEntries.subject })
    .from(ledgerEntries)
    .leftJoin(later, eq(later.supersedesId, ledgerEntries.id))
    .where(and(inArray(ledgerEntries.canteenId, canteenIds), gte(ledgerEntries.day, from), lte(ledgerEntries.day, to), isNull(later.id)));
}

/** Current versions that need attention (pesticide positive, unfit, rejected goods…), newest first. */
function flaggedRows(db: DbOrTx, canteenIds: string[], from: string, to: string) {
  return db
    .select({ id: ledgerEntries.id, canteenId: ledgerEntries.canteenId, kind: ledgerEntries.kind, day: ledgerEntries.day })
    .from(ledgerEntries)
    .leftJoin(later, eq(later.supersedesId, ledgerEntries.id))
    .where(and(inArray(ledgerEntries.canteenId, canteenIds), gte(ledgerEntries.day, from), lte(ledgerEntries.day, to), eq(ledgerEntries.flagged, true), isNull(later.id)))
    .orderBy(desc(ledgerEntries.eventAt));
}

type Cadences = ReturnType<typeof cadencesOf>;
function recordedSets(rows: Array<{ kind: string; day: string; subject: string | null }>, cadences: Cadences) {
  const sets: Partial<Record<LedgerKind, Set<string>>> = {};
  for (const r of rows) {
    const kind = r.kind as LedgerKind;
    if (!cadences[kind]) continue;
    (sets[kind] ??= new Set()).add(recordedKey(cadences[kind], r.day, r.subject));
  }
  return sets;
}

/** One canteen over a period (default today): per kind what was due, what is done, who or which meal is missing. */
export async function canteenCompleteness(deps: AppDeps, scope: Scope, q: { canteenId: string; from?: string; to?: string }) {
  const db = deps.db;
  await canteenInScope(db, scope, q.canteenId);
  const now = nowOf(deps);
  const p = period(now, q.from, q.to);
  const settings = await settingsOf(db, q.canteenId);
  const cadences = cadencesOf(settings.cadences);
  const staff = await db.select().from(staffMembers).where(and(eq(staffMembers.canteenId, q.canteenId), eq(staffMembers.active, true)));
  const rows = await recordedRows(db, [q.canteenId], p.from, p.to);
  const kinds = completeness({ days: p.days, cadences, staffIds: staff.map((s) => s.id), meals: settings.meals, recorded: recordedSets(rows, cadences) });
  const names = new Map(staff.map((s) => [s.id, s.name]));
  // a missing person is named, not numbered
  const named = kinds.map((k) => ({ ...k, missing: k.missing.map((m) => { const [day, subject] = m.split("|"); return `${day}|${names.get(subject!) ?? subject}`; }) }));
  const due = kinds.reduce((s, k) => s + k.due, 0);
  const done = kinds.reduce((s, k) => s + k.done, 0);
  const today = chinaDay(now);
  const certificates = staff
    .map((s) => ({ staffId: s.id, name: s.name, status: certificateStatus(s.certificateExpiresOn, today), expiresOn: s.certificateExpiresOn }))
    .filter((c) => c.status !== "valid");
  const [reviewed] = await db.select({ n: count() }).from(ledgerReviews).where(and(eq(ledgerReviews.canteenId, q.canteenId), eq(ledgerReviews.type, "daily_review"), eq(ledgerReviews.day, p.to)));
  const attention = (await flaggedRows(db, [q.canteenId], p.from, p.to)).map(({ canteenId: _c, ...f }) => ({ ...f, kind: f.kind as LedgerKind }));
  return { canteenId: q.canteenId, from: p.from, to: p.to, due, done, rate: rateOf(due, done), kinds: named, certificates, attention, reviewed: (reviewed?.n ?? 0) > 0 };
}

/**
 * Every canteen in the caller's scope (optionally under one region): completeness per canteen, per district, in
 * total. Reads the per-canteen-day rollups (rollup.ts), never the entries: the scoped list of canteens, then their
 * rollups by id.
 */
export async function completenessOverview(deps: AppDeps, scope: Scope, q: { regionCode?: string; from?: string; to?: string }) {
  const db = deps.db;
  const p = period(nowOf(deps), q.from, q.to);
  const level = !q.regionCode ? null : q.regionCode.endsWith("0000") ? "province" : q.regionCode.endsWith("00") ? "city" : "district";
  const under = q.regionCode && level ? between(orgs.regionCode, ...regionRange(q.regionCode, level)) : undefined;
  const activeStaff = sql<number>`(select count(*) from ${staffMembers} where ${staffMembers.canteenId} = ${canteens.id} and ${staffMembers.active} = 1)`;
  const list = await scopedLists(db, scope)
    .canteens({ canteenId: canteens.id, canteenName: canteens.name, orgName: orgs.name, regionCode: orgs.regionCode, staff: activeStaff, meals: ledgerSettings.meals, cadences: ledgerSettings.cadences }, under)
    .leftJoin(ledgerSettings, eq(ledgerSettings.canteenId, canteens.id));
  // the canteens in scope, by id: the rollups' index (canteen, day) answers each without a join
  const sums = [];
  for (let i = 0; i < list.length; i += 5000) {
    const ids = list.slice(i, i + 5000).map((c) => c.canteenId);
    sums.push(
      ...(await db
        .select({
          canteenId: ledgerDayRollups.canteenId,
          done: sql<number>`sum(${ledgerDayRollups.done})`,
          flagged: sql<number>`sum(${ledgerDayRollups.flagged})`,
          periodic: sql<string | null>`group_concat(case when ${ledgerDayRollups.periodic} is not null then ${ledgerDayRollups.day} || ':' || ${ledgerDayRollups.periodic} end, ';')`,
        })
        .from(ledgerDayRollups)
        .where(and(inArray(ledgerDayRollups.canteenId, ids), between(ledgerDayRollups.day, p.from, p.to)))
        .groupBy(ledgerDayRollups.canteenId)),
    );
  }
  const shape = periodShape(p.days);
  const sumsBy = new Map(sums.map((r) => [r.canteenId, r]));
  const perCanteen = list.map(({ staff, meals, cadences: overrides, ...c }) => {
    const cadences = cadencesOf(overrides ? JSON.parse(overrides) : {});
    const served = meals ? (JSON.parse(meals) as string[]) : DEFAULT_MEALS;
    const due = dueOf(shape, { cadences, staff: Number(staff), meals: served.length });
    const sum = sumsBy.get(c.canteenId);
    const pairs = sum?.periodic ? sum.periodic.split(";").map((x) => { const [day, periodic] = x.split(":"); return { day: day!, periodic: periodic! }; }) : [];
    const done = Math.min(due, Number(sum?.done ?? 0) + periodicDone(pairs, cadences));
    return { ...c, due, done, rate: rateOf(due, done), flagged: Number(sum?.flagged ?? 0) };
  });
  const districtCodes = [...new Set(perCanteen.map((c) => c.regionCode))];
  const names = districtCodes.length ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, districtCodes)) : [];
  const nameOf = new Map(names.map((r) => [r.code, r.name]));
  const districts = districtCodes.sort().map((code) => {
    const cs = perCanteen.filter((c) => c.regionCode === code);
    const due = cs.reduce((n, c) => n + c.due, 0);
    const done = cs.reduce((n, c) => n + c.done, 0);
    return { regionCode: code, regionName: nameOf.get(code) ?? code, due, done, rate: rateOf(due, done) };
  });
  const due = perCanteen.reduce((n, c) => n + c.due, 0);
  const done = perCanteen.reduce((n, c) => n + c.done, 0);
  return { from: p.from, to: p.to, total: { due, done, rate: rateOf(due, done) }, districts, canteens: perCanteen.sort((a, b) => a.rate - b.rate || byName.compare(a.canteenName, b.canteenName)) };
}
