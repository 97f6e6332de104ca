/** Recordings kept on the school's gateway (server/record): a camera's day, playback together, evidence clips. Convention: see contract.ts. */
import { api } from "../api.ts";
import type { RecordingDay, RecordingDayQuery } from "../../server/record/contracts.ts";
import type { Clip, ClipAttach, ClipCreate, ClipList, ClipsQuery, ClipVerification } from "../../server/record/clip-contracts.ts";
import type { Playback, PlaybackControl, PlaybackList, PlaybackStart } from "../../server/record/playback-contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const recordingDay = (cameraId: string, query: QueryOf<typeof RecordingDayQuery>) => api.get<Answer<typeof RecordingDay>>(`/cameras/${seg(cameraId)}/recordings`, query);

/** Playback together through the canteen's room (issue 19). */
export const startPlayback = (body: Body<typeof PlaybackStart>) => api.post<Answer<typeof Playback>>("/playback", body);
export const controlPlayback = (id: string, body: Body<typeof PlaybackControl>) => api.post<Answer<typeof Playback>>(`/playback/${seg(id)}/control`, body);
export const canteenPlaybacks = (canteenId: string) => api.get<Answer<typeof PlaybackList>>(`/canteens/${seg(canteenId)}/playbacks`);

/** Evidence clips (视频抓拍, issue 19 item 5): cut on the gateway, listed, attached, verified. */
export const requestClip = (body: Body<typeof ClipCreate>) => api.post<Answer<typeof Clip>>("/clips", body);
export const listClips = (query: QueryOf<typeof ClipsQuery>) => api.get<Answer<typeof ClipList>>("/clips", query);
export const attachClip = (id: string, body: Body<typeof ClipAttach>) => api.post<Answer<typeof Clip>>(`/clips/${seg(id)}/attachments`, body);
export const getClip = (id: string) => api.get<Answer<typeof Clip>>(`/clips/${seg(id)}`);
export const verifyClip = (id: string) => api.get<Answer<typeof ClipVerification>>(`/clips/${seg(id)}/verify`);
