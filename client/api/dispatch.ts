/** 应急指挥调度 notices (server/dispatch). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Notice, NoticePage, NoticesQuery, SendNotice } from "../../server/dispatch/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export type NoticeView = Answer<typeof Notice>;
export type NoticeSummaryView = Answer<typeof NoticePage>["items"][number];

export const listNotices = (query: QueryOf<typeof NoticesQuery> = {}) => api.get<Answer<typeof NoticePage>>("/notices", query);
export const getNotice = (id: string) => api.get<NoticeView>(`/notices/${seg(id)}`);
export const sendNotice = (body: Body<typeof SendNotice>) => api.post<NoticeView>("/notices", body);
/** 已读: the caller's school signs for the notice */
export const readNotice = (id: string) => api.post<NoticeView>(`/notices/${seg(id)}/read`);
