/** 数字变焦 in the live room (server/zoom, issue 17). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Snapshot } from "../../server/snapshots/contracts.ts";
import type { Zoom, ZoomRequest } from "../../server/zoom/contracts.ts";
import { type Answer, type Body, seg } from "./contract.ts";

/** asks the camera's gateway for a crop of the region (202 pending: the outcome comes on the `zoom` topic) */
export const requestZoom = (cameraId: string, body: Body<typeof ZoomRequest>) => api.post<Answer<typeof Zoom>>(`/cameras/${seg(cameraId)}/zoom`, body);
export const getZoom = (id: string) => api.get<Answer<typeof Zoom>>(`/zooms/${seg(id)}`);
/** keeps a ready crop as evidence: a snapshot everyone in the room opens */
export const saveZoom = (id: string) => api.post<Answer<typeof Snapshot>>(`/zooms/${seg(id)}/snapshot`);
