/**
 * The pure rules of dispatch notices (no I/O): which schools a notice addresses, and how the receipts count.
 */
import { regionRange } from "../orgs/region-ladder.ts";
import type { RegionLevel } from "../scope/actor.ts";

export interface OrgLike {
  id: string;
  kind: string;
  regionCode: string;
  status?: string;
}

/** A notice to a region addresses every active school in it or below it (a city's notice reaches its districts' schools). */
export function isAddressed(org: OrgLike, region: { code: string; level: RegionLevel }): boolean {
  if (org.kind !== "school" || (org.status ?? "active") !== "active") return false;
  const [lo, hi] = regionRange(region.code, region.level);
  return org.regionCode >= lo && org.regionCode <= hi;
}

export const addressedSchools = <O extends OrgLike>(all: readonly O[], region: { code: string; level: RegionLevel }): O[] => all.filter((o) => isAddressed(o, region));

/** Read counts over the receipts: each school counts once, read when it has a receipt. */
export function readCounts(receipts: ReadonlyArray<{ readAt: unknown }>): { schools: number; read: number } {
  return { schools: receipts.length, read: receipts.filter((r) => r.readAt != null).length };
}

/** Receipts in the order the sender wants to see them: unread first (who still has to act), then by name. */
export const receiptOrder = <R extends { readAt: string | null; orgName: string }>(receipts: readonly R[]): R[] =>
  [...receipts].sort((a, b) => Number(a.readAt != null) - Number(b.readAt != null) || a.orgName.localeCompare(b.orgName, "zh-CN"));
