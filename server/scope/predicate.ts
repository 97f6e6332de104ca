import { and, between, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { cameras, orgs } from "../../db/schema/index.ts";
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

/** A region code column inside the caller's regional jurisdiction (draws, plans: records of a region, not of an org). */
export function regionInScopeSql(scope: Scope, column: SQLiteColumn): SQL {
  const parts = scope.regionRanges.map(([lo, hi]) => between(column, lo, hi));
  return parts.length ? (or(...parts) as SQL) : sql`0 = 1`;
}

/** Parents see only cameras marked public_visible (DESIGN §3, §5). */
export function cameraVisibleSql(scope: Scope): SQL {
  return scope.publicCamerasOnly ? and(orgInScopeSql(scope), eq(cameras.publicVisible, true))! : orgInScopeSql(scope);
}

