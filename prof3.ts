import { between, eq } from "drizzle-orm";
import { openDatabase } from "./db/client.ts";
import { orgs } from "./db/schema/index.ts";
import { loadConfig } from "./server/config.ts";
import { canteenFacts } from "./server/patrol/candidates.ts";
import { schoolMap } from "./server/overview/map.ts";
import { scopedLists } from "./server/scope/lists.ts";
import { systemRegionScope } from "./server/scope/actor.ts";
import { SchoolMap } from "./server/overview/contracts.ts";
const config = loadConfig({ DATABASE_URL: "file:./data/province-map.db", SEED_DEMO: "0" });
const database = openDatabase({ url: config.databaseUrl });
const db = database.db;
const scope = { ...systemRegionScope("420000", "province"), memberships: [{ orgId: "x", role: "regulator_admin", regionCode: "420000", regionLevel: "province" }] } as any;
const deps = { db, config } as any;
const t = async <T,>(label: string, f: () => Promise<T> | T) => { const t0 = performance.now(); const r = await f(); console.log(label.padEnd(20), (performance.now() - t0).toFixed(1)); return r; };
for (let i = 0; i < 2; i++) {
  await t("facts", () => canteenFacts(db, scope, { code: "420000", level: "province" }));
  await t("schools", () => scopedLists(db, scope).orgs({ id: orgs.id, name: orgs.name, lat: orgs.latitude, lng: orgs.longitude }, between(orgs.regionCode, "420000", "429999"), eq(orgs.kind, "school")));
  const m = await t("schoolMap", () => schoolMap(deps, scope, { regionCode: "420000" }));
  await t("zod parse", () => SchoolMap.parse(m));
  await t("stringify", () => JSON.stringify(m));
}
