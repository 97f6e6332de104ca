/** 发现摄像头 (server/onvif; shapes in server/onvif/contracts.ts). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Camera } from "../../server/canteens/contracts.ts";
import type { OnvifAddBody, OnvifProfilesBody, OnvifRequestView } from "../../server/onvif/contracts.ts";
import { type Answer, type Body, seg } from "./contract.ts";

export const startDiscovery = (gatewayId: string) => api.post<Answer<typeof OnvifRequestView>>(`/gateways/${seg(gatewayId)}/onvif/discoveries`, {});
/** the credentials go to the gateway for this request only */
export const readProfiles = (gatewayId: string, body: Body<typeof OnvifProfilesBody>) => api.post<Answer<typeof OnvifRequestView>>(`/gateways/${seg(gatewayId)}/onvif/profiles`, body);
export const getOnvifRequest = (id: string) => api.get<Answer<typeof OnvifRequestView>>(`/onvif/requests/${seg(id)}`);
export const addOnvifCamera = (body: Body<typeof OnvifAddBody>) => api.post<Answer<typeof Camera>>("/onvif/cameras", body);
