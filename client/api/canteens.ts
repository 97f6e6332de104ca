/** Canteens and their patrol areas (server/canteens). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Area, Canteen, CanteenDetail, CanteenPage, CanteensQuery, CreateArea, CreateCanteen, UpdateArea, UpdateCanteen } from "../../server/canteens/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listCanteens = (query: QueryOf<typeof CanteensQuery>) => api.get<Answer<typeof CanteenPage>>("/canteens", query);
type Detail = Answer<typeof CanteenDetail>;
/** the latest canteen asked for, by whom and when (see recentCanteen) */
let latest: { id: string; detail: Detail; at: number; asker: string | undefined } | null = null;

/** a canteen with its areas and cameras */
export async function getCanteen(id: string, asker?: string): Promise<Detail> {
  const detail = await api.get<Detail>(`/canteens/${seg(id)}`);
  latest = { id, detail, at: Date.now(), asker };
  return detail;
}

/**
 * The canteen the same user asked for within `maxAgeMs`, if it is this one: the live page follows the canteen's
 * own page, so it shows that answer at once (and connects) while it asks again, instead of waiting for it.
 */
export const recentCanteen = (id: string, asker: string | undefined, maxAgeMs = 60_000): Detail | undefined =>
  latest && latest.id === id && latest.asker === asker && asker !== undefined && Date.now() - latest.at <= maxAgeMs ? latest.detail : undefined;
export const createCanteen = (body: Body<typeof CreateCanteen>) => api.post<Answer<typeof CanteenDetail>>("/canteens", body);
export const updateCanteen = (id: string, body: Body<typeof UpdateCanteen>) => api.patch<Answer<typeof Canteen>>(`/canteens/${seg(id)}`, body);

export const createArea = (canteenId: string, body: Body<typeof CreateArea>) => api.post<Answer<typeof Area>>(`/canteens/${seg(canteenId)}/areas`, body);
export const updateArea = (id: string, body: Body<typeof UpdateArea>) => api.patch<Answer<typeof Area>>(`/areas/${seg(id)}`, body);
