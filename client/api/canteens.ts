/** Canteens and their patrol areas (server/canteens). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Area, Canteen, CanteenDetail, CanteenPage, CanteensQuery, CreateArea, CreateCanteen, UpdateArea, UpdateCanteen } from "../../server/canteens/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listCanteens = (query: QueryOf<typeof CanteensQuery>) => api.get<Answer<typeof CanteenPage>>("/canteens", query);
/** a canteen with its areas and cameras */
export const getCanteen = (id: string) => api.get<Answer<typeof CanteenDetail>>(`/canteens/${seg(id)}`);
export const createCanteen = (body: Body<typeof CreateCanteen>) => api.post<Answer<typeof CanteenDetail>>("/canteens", body);
export const updateCanteen = (id: string, body: Body<typeof UpdateCanteen>) => api.patch<Answer<typeof Canteen>>(`/canteens/${seg(id)}`, body);

export const createArea = (canteenId: string, body: Body<typeof CreateArea>) => api.post<Answer<typeof Area>>(`/canteens/${seg(canteenId)}/areas`, body);
export const updateArea = (id: string, body: Body<typeof UpdateArea>) => api.patch<Answer<typeof Area>>(`/areas/${seg(id)}`, body);
