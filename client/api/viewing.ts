/** The parent committee and supervised viewing sessions (server/committee, server/viewing). Convention: see contract.ts. */
import { api, upload } from "../api.ts";
import type { AddCommitteeMember, Committee } from "../../server/committee/contracts.ts";
import type { AnswerQuestion, AskQuestion, Evaluate, ScheduleViewing, SetMicrophone, ViewingFrame, ViewingPage, ViewingQuery, ViewingSession, ViewingToken } from "../../server/viewing/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export type CommitteeView = Answer<typeof Committee>;
export type ViewingView = Answer<typeof ViewingSession>;
export type ViewingSummaryView = Answer<typeof ViewingPage>["items"][number];
type SessionAnswer = Promise<ViewingView>;

export const getCommittee = (orgId: string) => api.get<CommitteeView>("/committee", { orgId });
export const addCommitteeMember = (body: Body<typeof AddCommitteeMember>) => api.post<CommitteeView["members"][number]>("/committee", body);
export const endCommitteeMember = (id: string) => api.delete<{ ok: true }>(`/committee/${seg(id)}`);

export const listViewing = (query: QueryOf<typeof ViewingQuery>) => api.get<Answer<typeof ViewingPage>>("/viewing-sessions", query);
export const getViewing = (id: string): SessionAnswer => api.get(`/viewing-sessions/${seg(id)}`);
export const scheduleViewing = (body: Body<typeof ScheduleViewing>): SessionAnswer => api.post("/viewing-sessions", body);
export const viewingToken = (id: string) => api.post<Answer<typeof ViewingToken>>(`/viewing-sessions/${seg(id)}/token`);
export const endViewing = (id: string): SessionAnswer => api.post(`/viewing-sessions/${seg(id)}/end`);
export const askQuestion = (id: string, body: Body<typeof AskQuestion>): SessionAnswer => api.post(`/viewing-sessions/${seg(id)}/questions`, body);
export const raiseHand = (id: string, raised: boolean): SessionAnswer => api.post(`/viewing-sessions/${seg(id)}/hand`, { raised });
export const setMicrophone = (id: string, body: Body<typeof SetMicrophone>): SessionAnswer => api.post(`/viewing-sessions/${seg(id)}/microphone`, body);
export type ViewingFrameView = Answer<typeof ViewingFrame>;
/** uploads a frame the parent froze of one of the session's cameras (JPEG/PNG ≤ 4 MB), to attach to their evaluation */
export function freezeViewingFrame(id: string, cameraId: string, file: Blob) {
  const form = new FormData();
  form.set("file", file, "frame.jpg");
  form.set("cameraId", cameraId);
  return upload<ViewingFrameView>(`/viewing-sessions/${seg(id)}/frames`, form);
}
export const evaluateViewing = (id: string, body: Body<typeof Evaluate>): SessionAnswer => api.post(`/viewing-sessions/${seg(id)}/evaluation`, body);
export const answerQuestion = (questionId: string, body: Body<typeof AnswerQuestion>): SessionAnswer => api.post(`/viewing-questions/${seg(questionId)}/answer`, body);
export const hideQuestion = (questionId: string): SessionAnswer => api.post(`/viewing-questions/${seg(questionId)}/hide`);
export const answerEvaluation = (evaluationId: string, body: Body<typeof AnswerQuestion>): SessionAnswer => api.post(`/viewing-evaluations/${seg(evaluationId)}/answer`, body);
