import { and, avg, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { areas, canteenDisclosures, canteenRatings, cameras, complaints, inspections, orders, regions, staffMembers } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { REGULATOR_INSPECTION_KINDS } from "../contracts/enums.ts";
import { nowOf, type AppDeps } from "../http/env.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { canteenBySlug } from "../scope/loaders.ts";
import { HOTLINES, type PublicCanteen } from "./contracts.ts";
import { liveWindow, maskName } from "./rules.ts";
import { publicSources } from "../trace/public.ts";
import { chinaDay } from "../ledgers/rules.ts";

const RECENT = 10;

/** Everything the public page shows, read on nobody's behalf (SYSTEM): the slug is the only key. */
export async function publicCanteen(deps: AppDeps, slug: string): Promise<PublicCanteen> {
  const { db } = deps;
  const { canteen, org } = await canteenBySlug(db, slug);
  const now = nowOf(deps);
  const lists = scopedLists(db, SYSTEM);
  const [[disclosure], [region], checks, orderCounts, recentOrders, publicCameras, [rating], [complaintCounts], staff] = await Promise.all([
    db.select().from(canteenDisclosures).where(eq(canteenDisclosures.canteenId, canteen.id)),
    db.select({ name: regions.name }).from(regions).where(eq(regions.code, org.regionCode)),
    lists
      // 第十二条: market supervision's results — not the school's own self-checks, leaders' patrols or parents' viewings
      .inspections({ endedAt: inspections.endedAt, kind: inspections.kind, result: inspections.result }, eq(inspections.canteenId, canteen.id), eq(inspections.status, "ended"), isNotNull(inspections.endedAt), inArray(inspections.kind, [...REGULATOR_INSPECTION_KINDS]))
      .orderBy(desc(inspections.endedAt))
      .limit(RECENT),
    lists.orders({ status: orders.status, n: count() }, eq(orders.canteenId, canteen.id)).groupBy(orders.status),
    lists.orders({ number: orders.number, issuedAt: orders.issuedAt, deadline: orders.deadline, status: orders.status }, eq(orders.canteenId, canteen.id)).orderBy(desc(orders.issuedAt)).limit(RECENT),
    lists
      .cameras({ id: cameras.id, name: cameras.name, areaKind: areas.kind }, eq(cameras.canteenId, canteen.id), eq(cameras.publicVisible, true))
      .innerJoin(areas, eq(areas.id, cameras.areaId))
      .orderBy(cameras.name),
    db.select({ n: count(), average: avg(canteenRatings.stars) }).from(canteenRatings).where(eq(canteenRatings.canteenId, canteen.id)),
    db
      .select({ n: count(), answered: sql<number>`coalesce(sum(case when ${complaints.status} <> 'open' then 1 else 0 end), 0)` })
      .from(complaints)
      .where(eq(complaints.canteenId, canteen.id)),
    // 第十二条: the staff's health certificates, desensitised — the name masked, no certificate number
    db
      .select({ name: staffMembers.name, validUntil: staffMembers.certificateExpiresOn })
      .from(staffMembers)
      .where(and(eq(staffMembers.canteenId, canteen.id), eq(staffMembers.active, true)))
      .orderBy(staffMembers.certificateExpiresOn, staffMembers.id),
  ]);
  const sources = await publicSources(db, canteen.id, chinaDay(now));
  const window = liveWindow(disclosure?.liveFrom ?? null, disclosure?.liveTo ?? null, now);
  const countOf = (statuses: string[]) => orderCounts.filter((r) => statuses.includes(r.status)).reduce((s, r) => s + r.n, 0);
  return {
    slug,
    canteen: { name: canteen.name, licenseNo: canteen.licenseNo, licenseValidUntil: disclosure?.licenseValidUntil ?? null, grade: canteen.grade },
    school: { name: org.name, regionName: region?.name ?? "" },
    healthCertificates: staff.map((p) => ({ name: maskName(p.name), validUntil: p.validUntil })),
    menu: sources.menu,
    ingredientSources: sources.ingredientSources,
    inspections: checks.map((i) => ({ date: toIso(i.endedAt!), kind: i.kind, result: i.result })),
    orders: {
      issued: countOf(["issued", "acknowledged", "submitted", "accepted", "closed"]),
      closed: countOf(["accepted", "closed"]),
      recent: recentOrders.map((o) => ({ number: o.number, issuedAt: toIso(o.issuedAt), deadline: toIso(o.deadline), status: o.status })),
    },
    hotlines: [...HOTLINES],
    feedback: {
      ratings: rating?.n ?? 0,
      averageStars: rating?.average == null ? null : Math.round(Number(rating.average) * 10) / 10,
      complaints: complaintCounts?.n ?? 0,
      answered: Number(complaintCounts?.answered ?? 0),
    },
    live: {
      from: disclosure?.liveFrom ?? null,
      to: disclosure?.liveTo ?? null,
      open: window.open,
      nextOpening: window.nextOpening === null ? null : toIso(window.nextOpening),
      cameras: publicCameras,
    },
  };
}
