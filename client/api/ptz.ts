/** PTZ in the live room (server/ptz, issue 17). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { PtzAccepted, PtzCommand, PtzState } from "../../server/ptz/contracts.ts";
import { type Answer, type Body, seg } from "./contract.ts";

export const ptzState = (cameraId: string) => api.get<Answer<typeof PtzState>>(`/cameras/${seg(cameraId)}/ptz`);
export const takePtz = (cameraId: string) => api.post<Answer<typeof PtzState>>(`/cameras/${seg(cameraId)}/ptz/control`, {});
export const releasePtz = (cameraId: string) => api.delete<Answer<typeof PtzState>>(`/cameras/${seg(cameraId)}/ptz/control`);
export const sendPtz = (cameraId: string, body: Body<typeof PtzCommand>) => api.post<Answer<typeof PtzAccepted>>(`/cameras/${seg(cameraId)}/ptz/commands`, body);
