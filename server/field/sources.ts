import { and, desc, eq, gte, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { alerts, canteens, inspections, memberships, orgs, patrolDraws, regions, snapshots, spotCheckInspectors, spotChecks, users } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { conflict, notFound } from "../http/errors.ts";
import { regionRange } from "../orgs/region-ladder.ts";
import type { Actor, Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { complaintInScope } from "../scope/loaders.ts";
import type { EvidenceItem } from "./contracts.ts";

/**
 * Where a field task comes from, read through the caller's scope: the canteen, a default title, the online evidence
 * (copied onto the task so it stays what the task was made from), and — for a spot check — its own inspectors, who
 * may go even when 回避 put them outside their district.
 */
export interface Source {
  canteenId: string;
  orgId: string;
  schoolRegion: string;
  title: string;
  evidence: EvidenceItem[];
  ownInspectors: string[];
}

const MAX_SNAPSHOTS = 12;

async function spotCheckSource(db: DbOrTx, scope: Scope, actor: Actor, id: string): Promise<Source> {
  const [assigned] = await db.select().from(spotCheckInspectors).where(and(eq(spotCheckInspectors.spotCheckId, id), eq(spotCheckInspectors.userId, actor.userId)));
  const fields = { check: spotChecks, canteenName: canteens.name, orgId: canteens.orgId, region: orgs.regionCode, revealedAt: patrolDraws.revealedAt };
  const base = db.select(fields).from(spotChecks).innerJoin(canteens, eq(canteens.id, spotChecks.canteenId)).innerJoin(orgs, eq(orgs.id, canteens.orgId)).innerJoin(patrolDraws, eq(patrolDraws.id, spotChecks.drawId));
  const [row] = assigned ? await base.where(eq(spotChecks.id, id)) : await scopedLists(db, scope).spotChecks(fields, eq(spotChecks.id, id)).innerJoin(patrolDraws, eq(patrolDraws.id, spotChecks.drawId));
  if (!row) throw notFound();
  if (row.check.result === "satisfactory") throw conflict("spot_check_satisfactory");
  // the frames of this check's inspection, or of the canteen's spot-check inspections since the draw was revealed
  const since = row.revealedAt ?? 0;
  const shots = await db
    .select({ id: snapshots.id, takenAt: snapshots.takenAt })
    .from(snapshots)
    .innerJoin(inspections, eq(inspections.id, snapshots.inspectionId))
    .where(and(eq(snapshots.canteenId, row.check.canteenId), row.check.inspectionId ? eq(inspections.id, row.check.inspectionId) : and(eq(inspections.kind, "spot_check"), gte(inspections.startedAt, since))))
    .orderBy(desc(snapshots.takenAt))
    .limit(MAX_SNAPSHOTS);
  const people = await db.select({ userId: spotCheckInspectors.userId }).from(spotCheckInspectors).where(eq(spotCheckInspectors.spotCheckId, id));
  return {
    canteenId: row.check.canteenId,
    orgId: row.orgId,
    schoolRegion: row.region,
    title: row.canteenName,
    evidence: [
      { kind: "spot_check", label: row.check.note ?? "", at: row.check.completedAt ? toIso(row.check.completedAt) : null, href: "/patrol/spot-checks", image: null },
      ...shots.map((s) => ({ kind: "snapshot" as const, label: s.id, at: toIso(s.takenAt), href: null, image: `/api/v1/snapshots/${s.id}/image` })),
    ],
    ownInspectors: people.map((p) => p.userId),
  };
}

async function alertSource(db: DbOrTx, scope: Scope, id: string): Promise<Source> {
  const [row] = await scopedLists(db, scope).alerts({ alert: alerts, region: orgs.regionCode }, eq(alerts.id, id));
  if (!row) throw notFound();
  const [canteen] = await db.select({ name: canteens.name }).from(canteens).where(eq(canteens.id, row.alert.canteenId));
  const a = row.alert;
  return {
    canteenId: a.canteenId,
    orgId: a.orgId,
    schoolRegion: row.region,
    title: canteen?.name ?? "",
    evidence: [{ kind: "alert", label: a.type, at: toIso(a.occurredAt), href: "/alerts", image: a.snapshotKey ? `/api/v1/alerts/${a.id}/snapshot` : null }],
    ownInspectors: [],
  };
}

async function complaintSource(db: DbOrTx, scope: Scope, id: string): Promise<Source> {
  const { complaint: c, canteen, org } = await complaintInScope(db, scope, id);
  if (c.status === "closed") throw conflict("complaint_closed");
  return {
    canteenId: c.canteenId,
    orgId: c.orgId,
    schoolRegion: org.regionCode,
    title: canteen.name,
    evidence: [{ kind: "complaint", label: `${c.code} · ${c.text}`, at: toIso(c.createdAt), href: "/complaints", image: c.photoKey ? `/api/v1/complaints/${c.id}/photo` : null }],
    ownInspectors: [],
  };
}

export function sourceOf(db: DbOrTx, scope: Scope, actor: Actor, source: { kind: "spot_check" | "alert" | "complaint"; id: string }): Promise<Source> {
  if (source.kind === "spot_check") return spotCheckSource(db, scope, actor, source.id);
  if (source.kind === "alert") return alertSource(db, scope, source.id);
  return complaintSource(db, scope, source.id);
}

/** Who may be sent: regulators' inspectors and admins whose region covers the school, and the spot check's own inspectors. */
export async function eligibleInspectors(db: DbOrTx, source: Source, only?: string[]) {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, orgName: orgs.name, regionCode: orgs.regionCode, level: regions.level })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .where(and(eq(orgs.kind, "regulator"), inArray(memberships.role, ["inspector", "regulator_admin"]), eq(users.status, "active"), only ? inArray(users.id, only) : undefined))
    .orderBy(users.displayName, users.id);
  const seen = new Set<string>();
  return rows.filter((r) => {
    const [lo, hi] = regionRange(r.regionCode, r.level);
    const covers = source.schoolRegion >= lo && source.schoolRegion <= hi;
    if ((!covers && !source.ownInspectors.includes(r.id)) || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  }).map(({ id, displayName, orgName }) => ({ id, displayName, orgName }));
}
