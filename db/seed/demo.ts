import { count } from "drizzle-orm";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DetectionOverride } from "../../server/detection/contracts.ts";
import type { Db } from "../client.ts";
import { hashPassword } from "../../server/accounts/password.ts";
import type { Role } from "../../server/accounts/contracts.ts";
import { areas, cameras, canteens, gateways, memberships, orgs, regions, sensors, users } from "../schema/index.ts";
import { demoSensorRows } from "./sensors.ts";
import { buildCanteen } from "./build.ts";
import { seededIds, seededRandom } from "./random.ts";
import { DEMO_REGIONS } from "./regions.ts";
import { positionIn } from "./positions.ts";

export const DEMO_PASSWORD = "mcll-demo-2026";

const SCHOOL_NAMES = ["第一中学", "第二中学", "实验中学", "实验小学", "第一小学", "第二小学", "中心小学", "育才小学", "明德小学", "凤凰小学", "滨湖中学", "新城小学"];

/** Schools per district, 鄂城区 first (the demo school) and with the most. An array, not an object:
 *  numeric keys such as "420704" would be reordered by the JavaScript engine. */
const SCHOOLS_PER_DISTRICT: Array<[string, number]> = [
  ["420704", 12],
  ["420703", 8],
  ["420702", 5],
  ["420202", 2],
  ["420203", 2],
  ["420204", 2],
  ["420205", 2],
  ["420222", 2],
  ["420281", 2],
];

/** The demo accounts, one per role (password DEMO_PASSWORD); `{school}` is the demo school's name. */
export const DEMO_USERS = [
  { username: "ezhou.admin", displayName: "鄂州市监局管理员", role: "regulator_admin", org: "city" },
  { username: "echeng.inspector", displayName: "鄂城区巡查员 张敏", role: "inspector", org: "echeng" },
  { username: "huarong.inspector", displayName: "华容区巡查员 李强", role: "inspector", org: "huarong" },
  { username: "ezhou.edu", displayName: "鄂州市教育局 王芳", role: "education_officer", org: "education" },
  { username: "school.principal", displayName: "{school}校长 陈明", role: "principal", org: "school" },
  { username: "school.director", displayName: "{school}食品安全总监 刘洋", role: "food_safety_director", org: "school" },
  { username: "school.staff", displayName: "{school}食堂员工 赵丽", role: "canteen_staff", org: "school" },
  { username: "supplier.manager", displayName: "配送公司经理 孙伟", role: "supplier_manager", org: "supplier" },
  { username: "school.parent", displayName: "{school}家长代表 周静", role: "parent_rep", org: "school" },
] as const satisfies ReadonlyArray<{ username: string; displayName: string; role: Role; org: string }>;

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  orgName: string;
}

export interface DemoSeedResult {
  accounts: DemoAccount[];
  schools: number;
  canteens: number;
  cameras: number;
  /** the demo canteen (first school of 鄂城区) and its gateway token, for the demo gateway */
  demoCanteenId: string;
  demoGateway: { id: string; deviceToken: string };
  /** every canteen's gateway (the demo canteen's first) with its device token, for the demo city (media/gateway/city.ts) */
  gateways: Array<{ canteenId: string; gatewayId: string; name: string; deviceToken: string }>;
}

/** The licensed photo the demo's AI camera shows (../shared/testdata/images, SOURCE.md there). */
export const DEMO_AI_PHOTO = "images/person_cook_kitchen.jpg";

/**
 * The demo's AI抓拍 camera: a still photo of a cook in a kitchen, in the demo canteen's storeroom, whose
 * override empties its working hours. A storeroom (库房) is locked outside deliveries, so on this camera any
 * person is an after-hours intrusion (非工作时间人员闯入) at any time of day — which makes the demo raise an
 * alert within seconds of `npm start`, whatever the clock says. Only that type, with a two-minute cooldown.
 */
export const DEMO_AI_OVERRIDE: DetectionOverride = { workingHours: [], types: ["after_hours_intrusion"], cooldownSeconds: 120 };

export interface DemoSeedOptions {
  /** absolute path of the photo for the AI camera; null or a missing file: no AI camera (logged) */
  aiCameraPhoto?: string | null;
  /** an onvif:// source: the demo canteen gets a PTZ camera on it in its cooking area (npm start: the ONVIF simulator) */
  onvifCamera?: string | null;
}

/** Where the AI camera's photo is under the configured testdata folder; null when switched off (DEMO_AI_CAMERA=0). */
export const demoAiCameraPhoto = (config: { demoAiCamera: boolean; testdataDir: string }) => (config.demoAiCamera ? join(config.testdataDir, DEMO_AI_PHOTO) : null);

export const isEmpty = async (db: Db) => (await db.select({ n: count() }).from(regions))[0]!.n === 0;

