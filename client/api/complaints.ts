/** The canteen's public page, 一键投诉 and ratings (server/public, server/complaints). Convention: see contract.ts. */
import { api, upload } from "../api.ts";
import type { Complaint, ComplaintNote, ComplaintOrder, ComplaintPage, ComplaintReceipt, ComplaintsQuery, ComplaintTracking, OptionalNote, RateCanteen } from "../../server/complaints/contracts.ts";
import type { PublicCanteen, PublicLiveToken } from "../../server/public/contracts.ts";
import type { Order } from "../../server/orders/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

type OrderView = Answer<typeof Order>;

export type PublicCanteenView = Answer<typeof PublicCanteen>;
export type ComplaintView = Answer<typeof Complaint>;
export type ComplaintSummaryView = Answer<typeof ComplaintPage>["items"][number];
export type ComplaintTrackingView = Answer<typeof ComplaintTracking>;
type ComplaintAnswer = Promise<ComplaintView>;

// public: no sign-in
export const getPublicCanteen = (slug: string) => api.get<PublicCanteenView>(`/public/canteens/${seg(slug)}`);
export function fileComplaint(slug: string, fields: { category: string; text: string; phone?: string }, photo: File | null) {
  const form = new FormData();
  form.set("category", fields.category);
  form.set("text", fields.text);
  if (fields.phone) form.set("phone", fields.phone);
  if (photo) form.set("photo", photo, photo.name);
  return upload<Answer<typeof ComplaintReceipt>>(`/public/canteens/${seg(slug)}/complaints`, form);
}
export const rateCanteen = (slug: string, body: Body<typeof RateCanteen>) => api.post<{ ok: true }>(`/public/canteens/${seg(slug)}/ratings`, body);
export const trackComplaint = (code: string) => api.get<ComplaintTrackingView>(`/public/complaints/${seg(code)}`);

// signed in: the school answers, the regulator follows
export const listComplaints = (query: QueryOf<typeof ComplaintsQuery>) => api.get<Answer<typeof ComplaintPage>>("/complaints", query);
export const getComplaint = (id: string): ComplaintAnswer => api.get(`/complaints/${seg(id)}`);
export const answerComplaint = (id: string, body: Body<typeof ComplaintNote>): ComplaintAnswer => api.post(`/complaints/${seg(id)}/answer`, body);
export const returnComplaint = (id: string, body: Body<typeof ComplaintNote>): ComplaintAnswer => api.post(`/complaints/${seg(id)}/return`, body);
export const escalateComplaint = (id: string, body: Body<typeof OptionalNote> = {}): ComplaintAnswer => api.post(`/complaints/${seg(id)}/escalate`, body);
export const closeComplaint = (id: string, body: Body<typeof OptionalNote> = {}): ComplaintAnswer => api.post(`/complaints/${seg(id)}/close`, body);
/** 投诉转整改 (orders.issue): answers the order, numbered and signed */
export const orderFromComplaint = (id: string, body: Body<typeof ComplaintOrder>) => api.post<OrderView>(`/complaints/${seg(id)}/order`, body);
export const publicLiveToken = (slug: string) => api.post<Answer<typeof PublicLiveToken>>(`/public/canteens/${seg(slug)}/live-token`);
