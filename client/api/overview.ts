/** 首页驾驶舱: the regulator's overview, the cameras behind its online rate, the 摸底 survey, the monthly ranking and report (server/overview). Convention: see contract.ts. */
import { api, apiUrl } from "../api.ts";
import type { CameraList, MapOutlines, MapQuery, Overview, OverviewQuery, SchoolMap, Ranking, ReportFileQuery, ReportList, ReportQuery, Survey, SurveyQuery, UnitFile } from "../../server/overview/contracts.ts";
import { type Answer, type QueryOf, seg } from "./contract.ts";

export type OverviewView = Answer<typeof Overview>;
export type FiguresView = OverviewView["total"];
export type OverviewRowView = OverviewView["rows"][number];
export type CameraRowView = OverviewView["cameras"][number];
export type SurveyView = Answer<typeof Survey>;

export const getOverview = (query: QueryOf<typeof OverviewQuery>) => api.get<OverviewView>("/overview", query);
export const getOverviewCameras = (query: QueryOf<typeof OverviewQuery>) => api.get<Answer<typeof CameraList>>("/overview/cameras", query);
export const getSurvey = (query: QueryOf<typeof SurveyQuery>) => api.get<SurveyView>("/overview/survey", query);
export const getRanking = (query: QueryOf<typeof ReportQuery>) => api.get<Answer<typeof Ranking>>("/overview/ranking", query);
export const reportUrl = (query: QueryOf<typeof ReportFileQuery>) => apiUrl("/overview/report", query);
export const getUnitFile = (schoolId: string) => api.get<Answer<typeof UnitFile>>(`/overview/units/${seg(schoolId)}`);
export const getKeptReports = (query: QueryOf<typeof SurveyQuery>) => api.get<Answer<typeof ReportList>>("/overview/reports", query);
export type SchoolMapView = Answer<typeof SchoolMap>;
export type MapOutlinesView = Answer<typeof MapOutlines>;
export const getSchoolMap = (query: QueryOf<typeof MapQuery>) => api.get<SchoolMapView>("/overview/map", query);
export const getMapOutlines = (query: QueryOf<typeof MapQuery>) => api.get<MapOutlinesView>("/overview/map/outlines", query);