/** Deterministic demo data: same ids and names on every machine (only secrets are random). */
export async function seedDemo(db: Db, now = Date.UTC(2026, 8, 1), options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const random = seededRandom(20260901);
  const newId = seededIds(random);
  const regionName = new Map<string, string>(DEMO_REGIONS.map((r) => [r.code, r.name]));

  const org = (kind: "regulator" | "education" | "school" | "supplier", name: string, regionCode: string) => ({
    id: newId("org"), kind, name, regionCode, createdAt: now,
    // schools on the food-safety map, inside their district's illustrative outline (no draw from `random`: the ids stay as they were)
    ...(kind === "school" ? positionIn(regionCode, name) : {}),
  });
  const provinceRegulator = org("regulator", "湖北省市场监督管理局", "420000");
  const cityRegulator = org("regulator", "鄂州市市场监督管理局", "420700");
  const districtRegulators = ["420704", "420703", "420702"].map((code) => org("regulator", `鄂州市${regionName.get(code)}市场监督管理局`, code));
  const huangshiRegulator = org("regulator", "黄石市市场监督管理局", "420200");
  const education = org("education", "鄂州市教育局", "420700");
  const supplier = org("supplier", "鄂州市鄂城区放心粮油配送有限公司", "420704");
  const schools = SCHOOLS_PER_DISTRICT.flatMap(([code, n]) =>
    SCHOOL_NAMES.slice(0, n).map((suffix) => org("school", `${regionName.get(code)}${suffix}`, code)),
  );
  const allOrgs = [provinceRegulator, cityRegulator, ...districtRegulators, huangshiRegulator, education, supplier, ...schools];

  const bundles = schools.map((school, i) =>
    buildCanteen({ newId, random, orgId: school.id, name: `${school.name}食堂`, regionCode: school.regionCode, seq: i + 1, now }),
  );
  const demoSchool = schools[0]!;
  const demo = bundles[0]!;

  const orgByKey = { city: cityRegulator, echeng: districtRegulators[0]!, huarong: districtRegulators[1]!, education, school: demoSchool, supplier };
  const people = DEMO_USERS.map((u) => [u.username, u.displayName.replace("{school}", demoSchool.name), u.role, orgByKey[u.org]] as const);
  const userRows = await Promise.all(
    people.map(async ([username, displayName]) => ({ id: newId("usr"), username, displayName, passwordHash: await hashPassword(DEMO_PASSWORD), createdAt: now })),
  );

  let aiCameras = 0;
  await db.transaction(async (tx) => {
    await tx.insert(regions).values([...DEMO_REGIONS]);
    await tx.insert(orgs).values(allOrgs);
    await tx.insert(canteens).values(bundles.map((b) => b.canteen));
    await tx.insert(areas).values(bundles.flatMap((b) => b.areas));
    await tx.insert(gateways).values(bundles.map((b) => b.gateway));
    await tx.insert(cameras).values(bundles.flatMap((b) => b.cameras));
    await tx.insert(sensors).values(demoSensorRows(bundles, now));
    await tx.insert(users).values(userRows);
    await tx.insert(memberships).values(
      people.map(([, , role, o], i) => ({ id: newId("mb"), userId: userRows[i]!.id, orgId: o.id, role, createdAt: now })),
    );
    if (options.aiCameraPhoto && existsSync(options.aiCameraPhoto)) {
      const storage = demo.areas.find((a) => a.kind === "storage")!;
      await tx.insert(cameras).values({
        id: newId("cam"),
        canteenId: demo.canteen.id,
        areaId: storage.id!,
        gatewayId: demo.gateway.id,
        name: "库房-AI抓拍演示",
        source: options.aiCameraPhoto,
        publicVisible: false,
        detection: JSON.stringify(DEMO_AI_OVERRIDE),
        createdAt: now,
      });
      aiCameras = 1;
    } else if (options.aiCameraPhoto) {
      console.log(`[seed] no AI demo camera: ${options.aiCameraPhoto} not found (set TESTDATA_DIR to the shared testdata folder)`);
    }
    // after every other id is drawn, so the demo's ids stay what they were without it
    if (options.onvifCamera) {
      const cooking = demo.areas.find((a) => a.kind === "cooking")!;
      await tx.insert(cameras).values({ id: newId("cam"), canteenId: demo.canteen.id, areaId: cooking.id!, gatewayId: demo.gateway.id, name: "烹饪区-云台(ONVIF)", source: options.onvifCamera, ptz: true, publicVisible: false, createdAt: now });
      aiCameras++;
    }
  });

  return {
    accounts: people.map(([username, displayName, role, o]) => ({ username, displayName, role, orgName: o.name })),
    schools: schools.length,
    canteens: bundles.length,
    cameras: bundles.reduce((n, b) => n + b.cameras.length, 0) + aiCameras,
    demoCanteenId: demo.canteen.id,
    demoGateway: { id: demo.gateway.id, deviceToken: demo.deviceToken },
    gateways: bundles.map((b) => ({ canteenId: b.canteen.id, gatewayId: b.gateway.id!, name: b.canteen.name, deviceToken: b.deviceToken })),
  };
}
