import type { Db } from "../client.ts";
import { areas, cameras, canteens, gateways, orgs } from "../schema/index.ts";
import { buildCanteen } from "./build.ts";
import { positionIn } from "./positions.ts";
import { seededIds, seededRandom } from "./random.ts";

/**
 * The units of the 摸底 survey still to connect (issue 16, item 3; seed 002's four categories), for the demo
 * (`npm start`, with the history): schools registered in the region that are not yet 明厨亮灶 — on the platform
 * without video, with their own video not on the platform, or neither — so the overview's coverage and the survey's
 * list of units to connect show something to do. Not in the tests' demo data (its counts stay as they are).
 */
const UNITS: Array<{ name: string; regionCode: string; platform: boolean; video: boolean }> = [
  { name: "梁子湖区涂家垴小学", regionCode: "420702", platform: false, video: true },
  { name: "梁子湖区太和中学", regionCode: "420702", platform: false, video: false },
  { name: "华容区段店小学", regionCode: "420703", platform: true, video: false },
  { name: "黄石港区花湖小学", regionCode: "420202", platform: false, video: false },
  { name: "阳新县白沙中学", regionCode: "420222", platform: false, video: true },
  { name: "大冶市金湖小学", regionCode: "420281", platform: true, video: false },
];

export async function seedSurveyUnits(db: Db, now: number) {
  const random = seededRandom(20261205);
  const newId = seededIds(random);
  await db.transaction(async (tx) => {
    for (const [i, u] of UNITS.entries()) {
      const orgId = newId("org");
      await tx.insert(orgs).values({ id: orgId, kind: "school", name: u.name, regionCode: u.regionCode, createdAt: now, ...positionIn(u.regionCode, u.name) });
      const b = buildCanteen({ newId, random, orgId, name: `${u.name}食堂`, regionCode: u.regionCode, seq: 900 + i, now });
      await tx.insert(canteens).values(b.canteen);
      await tx.insert(areas).values(b.areas);
      if (u.platform) await tx.insert(gateways).values(b.gateway);
      // the school's own cameras, registered but on no gateway of the platform: they never report
      if (u.video) await tx.insert(cameras).values(b.cameras.map((c) => ({ ...c, gatewayId: null, source: `rtsp://192.0.2.${100 + i}:554/${c.name}`, status: "unknown" as const })));
    }
  });
  return UNITS.length;
}
