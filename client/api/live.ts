/** The LiveKit room token of a canteen (server/live). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { LiveToken, LiveTokenRequest } from "../../server/live/contracts.ts";
import type { Answer, Body } from "./contract.ts";

export const getLiveToken = (body: Body<typeof LiveTokenRequest>) => api.post<Answer<typeof LiveToken>>("/live/token", body);
