/** Online patrols and live inspections (server/inspections). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { EndInspection, Inspection, InspectionPage, InspectionsQuery, StartInspection } from "../../server/inspections/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listInspections = (query: QueryOf<typeof InspectionsQuery>) => api.get<Answer<typeof InspectionPage>>("/inspections", query);
export const getInspection = (id: string) => api.get<Answer<typeof Inspection>>(`/inspections/${seg(id)}`);
export const startInspection = (body: Body<typeof StartInspection>) => api.post<Answer<typeof Inspection>>("/inspections", body);
export const endInspection = (id: string, body: Body<typeof EndInspection>) => api.post<Answer<typeof Inspection>>(`/inspections/${seg(id)}/end`, body);
