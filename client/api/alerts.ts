/** AI抓拍 alerts: the inbox, the disposal workflow, and the ops rooms' tokens (server/alerts). Convention: see contract.ts. */
import { api, apiUrl } from "../api.ts";
import type {
  AcknowledgeAlert,
  AcknowledgeAlerts,
  AcknowledgedAlerts,
  AlertSummary,
  AlertDetail,
  AlertPage,
  AlertsQuery,
  DisposeAlert,
  MarkFalsePositive,
  OpsTokens,
  ProposeFalsePositive,
  RejectFalsePositive,
  ReturnDisposal,
  VerifyAlert,
} from "../../server/alerts/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const listAlerts = (query: QueryOf<typeof AlertsQuery>) => api.get<Answer<typeof AlertPage>>("/alerts", query);
export const getAlert = (id: string) => api.get<Answer<typeof AlertDetail>>(`/alerts/${seg(id)}`);

/** The workflow's steps as the URL names them, each with its body. */
export interface AlertSteps {
  acknowledge: Body<typeof AcknowledgeAlert>;
  dispose: Body<typeof DisposeAlert>;
  "propose-false-positive": Body<typeof ProposeFalsePositive>;
  verify: Body<typeof VerifyAlert>;
  "false-positive": Body<typeof MarkFalsePositive>;
  return: Body<typeof ReturnDisposal>;
  "reject-false-positive": Body<typeof RejectFalsePositive>;
}
export type AlertStep = keyof AlertSteps;
/** one step of the workflow; answers the alert's detail */
export const alertStep = <S extends AlertStep>(id: string, step: S, body: AlertSteps[S]) => api.post<Answer<typeof AlertDetail>>(`/alerts/${seg(id)}/${step}`, body);

/** 签收 several alerts; those that cannot be acknowledged come back with their reasons */
export const acknowledgeAlerts = (body: Body<typeof AcknowledgeAlerts>) => api.post<Answer<typeof AcknowledgedAlerts>>("/alerts/acknowledge", body);
/** what waits in the caller's jurisdiction, by step (the navigation's badge) */
export const getAlertSummary = () => api.get<Answer<typeof AlertSummary>>("/alerts/summary");

/** tokens for the data-only ops rooms of the caller's school or region (the live inbox) */
export const getOpsTokens = () => api.post<Answer<typeof OpsTokens>>("/alerts/ops-token");

// images: the browser loads them with the session cookie
export const alertSnapshotUrl = (id: string) => apiUrl(`/alerts/${id}/snapshot`);
export const alertEventPhotoUrl = (id: string, eventId: string) => apiUrl(`/alerts/${id}/events/${eventId}/photo`);
