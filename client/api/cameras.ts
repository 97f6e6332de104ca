/** Cameras and the edge gateways that stream them (server/cameras; shapes in server/canteens/contracts.ts). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Camera, CreateCamera, CreatedGateway, CreateGateway, Gateway, GatewayList, GatewaysQuery, UpdateCamera } from "../../server/canteens/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const createCamera = (body: Body<typeof CreateCamera>) => api.post<Answer<typeof Camera>>("/cameras", body);
/** 视频诊断: approve the camera's current picture as its reference view */
export const approveReference = (id: string) => api.post<Answer<typeof Camera>>(`/cameras/${seg(id)}/reference`);
export const updateCamera = (id: string, body: Body<typeof UpdateCamera>) => api.patch<Answer<typeof Camera>>(`/cameras/${seg(id)}`, body);

export const listGateways = (query: QueryOf<typeof GatewaysQuery>) => api.get<Answer<typeof GatewayList>>("/gateways", query);
/** answers the gateway and its device token, shown once */
export const createGateway = (body: Body<typeof CreateGateway>) => api.post<Answer<typeof CreatedGateway>>("/gateways", body);
export const revokeGateway = (id: string) => api.post<Answer<typeof Gateway>>(`/gateways/${seg(id)}/revoke`);
