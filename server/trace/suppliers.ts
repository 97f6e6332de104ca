import { and, eq, inArray, like, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, orgs, supplierCanteens, supplierProfiles } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { toIso } from "../clock/time.ts";
import { conflict, notFound } from "../http/errors.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { certificateStatus, chinaDay } from "../ledgers/rules.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { managedSupplier, managedSuppliers } from "../scope/trace.ts";
import type { z } from "zod";
import type { ApproveSupplier, Supplier, SupplierProfileBody } from "./contracts.ts";

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
    served: served.map((s) => ({ ...supplierOf(s.org, s.profile, today), approvedAt: toIso(s.link.approvedAt), committeeConsulted: s.link.committeeConsulted })),
    candidates: candidates.map((c) => supplierOf(c.org, c.profile, today)),
  };
}

/** A school approves a supplier for its canteen (again: the approval is renewed). Licences must be current. */
export async function approveSupplier(caller: Caller, canteenId: string, body: z.infer<typeof ApproveSupplier>) {
  const { canteen } = await canteenInScope(caller.deps.db, caller.scope, canteenId);
  const [supplier] = await caller.deps.db.select().from(orgs).where(and(eq(orgs.id, body.supplierId), eq(orgs.kind, "supplier")));
  if (!supplier) throw notFound("supplier_not_found");
  const profile = await profileOf(caller.deps.db, supplier.id);
  if (!profile) throw conflict("supplier_profile_missing");
  const now = nowOf(caller.deps);
  if (licenceExpired(profile, chinaDay(now))) throw conflict("supplier_licence_expired");
  const row = { supplierId: supplier.id, canteenId: canteen.id, committeeConsulted: body.committeeConsulted, approvedBy: caller.actor.userId, approvedAt: now };
  await writeAudited(caller.deps, async (tx) => {
    await tx.insert(supplierCanteens).values(row).onConflictDoUpdate({ target: [supplierCanteens.supplierId, supplierCanteens.canteenId], set: row });
    return { result: null, audit: { actorId: caller.actor.userId, action: "supplier.approve", targetType: "canteen", targetId: canteen.id, change: row } };
  });
  return canteenSuppliers(caller.deps, caller.scope, canteen.id);
}
