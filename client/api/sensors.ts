/** IoT sensors (server/sensors, issue 17). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { SensorList, SensorSeries, SensorsQuery, SeriesQuery } from "../../server/sensors/contracts.ts";
import { type Answer, type QueryOf, seg } from "./contract.ts";

export type SensorView = Answer<typeof SensorList>["items"][number];
export type SensorSeriesView = Answer<typeof SensorSeries>;

export const listSensors = (query: QueryOf<typeof SensorsQuery>) => api.get<Answer<typeof SensorList>>("/sensors", query);
export const sensorSeries = (id: string, query: QueryOf<typeof SeriesQuery> = {}) => api.get<SensorSeriesView>(`/sensors/${seg(id)}/readings`, query);
