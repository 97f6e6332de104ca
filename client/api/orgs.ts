/** Regions, organisations and the regulator's school list (server/orgs). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { CreateOrg, Org, OrgPage, OrgsQuery, Region, RegionsQuery, SchoolPage, SchoolsQuery, UpdateOrg } from "../../server/orgs/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

/** the regions directly under `parent` (GB/T 2260) */
export const listRegions = (query: QueryOf<typeof RegionsQuery>) => api.get<{ items: Answer<typeof Region>[] }>("/regions", query);

export const listOrgs = (query: QueryOf<typeof OrgsQuery>) => api.get<Answer<typeof OrgPage>>("/orgs", query);
export const getOrg = (id: string) => api.get<Answer<typeof Org>>(`/orgs/${seg(id)}`);
export const createOrg = (body: Body<typeof CreateOrg>) => api.post<Answer<typeof Org>>("/orgs", body);
export const updateOrg = (id: string, body: Body<typeof UpdateOrg>) => api.patch<Answer<typeof Org>>(`/orgs/${seg(id)}`, body);

export const listSchools = (query: QueryOf<typeof SchoolsQuery>) => api.get<Answer<typeof SchoolPage>>("/schools", query);
