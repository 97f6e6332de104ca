import { and, count, desc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, orgs, supplierCanteens, supplierProfiles, traceWarnings } from "../../db/schema/index.ts";
import { scopedLists } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { nowOf, type AppDeps } from "../http/env.ts";
import { addDays, chinaDay } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { scopedWarnings } from "../scope/trace.ts";
import { monthOf } from "./rules.ts";

/** 异常预警 (issue 15, item 4): recorded with what raised them, shown on the school's to-do, counted for regulators. */

export type WarningKind = (typeof traceWarnings.$inferInsert)["kind"];
export interface NewWarning {
  canteenId: string;
  kind: WarningKind;
  refId: string;
  detail: Record<string, unknown>;
}

export async function raiseWarnings(tx: DbOrTx, now: number, warnings: NewWarning[]) {
  if (!warnings.length) return;
  const day = chinaDay(now);
  await tx.insert(traceWarnings).values(warnings.map((w) => ({ id: newId("twn"), canteenId: w.canteenId, kind: w.kind, day, month: monthOf(day), refId: w.refId, detail: JSON.stringify(w.detail), createdAt: now })));
}

const columns = { w: traceWarnings, canteenName: canteens.name };
const out = (r: { w: typeof traceWarnings.$inferSelect; canteenName: string }) => ({ id: r.w.id, canteenId: r.w.canteenId, canteenName: r.canteenName, kind: r.w.kind, day: r.w.day, refId: r.w.refId, detail: JSON.parse(r.w.detail), createdAt: toIso(r.w.createdAt) });

/** Warnings of a canteen (or of every canteen in scope), newest first. */
export async function listWarnings(deps: AppDeps, scope: Scope, q: { canteenId?: string; from?: string; to?: string; limit: number }) {
  if (q.canteenId) await canteenInScope(deps.db, scope, q.canteenId);
  const filters = [q.canteenId ? eq(traceWarnings.canteenId, q.canteenId) : undefined, q.from ? gte(traceWarnings.day, q.from) : undefined, q.to ? lte(traceWarnings.day, q.to) : undefined];
  const [rows, [total]] = await Promise.all([
    scopedWarnings(deps.db, scope, columns, ...filters).orderBy(desc(traceWarnings.createdAt), desc(traceWarnings.id)).limit(q.limit),
    scopedWarnings(deps.db, scope, { n: count() }, ...filters),
  ]);
  return { items: rows.map(out), total: total?.n ?? 0 };
}

/** The warnings of the last days of every canteen in scope: the school's to-do. */
export async function recentWarnings(db: DbOrTx, scope: Scope, now: number, days = 7) {
  const from = chinaDay(now - days * 86_400_000);
  return scopedWarnings(db, scope, columns, gte(traceWarnings.day, from)).orderBy(desc(traceWarnings.createdAt)).limit(200);
}

/** A month's warnings per district and kind, within the caller's jurisdiction (optionally one region of it). */
export async function warningsOverview(deps: AppDeps, scope: Scope, q: { regionCode?: string; month?: string }) {
  const month = q.month ?? monthOf(chinaDay(nowOf(deps)));
  const prefix = q.regionCode ? q.regionCode.replace(/0+$/, "") : null;
  const rows = await scopedWarnings(deps.db, scope, { regionCode: orgs.regionCode, kind: traceWarnings.kind, n: count() }, eq(traceWarnings.month, month), prefix ? sql`${orgs.regionCode} like ${`${prefix}%`}` : undefined).groupBy(
    orgs.regionCode,
    traceWarnings.kind,
  );
  const byKind: Record<string, number> = {};
  const districts = new Map<string, { regionCode: string; count: number; byKind: Record<string, number> }>();
  for (const r of rows) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.n;
    const d = districts.get(r.regionCode) ?? { regionCode: r.regionCode, count: 0, byKind: {} };
    d.count += r.n;
    d.byKind[r.kind] = (d.byKind[r.kind] ?? 0) + r.n;
    districts.set(r.regionCode, d);
  }
  return { month, total: rows.reduce((s, r) => s + r.n, 0), byKind, districts: [...districts.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode)) };
}

/**
 * The school's suppliers whose business or food licence has run out or runs out within 30 days (like the staff's
 * health certificates): a to-do until renewed.
 */
export async function expiringSuppliers(db: DbOrTx, scope: Scope, now: number) {
  const soon = addDays(chinaDay(now), 30);
  const rows = await scopedLists(db, scope)
    // the filter goes in with the scope (a later where() would replace it); it names the joined profile
    .canteens(
      { supplierId: supplierCanteens.supplierId, canteenName: canteens.name, food: supplierProfiles.foodLicenceExpiresOn, business: supplierProfiles.businessLicenceExpiresOn },
      or(lte(supplierProfiles.foodLicenceExpiresOn, soon), lte(supplierProfiles.businessLicenceExpiresOn, soon)),
    )
    .innerJoin(supplierCanteens, eq(supplierCanteens.canteenId, canteens.id))
    .innerJoin(supplierProfiles, eq(supplierProfiles.orgId, supplierCanteens.supplierId))
    .limit(200);
  const names = rows.length ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...new Set(rows.map((r) => r.supplierId))])) : [];
  return rows.map((r) => ({ ...r, supplierName: names.find((n) => n.id === r.supplierId)?.name ?? "", expiresOn: r.food < r.business ? r.food : r.business }));
}
