import { and, eq, inArray, like, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, committeeMembers, orgs, supplierCanteens, supplierProfiles } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { toIso } from "../clock/time.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { certificateStatus, chinaDay } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope, orgInScope } from "../scope/loaders.ts";
import { managedSupplier, managedSuppliers } from "../scope/trace.ts";
import type { z } from "zod";
import type { ApproveSupplier, Supplier, SupplierProfileBody } from "./contracts.ts";
import { committeeSeatedOn } from "./rules.ts";

/** 供应商档案 and the canteens a supplier serves (issue 15, item 1). */

type Profile = typeof supplierProfiles.$inferSelect;
type Org = typeof orgs.$inferSelect;

export function supplierOf(org: Pick<Org, "id" | "name" | "regionCode">, p: Profile | null | undefined, today: string): z.infer<typeof Supplier> {
  return {
    id: org.id,
    name: org.name,
    regionCode: org.regionCode,
    profile: p
      ? {
          businessLicenceNo: p.businessLicenceNo,
          businessLicenceExpiresOn: p.businessLicenceExpiresOn,
          businessLicence: certificateStatus(p.businessLicenceExpiresOn, today),
          foodLicenceNo: p.foodLicenceNo,
          foodLicenceExpiresOn: p.foodLicenceExpiresOn,
          foodLicence: certificateStatus(p.foodLicenceExpiresOn, today),
          products: JSON.parse(p.products),
        }
      : null,
  };
}

/** Whether a supplier's licences have run out on `day` (a delivery from it is a warning; an approval a 409). */
export const licenceExpired = (p: Profile, day: string) => p.businessLicenceExpiresOn < day || p.foodLicenceExpiresOn < day;

export async function profileOf(db: DbOrTx, supplierId: string) {
  const [p] = await db.select().from(supplierProfiles).where(eq(supplierProfiles.orgId, supplierId));
  return p ?? null;
}

/** The supplier manager's own suppliers with the canteens each serves. */
export async function mySuppliers({ deps, scope }: Caller) {
  const ids = managedSuppliers(scope);
  const today = chinaDay(nowOf(deps));
  if (!ids.length) return { suppliers: [] };
  const [rows, profiles, served] = await Promise.all([
    deps.db.select().from(orgs).where(inArray(orgs.id, ids)),
    deps.db.select().from(supplierProfiles).where(inArray(supplierProfiles.orgId, ids)),
    deps.db
      .select({ supplierId: supplierCanteens.supplierId, id: canteens.id, name: canteens.name, schoolName: orgs.name })
      .from(supplierCanteens)
      .innerJoin(canteens, eq(canteens.id, supplierCanteens.canteenId))
      .innerJoin(orgs, eq(orgs.id, canteens.orgId))
      .where(inArray(supplierCanteens.supplierId, ids))
      .orderBy(canteens.name),
  ]);
  return {
    suppliers: rows.map((o) => ({
      ...supplierOf(o, profiles.find((p) => p.orgId === o.id), today),
      canteens: served.filter((s) => s.supplierId === o.id).map(({ id, name, schoolName }) => ({ id, name, schoolName })),
    })),
  };
}

/** The supplier's licences and products (its own manager only). */
export async function saveProfile(caller: Caller, supplierId: string, body: z.infer<typeof SupplierProfileBody>) {
  const org = await managedSupplier(caller.deps.db, caller.scope, supplierId);
  const now = nowOf(caller.deps);
  const row = { orgId: org.id, ...body, products: JSON.stringify([...new Set(body.products)]), updatedAt: now };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(supplierProfiles).values(row).onConflictDoUpdate({ target: supplierProfiles.orgId, set: row });
    return { result: null, audit: { actorId: caller.actor.userId, action: "supplier.profile", targetType: "org", targetId: org.id, change: row } };
  });
  return supplierOf(org, { ...row }, chinaDay(now));
}

/** A canteen's approved suppliers, and the other suppliers of its city it could approve. */
export async function canteenSuppliers(deps: Caller["deps"], scope: Scope, canteenId: string) {
  const { canteen, org } = await canteenInScope(deps.db, scope, canteenId);
  const today = chinaDay(nowOf(deps));
  const served = await deps.db
    .select({ org: orgs, profile: supplierProfiles, link: supplierCanteens })
    .from(supplierCanteens)
    .innerJoin(orgs, eq(orgs.id, supplierCanteens.supplierId))
    .leftJoin(supplierProfiles, eq(supplierProfiles.orgId, orgs.id))
    .where(eq(supplierCanteens.canteenId, canteen.id))
    .orderBy(orgs.name);
  const servedIds = served.map((s) => s.org.id);
  const candidates = await deps.db
    .select({ org: orgs, profile: supplierProfiles })
    .from(orgs)
    .innerJoin(supplierProfiles, eq(supplierProfiles.orgId, orgs.id))
    .where(and(eq(orgs.kind, "supplier"), like(orgs.regionCode, `${org.regionCode.slice(0, 4)}%`), servedIds.length ? notInArray(orgs.id, servedIds) : undefined))
    .orderBy(orgs.name)
    .limit(100);
  return {
    canteenId: canteen.id,
    served: served.map((s) => ({ ...supplierOf(s.org, s.profile, today), approvedAt: toIso(s.link.approvedAt), committeeConsulted: s.link.committeeConsulted, consultation: consultationOf(s.link) })),
    candidates: candidates.map((c) => supplierOf(c.org, c.profile, today)),
  };
}

