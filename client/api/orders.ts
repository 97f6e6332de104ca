/** Rectification orders (整改通知), their legal bases and the public verification (server/orders). Convention: see contract.ts. */
import { api, upload } from "../api.ts";
import type { AcknowledgeOrder, CreateOrder, LegalBasisList, Order, OrderPage, OrdersQuery, OrderVerification, ReturnOrder, ReviewNote } from "../../server/orders/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

type OrderAnswer = Promise<Answer<typeof Order>>;

export const listOrders = (query: QueryOf<typeof OrdersQuery>) => api.get<Answer<typeof OrderPage>>("/orders", query);
export const getOrder = (id: string): OrderAnswer => api.get(`/orders/${seg(id)}`);
/** the inspector issues an order from an inspection */
export const createOrder = (body: Body<typeof CreateOrder>): OrderAnswer => api.post("/orders", body);

// the lifecycle (issued → acknowledged → submitted → accepted → closed, or returned): each step answers the order
export const acknowledgeOrder = (id: string, body: Body<typeof AcknowledgeOrder> = {}): OrderAnswer => api.post(`/orders/${seg(id)}/acknowledge`, body);
/** the school's rectification: what was done and the photos (multipart) */
export function submitOrder(id: string, description: string, photos: File[]): OrderAnswer {
  const form = new FormData();
  form.set("description", description);
  for (const file of photos) form.append("photos", file, file.name);
  return upload(`/orders/${seg(id)}/submit`, form);
}
export const acceptOrder = (id: string, body: Body<typeof ReviewNote>): OrderAnswer => api.post(`/orders/${seg(id)}/accept`, body);
export const returnOrder = (id: string, body: Body<typeof ReturnOrder>): OrderAnswer => api.post(`/orders/${seg(id)}/return`, body);
export const closeOrder = (id: string, body: Body<typeof ReviewNote>): OrderAnswer => api.post(`/orders/${seg(id)}/close`, body);

export const listLegalBases = () => api.get<Answer<typeof LegalBasisList>>("/legal-bases");
/** public: the document hash recomputed from the stored rows */
export const verifyOrder = (id: string) => api.get<Answer<typeof OrderVerification>>(`/verify/order/${seg(id)}`);
