/** Farm-to-canteen traceability (server/trace): suppliers, deliveries, stock, menus, trace, warnings. Convention: see contract.ts. */
import { api, apiUrl } from "../api.ts";
import type {
  ApproveSupplier, BatchTrace, SchoolSupplierApprovals, Cost, SetBudget, CanteenSuppliers, ChainVerification, CreateDelivery, CreateMove, DeliveriesQuery, Delivery, DeliveryPage, DishTrace, Menu, MenuQuery, MySupplier, Receipt, RecordUse, SetMenu, Stock,
  StockMove, StockMovePage, Supplier, SupplierProfileBody, UseResult, WarningList, WarningsOverview, WarningsOverviewQuery, WarningsQuery,
} from "../../server/trace/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export type DeliveryView = Answer<typeof Delivery>;
export type MenuView = Answer<typeof Menu>;
export type DishView = MenuView["dishes"][number];
export type StockView = Answer<typeof Stock>;
export type NewDelivery = Body<typeof CreateDelivery>;

export const mySupplier = () => api.get<Answer<typeof MySupplier>>("/trace/supplier");
export const saveSupplierProfile = (id: string, body: Body<typeof SupplierProfileBody>) => api.put<Answer<typeof Supplier>>(`/trace/suppliers/${seg(id)}`, body);
export const canteenSuppliers = (canteenId: string) => api.get<Answer<typeof CanteenSuppliers>>(`/trace/canteens/${seg(canteenId)}/suppliers`);
export const approveSupplier = (canteenId: string, body: Body<typeof ApproveSupplier>) => api.post<Answer<typeof CanteenSuppliers>>(`/trace/canteens/${seg(canteenId)}/suppliers`, body);

export const schoolSupplierApprovals = (orgId: string) => api.get<Answer<typeof SchoolSupplierApprovals>>(`/trace/schools/${seg(orgId)}/suppliers`);

export const createDelivery = (body: NewDelivery) => api.post<DeliveryView>("/trace/deliveries", body);
export const listDeliveries = (query: QueryOf<typeof DeliveriesQuery>) => api.get<Answer<typeof DeliveryPage>>("/trace/deliveries", query);
export const receiveDelivery = (id: string, body: Body<typeof Receipt>) => api.post<DeliveryView>(`/trace/deliveries/${seg(id)}/receipt`, body);
export const certificateUrl = (lineId: string) => apiUrl(`/trace/lines/${seg(lineId)}/certificate`);

export const canteenStock = (canteenId: string) => api.get<StockView>(`/trace/canteens/${seg(canteenId)}/stock`);
export const listMoves = (canteenId: string) => api.get<Answer<typeof StockMovePage>>(`/trace/canteens/${seg(canteenId)}/stock-moves`, { limit: 50 });
export const createMove = (canteenId: string, body: Body<typeof CreateMove>) => api.post<Answer<typeof StockMove>>(`/trace/canteens/${seg(canteenId)}/stock-moves`, body);
export const verifyStock = (canteenId: string) => api.get<Answer<typeof ChainVerification>>(`/trace/canteens/${seg(canteenId)}/stock-moves/verify`);

export const setMenu = (body: Body<typeof SetMenu>) => api.post<MenuView>("/trace/menus", body);
export const canteenMenu = (canteenId: string, query: QueryOf<typeof MenuQuery> = {}) => api.get<MenuView>(`/trace/canteens/${seg(canteenId)}/menus`, query);
export const recordUse = (dishId: string, body: Body<typeof RecordUse>) => api.post<Answer<typeof UseResult>>(`/trace/dishes/${seg(dishId)}/uses`, body);

export const traceDish = (dishId: string) => api.get<Answer<typeof DishTrace>>(`/trace/dishes/${seg(dishId)}/trace`);
export const traceBatch = (lineId: string) => api.get<Answer<typeof BatchTrace>>(`/trace/lines/${seg(lineId)}/trace`);
export const listWarnings = (query: QueryOf<typeof WarningsQuery>) => api.get<Answer<typeof WarningList>>("/trace/warnings", query);
export const canteenCost = (canteenId: string) => api.get<Answer<typeof Cost>>(`/trace/canteens/${seg(canteenId)}/cost`);
export const setBudget = (canteenId: string, body: Body<typeof SetBudget>) => api.put<Answer<typeof Cost>>(`/trace/canteens/${seg(canteenId)}/budget`, body);
export const warningsOverview = (query: QueryOf<typeof WarningsOverviewQuery>) => api.get<Answer<typeof WarningsOverview>>("/trace/warnings/overview", query);
