/** The school's settings of its canteen's public page (server/public). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { Disclosure, UpdateDisclosure } from "../../server/public/contracts.ts";
import { type Answer, type Body, seg } from "./contract.ts";

export type DisclosureView = Answer<typeof Disclosure>;
export const getDisclosure = (canteenId: string) => api.get<DisclosureView>(`/canteens/${seg(canteenId)}/disclosure`);
export const updateDisclosure = (canteenId: string, body: Body<typeof UpdateDisclosure>) => api.put<DisclosureView>(`/canteens/${seg(canteenId)}/disclosure`, body);