type Link = typeof supplierCanteens.$inferSelect;
const consultationOf = (l: Link) => (l.consultedOn ? { on: l.consultedOn, note: l.consultationNote ?? "", committeeSize: l.committeeSize ?? 0 } : null);

/**
 * A school approves a supplier for its canteen (again: the approval is renewed). Licences must be current, and the
 * parent committee must have been consulted (seed: 家长委员会 consulted on the choice of supplier): the day, how, and
 * the committee must have had members seated that day — the record is what the parents and the regulator check.
 */
export async function approveSupplier(caller: Caller, canteenId: string, body: z.infer<typeof ApproveSupplier>) {
  const { canteen, org } = await canteenInScope(caller.deps.db, caller.scope, canteenId);
  const [supplier] = await caller.deps.db.select().from(orgs).where(and(eq(orgs.id, body.supplierId), eq(orgs.kind, "supplier")));
  if (!supplier) throw notFound("supplier_not_found");
  const profile = await profileOf(caller.deps.db, supplier.id);
  if (!profile) throw conflict("supplier_profile_missing", [{ path: "supplierId", message: "supplier_profile_missing" }]);
  const now = nowOf(caller.deps);
  const today = chinaDay(now);
  if (licenceExpired(profile, today)) throw conflict("supplier_licence_expired", [{ path: "supplierId", message: `supplier_licence_expired: business ${profile.businessLicenceExpiresOn}, food ${profile.foodLicenceExpiresOn}` }]);
  const consultation = body.consultation;
  if (!consultation) throw conflict("committee_not_consulted", [{ path: "consultation", message: "committee_not_consulted" }]);
  if (consultation.on > today) throw invalid("consulted_after_approval", [{ path: "consultation.on", message: "consulted_after_approval" }]);
  const seats = await caller.deps.db.select({ createdAt: committeeMembers.createdAt, endedAt: committeeMembers.endedAt }).from(committeeMembers).where(eq(committeeMembers.orgId, org.id));
  const committeeSize = committeeSeatedOn(seats, consultation.on);
  if (!committeeSize) throw conflict("committee_empty", [{ path: "consultation.on", message: `committee_empty: no member of the school's meal committee was seated on ${consultation.on}` }]);
  const row = { supplierId: supplier.id, canteenId: canteen.id, committeeConsulted: true, consultedOn: consultation.on, consultationNote: consultation.note, committeeSize, approvedBy: caller.actor.userId, approvedAt: now };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(supplierCanteens).values(row).onConflictDoUpdate({ target: [supplierCanteens.supplierId, supplierCanteens.canteenId], set: row });
    return { result: null, audit: { actorId: caller.actor.userId, action: "supplier.approve", targetType: "canteen", targetId: canteen.id, change: row } };
  });
  return canteenSuppliers(caller.deps, caller.scope, canteen.id);
}

/**
 * The suppliers a school approved for its canteens and how its parent committee was consulted on each: for the
 * school's parent representatives (they watch the choice), its managers and its regulators (committee.suppliers).
 */
export async function schoolApprovals(deps: Caller["deps"], scope: Scope, orgId: string) {
  const org = await orgInScope(deps.db, scope, orgId);
  const today = chinaDay(nowOf(deps));
  const rows = await deps.db
    .select({ link: supplierCanteens, supplierName: orgs.name, canteenName: canteens.name, profile: supplierProfiles })
    .from(supplierCanteens)
    .innerJoin(canteens, eq(canteens.id, supplierCanteens.canteenId))
    .innerJoin(orgs, eq(orgs.id, supplierCanteens.supplierId))
    .leftJoin(supplierProfiles, eq(supplierProfiles.orgId, supplierCanteens.supplierId))
    .where(eq(canteens.orgId, org.id))
    .orderBy(canteens.name, orgs.name);
  return {
    orgId: org.id,
    orgName: org.name,
    approvals: rows.map((r) => ({
      supplier: { id: r.link.supplierId, name: r.supplierName, foodLicenceNo: r.profile?.foodLicenceNo ?? null, foodLicence: r.profile ? certificateStatus(r.profile.foodLicenceExpiresOn, today) : null },
      canteen: { id: r.link.canteenId, name: r.canteenName },
      approvedAt: toIso(r.link.approvedAt),
      committeeConsulted: r.link.committeeConsulted,
      consultation: consultationOf(r.link),
    })),
  };
}
