import { and, between, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { cameras, dispatchNotices, dispatchRecipients, orgs } from "../../db/schema/index.ts";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Scope } from "./actor.ts";

/**
 * The scope as SQL, on the `orgs` table (and `cameras` for parents). Only loaders.ts and lists.ts of this folder
 * import it (tests/unit/architecture.test.ts fails otherwise), so every scoped query is built by construction.
 */
/** The single SQL condition every scoped query applies to the `orgs` table. */
export function orgInScopeSql(scope: Scope): SQL {
  const parts = scope.regionRanges.map(([lo, hi]) => between(orgs.regionCode, lo, hi));
  if (scope.orgIds.length) parts.push(inArray(orgs.id, scope.orgIds));
  return parts.length ? (or(...parts) as SQL) : sql`0 = 1`;
}

/**
 * The same condition with a hint for SQLite's planner, for a list read a page at a time in the order of one of
 * its table's indexes. A broad scope (a province's or a city's code range) holds most rows, so the planner should
 * walk that index and stop after a page; a narrow one (a district, single orgs) holds few, so it should start from
 * the scope's orgs and sort their rows. Left to itself, without statistics, SQLite guessed wrong both ways: on the
 * province dataset (20,000 schools, 200,000 alerts, 60,000 orders) the province's inbox took 780 ms by starting
 * from its 20,000 orgs, and a district's order list 76 ms by walking every order. likelihood() changes only the
 * plan, never the rows; its probability must be a literal.
 */
export function orgInScopeForPagingSql(scope: Scope): SQL {
  const broad = scope.regionRanges.some(([lo, hi]) => lo !== hi);
  return sql`likelihood(${orgInScopeSql(scope)}, ${sql.raw(broad ? "0.9" : "0.01")})`;
}

/** A region code column inside the caller's regional jurisdiction (draws, plans: records of a region, not of an org). */
export function regionInScopeSql(scope: Scope, column: SQLiteColumn): SQL {
  const parts = scope.regionRanges.map(([lo, hi]) => between(column, lo, hi));
  return parts.length ? (or(...parts) as SQL) : sql`0 = 1`;
}

/** Parents see only cameras marked public_visible (DESIGN §3, §5). */
export function cameraVisibleSql(scope: Scope): SQL {
  return scope.publicCamerasOnly ? and(orgInScopeSql(scope), eq(cameras.publicVisible, true))! : orgInScopeSql(scope);
}


/**
 * A dispatch notice (issue 16, item 8) in scope: a region user's when it addresses a region inside their jurisdiction;
 * a school's when the school was among those it was sent to (a notice to a region above the school).
 */
export function dispatchNoticeInScopeSql(scope: Scope): SQL {
  const parts = scope.regionRanges.map(([lo, hi]) => between(dispatchNotices.regionCode, lo, hi));
  if (scope.orgIds.length) parts.push(inArray(dispatchNotices.id, sql`(select ${dispatchRecipients.noticeId} from ${dispatchRecipients} where ${inArray(dispatchRecipients.orgId, scope.orgIds)})`));
  return parts.length ? (or(...parts) as SQL) : sql`0 = 1`;
}
