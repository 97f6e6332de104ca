/** Patrol (server/patrol): 网上抽查 draws, the caller's spot checks, coverage, and the public draw pages. Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Cadence, CadenceQuery, RecordSelfCheck, SelfCheckRecord } from "../../server/patrol/contracts.ts";
import type { CreatePlan, NoticesQuery, PatrolNoticePage, Plan, PlanPage, PlanProgress, PlanProgressQuery, PlansQuery } from "../../server/patrol/contracts.ts";
import type { CompleteSpotCheck, Coverage, CoverageQuery, CreateDraw, Draw, DrawPage, DrawsQuery, PublicDraw, PublicDrawList, RevealDraw, SpotCheck, SpotCheckList } from "../../server/patrol/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

type DrawAnswer = Promise<Answer<typeof Draw>>;

export const listDraws = (query: QueryOf<typeof DrawsQuery>) => api.get<Answer<typeof DrawPage>>("/patrol/draws", query);
export const getDraw = (id: string): DrawAnswer => api.get(`/patrol/draws/${seg(id)}`);
export const createDraw = (body: Body<typeof CreateDraw>): DrawAnswer => api.post("/patrol/draws", body);
export const commitDraw = (id: string): DrawAnswer => api.post(`/patrol/draws/${seg(id)}/commit`, {});
export const revealDraw = (id: string, body: Body<typeof RevealDraw>): DrawAnswer => api.post(`/patrol/draws/${seg(id)}/reveal`, body);
/** the regulator's view of what the verify page checks, as soon as the draw is revealed */
export const drawVerification = (id: string) => api.get<Answer<typeof PublicDraw>>(`/patrol/draws/${seg(id)}/verification`);

export const mySpotChecks = () => api.get<Answer<typeof SpotCheckList>>("/patrol/spot-checks");
export const completeSpotCheck = (id: string, body: Body<typeof CompleteSpotCheck>) => api.post<Answer<typeof SpotCheck>>(`/patrol/spot-checks/${seg(id)}/complete`, body);

export const getCoverage = (query: QueryOf<typeof CoverageQuery>) => api.get<Answer<typeof Coverage>>("/patrol/coverage", query);

/** public, no sign-in */
export const publicDraw = (id: string) => api.get<Answer<typeof PublicDraw>>(`/public/draws/${seg(id)}`);
export const publicRegionDraws = (code: string) => api.get<Answer<typeof PublicDrawList>>(`/public/regions/${seg(code)}/draws`);

export const listPlans = (query: QueryOf<typeof PlansQuery>) => api.get<Answer<typeof PlanPage>>("/patrol/plans", query);
export const createPlan = (body: Body<typeof CreatePlan>) => api.post<Answer<typeof Plan>>("/patrol/plans", body);
export const planProgress = (id: string, query: QueryOf<typeof PlanProgressQuery> = {}) => api.get<Answer<typeof PlanProgress>>(`/patrol/plans/${seg(id)}/progress`, query);
/** districts behind their plan, newest first: the regulators' to-do (pushed live on the ops rooms' `patrol` topic) */
export const listNotices = (query: QueryOf<typeof NoticesQuery> = {}) => api.get<Answer<typeof PatrolNoticePage>>("/patrol/notices", query);
/** 第十三条: the school's daily self-check or its leader's weekly patrol */
export const recordSelfCheck = (body: Body<typeof RecordSelfCheck>) => api.post<Answer<typeof SelfCheckRecord>>("/self-checks", body);
/** the regulator's view of the schools' cadence in a region */
export const getCadence = (query: QueryOf<typeof CadenceQuery>) => api.get<Answer<typeof Cadence>>("/patrol/cadence", query);
