import { eq } from "drizzle-orm";
import type { Db } from "../../client.ts";
import { cameras, canteens, legalBases, memberships, orgs, users } from "../../schema/index.ts";

/** What the history is made up around: the demo city as `seedDemo` left it. */
export type DemoCity = Awaited<ReturnType<typeof loadDemoCity>>;
export type SchoolRow = DemoCity["schools"][number];
export type CameraRow = DemoCity["cameras"][number];
export type RegulatorRow = DemoCity["regulators"][number];

/**
 * A 鄂城区 school (the demo inspector's district) whose canteen the history leaves neglected: two of its cameras dead
 * for good, its AI alerts of the last NEGLECT_DAYS untouched, no regulator there in that time. Its red warning then
 * holds under the live rules at any hour the demo starts; chance alone left 鄂城区 without a high-risk canteen for
 * some hours of the day, and the warning went to 黄石市 where neither the city admin nor the district inspector sees it.
 */
const NEGLECTED_SCHOOL = "鄂城区凤凰小学";
/** how far back the neglected canteen was left alone: longer than the longest gap between its AI alerts (10 days) */
export const NEGLECT_DAYS = 11;

/** Reads the demo city, each list in a fixed order (the seeded draws depend on it). */
export async function loadDemoCity(db: Db) {
  const schools = await db
    .select({ canteenId: canteens.id, canteenName: canteens.name, orgId: orgs.id, schoolName: orgs.name, regionCode: orgs.regionCode })
    .from(canteens)
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(eq(orgs.kind, "school"))
    .orderBy(canteens.createdAt, canteens.id);
  const cameraRows = await db.select({ id: cameras.id, canteenId: cameras.canteenId, gatewayId: cameras.gatewayId, name: cameras.name }).from(cameras).orderBy(cameras.id);
  const regulators = await db.select({ id: orgs.id, regionCode: orgs.regionCode, name: orgs.name }).from(orgs).where(eq(orgs.kind, "regulator"));
  const bases = await db.select({ id: legalBases.id, code: legalBases.code }).from(legalBases).orderBy(legalBases.sort);
  const people = await db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users);
  const principals = await db.select({ userId: memberships.userId, orgId: memberships.orgId }).from(memberships).where(eq(memberships.role, "principal"));
  if (!schools.length || !bases.length) throw new Error("seedHistory needs the demo data and the legal bases catalogue");
  return {
    schools,
    cameras: cameraRows,
    regulators,
    bases,
    /** username → user id */
    userIdOf: new Map(people.map((u) => [u.username, u.id])),
    /** user id → display name */
    nameOf: new Map(people.map((u) => [u.id, u.displayName])),
    /** school org id → its principal's user id */
    principalOf: new Map(principals.map((m) => [m.orgId, m.userId])),
    /** the canteen `npm start` opens on: its cameras are never planted dead */
    demoCanteenId: schools[0]!.canteenId,
    /** the canteen the demo's red warning is about (history/risk-warning.ts), neglected of late by its school and its regulator */
    neglectedCanteenId: schools.find((s) => s.schoolName === NEGLECTED_SCHOOL)?.canteenId ?? null,
  };
}
