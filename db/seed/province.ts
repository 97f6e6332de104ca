import type { Db } from "../client.ts";
import { hashPassword } from "../../server/accounts/password.ts";
import { areas, cameras, canteens, gateways, memberships, orgs, regions, users } from "../schema/index.ts";
import { buildCanteen } from "./build.ts";
import { DEMO_PASSWORD } from "./demo.ts";
import { seededIds, seededRandom } from "./random.ts";
import { HUBEI_CITIES } from "./regions.ts";
import { positionInCell } from "./positions.ts";

export interface ProvinceSeedOptions {
  canteens: number;
  districtsPerCity: number;
}

/** Accounts of the province dataset (password DEMO_PASSWORD), for benchmarks. */
export const PROVINCE_USERS = { provinceAdmin: "hubei.admin", districtInspector: "bench.inspector" } as const;

/** Multi-row inserts in chunks, keeping each statement well under SQLite's bound-parameter limit. */
async function insertChunked<T extends Record<string, unknown>>(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], table: Parameters<Db["insert"]>[0], rows: T[]) {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const size = Math.max(1, Math.floor(8_000 / columns));
  for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size) as never);
}

/**
 * A synthetic province for benchmarks: 湖北省's 13 real prefecture codes, synthetic districts below them,
 * `canteens` schools with one canteen each (≈7 cameras per canteen), 95 % of cameras online.
 */
export async function seedProvince(db: Db, opts: ProvinceSeedOptions = { canteens: 20_000, districtsPerCity: 10 }) {
  const random = seededRandom(4200);
  const newId = seededIds(random);
  const now = Date.UTC(2026, 8, 1);

  const regionRows: Array<typeof regions.$inferInsert> = [{ code: "420000", name: "湖北省", level: "province", parentCode: null }];
  const orgRows: Array<typeof orgs.$inferInsert> = [{ id: newId("org"), kind: "regulator", name: "湖北省市场监督管理局", regionCode: "420000", createdAt: now }];
  const districts: Array<{ code: string; name: string; city: number; index: number }> = [];
  for (const [cityIndex, [cityCode, cityName]] of HUBEI_CITIES.entries()) {
    regionRows.push({ code: cityCode, name: cityName, level: "city", parentCode: "420000" });
    orgRows.push({ id: newId("org"), kind: "regulator", name: `${cityName}市场监督管理局`, regionCode: cityCode, createdAt: now });
    orgRows.push({ id: newId("org"), kind: "education", name: `${cityName}教育局`, regionCode: cityCode, createdAt: now });
    for (let d = 1; d <= opts.districtsPerCity; d++) {
      const code = `${cityCode.slice(0, 4)}${String(d).padStart(2, "0")}`;
      const name = `${cityName}第${d}区`;
      regionRows.push({ code, name, level: "district", parentCode: cityCode });
      orgRows.push({ id: newId("org"), kind: "regulator", name: `${name}市场监督管理局`, regionCode: code, createdAt: now });
      districts.push({ code, name, city: cityIndex, index: d - 1 });
    }
  }
  const firstDistrictRegulator = orgRows.find((o) => o.regionCode === districts[0]!.code)!;

  const canteenRows: Array<typeof canteens.$inferInsert> = [];
  const areaRows: Array<typeof areas.$inferInsert> = [];
  const cameraRows: Array<typeof cameras.$inferInsert> = [];
  const gatewayRows: Array<typeof gateways.$inferInsert> = [];
  const cameraStatus = () => (random() < 0.95 ? ("online" as const) : ("offline" as const));
  for (let i = 0; i < opts.canteens; i++) {
    const district = districts[i % districts.length]!;
    const name = `${district.name}第${Math.floor(i / districts.length) + 1}学校`;
    const school = { id: newId("org"), kind: "school" as const, name, regionCode: district.code, createdAt: now, ...positionInCell(district.city, district.index, name) };
    orgRows.push(school);
    const b = buildCanteen({ newId, random, orgId: school.id, name: `${school.name}食堂`, regionCode: district.code, seq: i + 1, now, cameraStatus });
    canteenRows.push(b.canteen);
    areaRows.push(...b.areas);
    cameraRows.push(...b.cameras);
    gatewayRows.push(b.gateway);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const admin = { id: newId("usr"), username: PROVINCE_USERS.provinceAdmin, displayName: "湖北省市监局管理员", passwordHash, createdAt: now };
  const inspector = { id: newId("usr"), username: PROVINCE_USERS.districtInspector, displayName: "区巡查员", passwordHash, createdAt: now };

  await db.transaction(async (tx) => {
    await insertChunked(tx, regions, regionRows);
    await insertChunked(tx, orgs, orgRows);
    await insertChunked(tx, canteens, canteenRows);
    await insertChunked(tx, areas, areaRows);
    await insertChunked(tx, gateways, gatewayRows);
    await insertChunked(tx, cameras, cameraRows);
    await tx.insert(users).values([admin, inspector]);
    await tx.insert(memberships).values([
      { id: newId("mb"), userId: admin.id, orgId: orgRows[0]!.id!, role: "regulator_admin", createdAt: now },
      { id: newId("mb"), userId: inspector.id, orgId: firstDistrictRegulator.id!, role: "inspector", createdAt: now },
    ]);
  });
  return { regions: regionRows.length, orgs: orgRows.length, canteens: canteenRows.length, areas: areaRows.length, cameras: cameraRows.length, gateways: gatewayRows.length };
}
