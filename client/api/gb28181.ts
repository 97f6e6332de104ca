/** GB/T 28181 devices of a canteen (server/gb28181; shapes in server/gb28181/contracts.ts). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { GbDevice, GbDeviceCreate, GbDeviceList, GbDevicesQuery } from "../../server/gb28181/contracts.ts";
import type { Ok } from "../../server/contracts/common.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listGbDevices = (query: QueryOf<typeof GbDevicesQuery>) => api.get<Answer<typeof GbDeviceList>>("/gb28181/devices", query);
/** the password is sent once and never shown again */
export const createGbDevice = (body: Body<typeof GbDeviceCreate>) => api.post<Answer<typeof GbDevice>>("/gb28181/devices", body);
export const deleteGbDevice = (id: string) => api.delete<Answer<typeof Ok>>(`/gb28181/devices/${seg(id)}`);
