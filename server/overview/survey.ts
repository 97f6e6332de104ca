import { asc, between, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { canteens, orgs, regions } from "../../db/schema/index.ts";
import type { AppDeps } from "../http/env.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { resolveArea } from "./area.ts";
import type { SurveyCategory, SurveyQuery } from "./contracts.ts";

/**
 * 摸底 (issue 16, item 3; seed 002): every school canteen in one of four categories — on the platform (a gateway)
 * and with video (cameras), platform only, video only, neither — counted per region, with the units still to connect.
 */

type Category = z.infer<typeof SurveyCategory>;
export const TO_CONNECT_LISTED = 500;
const byName = new Intl.Collator("zh-CN");

/** pure: the category of a canteen */
export const categoryOf = (platform: boolean, video: boolean): Category => (platform && video ? "both" : platform ? "platform_only" : video ? "video_only" : "neither");
const zero = () => ({ both: 0, platform_only: 0, video_only: 0, neither: 0, total: 0 });

export async function survey(deps: AppDeps, scope: Scope, q: z.infer<typeof SurveyQuery>) {
  const area = await resolveArea(deps.db, scope, q);
  const rows = await scopedLists(deps.db, scope)
    .canteens(
      {
        canteenId: canteens.id, canteenName: canteens.name, orgId: orgs.id, orgName: orgs.name, regionCode: orgs.regionCode,
        platform: sql<number>`exists (select 1 from gateways g where g.canteen_id = ${canteens.id} and g.revoked_at is null)`,
        video: sql<number>`exists (select 1 from cameras c where c.canteen_id = ${canteens.id})`,
      },
      between(orgs.regionCode, area.range[0], area.range[1]),
      eq(orgs.kind, "school"),
    )
    .orderBy(asc(orgs.regionCode), asc(orgs.name));
  const keyOf = (code: string) => (area.level === "province" ? `${code.slice(0, 4)}00` : area.level === "city" ? code : area.place.code);
  const total = zero();
  const per = new Map<string, ReturnType<typeof zero>>();
  const toConnect: Array<{ orgId: string; orgName: string; canteenId: string; canteenName: string; regionCode: string; category: Category }> = [];
  for (const r of rows) {
    const category = categoryOf(!!r.platform, !!r.video);
    const row = per.get(keyOf(r.regionCode)) ?? per.set(keyOf(r.regionCode), zero()).get(keyOf(r.regionCode))!;
    for (const c of [row, total]) {
      c[category]++;
      c.total++;
    }
    if (category !== "both") toConnect.push({ orgId: r.orgId, orgName: r.orgName, canteenId: r.canteenId, canteenName: r.canteenName, regionCode: r.regionCode, category });
  }
  const codes = [...new Set([...per.keys(), ...toConnect.map((t) => t.regionCode)])];
  const names = new Map((codes.length ? await deps.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : []).map((r) => [r.code, r.name]));
  return {
    place: area.place,
    total,
    rows: [...per].sort(([a], [b]) => a.localeCompare(b)).map(([code, c]) => ({ code, name: names.get(code) ?? code, ...c })),
    toConnect: toConnect
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || byName.compare(a.orgName, b.orgName))
      .slice(0, TO_CONNECT_LISTED)
      .map((t) => ({ ...t, regionName: names.get(t.regionCode) ?? t.regionCode })),
    toConnectTotal: toConnect.length,
  };
}
