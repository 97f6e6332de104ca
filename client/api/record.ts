/** Recordings kept on the school's gateway (server/record): a camera's day. Convention: see contract.ts. */
import { api } from "../api.ts";
import type { RecordingDay, RecordingDayQuery } from "../../server/record/contracts.ts";
import { type Answer, type QueryOf, seg } from "./contract.ts";

export const recordingDay = (cameraId: string, query: QueryOf<typeof RecordingDayQuery>) => api.get<Answer<typeof RecordingDay>>(`/cameras/${seg(cameraId)}/recordings`, query);
