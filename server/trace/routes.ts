import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { ApproveSupplier, CanteenSuppliers, SchoolSupplierApprovals, Cost, CostQuery, SetBudget, CreateDelivery, DeliveriesQuery, Delivery, DeliveryPage, MySupplier, Receipt, Supplier, SupplierProfileBody } from "./contracts.ts";
import { createDelivery, lineCertificate, listDeliveries, oneDelivery } from "./deliveries.ts";
import { canteenCost, setBudget } from "./cost.ts";
import { receiveDelivery } from "./receipt.ts";
import { approveSupplier, canteenSuppliers, mySuppliers, saveProfile, schoolApprovals } from "./suppliers.ts";

/** Suppliers and deliveries (issue 15, items 1–2). Stock, menus, trace and warnings: stock-routes.ts. */
const tags = ["trace"];

const mySupplierRoute = apiRoute("trace.deliver", {
  method: "get",
  path: "/api/v1/trace/supplier",
  tags,
  summary: "The supplier manager's own supplier file(s) with the canteens each is approved for",
  responses: { 200: jsonOk(MySupplier) },
});
const saveProfileRoute = apiRoute("trace.deliver", {
  method: "put",
  path: "/api/v1/trace/suppliers/{id}",
  tags,
  summary: "供应商档案: business and food licence numbers with their validity, the products supplied",
  request: { params: IdParam, body: jsonBody(SupplierProfileBody) },
  responses: { 200: jsonOk(Supplier) },
});
const canteenSuppliersRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/suppliers",
  tags,
  summary: "A canteen's approved suppliers (licence state) and the suppliers of its city it could approve",
  request: { params: IdParam },
  responses: { 200: jsonOk(CanteenSuppliers) },
});
const approveRoute = apiRoute("trace.manage", {
  method: "post",
  path: "/api/v1/trace/canteens/{id}/suppliers",
  tags,
  summary: "The school approves a supplier for its canteen: licences current (409 supplier_licence_expired), the parent committee consulted — the day and how (409 committee_not_consulted; 409 committee_empty when nobody sat on it that day)",
  request: { params: IdParam, body: jsonBody(ApproveSupplier) },
  responses: { 201: jsonOk(CanteenSuppliers, "approved") },
});
const schoolApprovalsRoute = apiRoute("committee.suppliers", {
  method: "get",
  path: "/api/v1/trace/schools/{id}/suppliers",
  tags,
  summary: "The suppliers a school approved for its canteens, with how its parent committee was consulted on each (the school's parents, managers, regulators)",
  request: { params: IdParam },
  responses: { 200: jsonOk(SchoolSupplierApprovals) },
});
const createDeliveryRoute = apiRoute("trace.deliver", {
  method: "post",
  path: "/api/v1/trace/deliveries",
  tags,
  summary: "配送单 for a canteen the supplier serves (404 otherwise): batches with origin, dates and a certificate (base64 JPEG, PNG or PDF) each",
  request: { body: jsonBody(CreateDelivery) },
  responses: { 201: jsonOk(Delivery, "created") },
});
const listDeliveriesRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/deliveries",
  tags,
  summary: "Deliveries in scope (a supplier's manager: its own), newest first",
  request: { query: DeliveriesQuery },
  responses: { 200: jsonOk(DeliveryPage) },
});
const getDeliveryRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/deliveries/{id}",
  tags,
  request: { params: IdParam },
  responses: { 200: jsonOk(Delivery) },
});
const receiveRoute = apiRoute("trace.receive", {
  method: "post",
  path: "/api/v1/trace/deliveries/{id}/receipt",
  tags,
  summary: "The canteen receives a delivery: each batch accepted or refused with a reason; writes the 进货查验 ledger entries and the received stock moves",
  request: { params: IdParam, body: jsonBody(Receipt) },
  responses: { 200: jsonOk(Delivery) },
});
const certificateRoute = apiRoute("trace.read", {
  method: "get",
  path: "/api/v1/trace/lines/{id}/certificate",
  tags,
  summary: "A batch's inspection report or certificate as delivered",
  request: { params: IdParam },
  responses: {
    200: {
      description: "the document bytes",
      content: { "image/jpeg": { schema: { type: "string" as const, format: "binary" } }, "image/png": { schema: { type: "string" as const, format: "binary" } }, "application/pdf": { schema: { type: "string" as const, format: "binary" } } },
    },
  },
});

const costRoute = apiRoute("trace.cost", {
  method: "get",
  path: "/api/v1/trace/canteens/{id}/cost",
  tags,
  summary: "成本管控: ingredient cost per student-meal per month (delivery prices × use) against the school's budget, six months",
  request: { params: IdParam, query: CostQuery },
  responses: { 200: jsonOk(Cost) },
});
const budgetRoute = apiRoute("trace.manage", {
  method: "put",
  path: "/api/v1/trace/canteens/{id}/budget",
  tags,
  summary: "The school's ingredient budget per student-meal",
  request: { params: IdParam, body: jsonBody(SetBudget) },
  responses: { 200: jsonOk(Cost) },
});

export function traceRoutes(app: App) {
  app.openapi(costRoute, async (c) => c.json(await canteenCost(c.var.deps, c.var.scope, c.req.valid("param").id, c.req.valid("query")), 200));
  app.openapi(budgetRoute, async (c) => c.json(await setBudget(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(mySupplierRoute, async (c) => c.json(await mySuppliers(callerOf(c)), 200));
  app.openapi(saveProfileRoute, async (c) => c.json(await saveProfile(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(canteenSuppliersRoute, async (c) => c.json(await canteenSuppliers(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(schoolApprovalsRoute, async (c) => c.json(await schoolApprovals(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(approveRoute, async (c) => c.json(await approveSupplier(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(createDeliveryRoute, async (c) => c.json(await createDelivery(callerOf(c), c.req.valid("json")), 201));
  app.openapi(listDeliveriesRoute, async (c) => c.json(await listDeliveries(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(getDeliveryRoute, async (c) => c.json(await oneDelivery(c.var.deps.db, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(receiveRoute, async (c) => c.json(await receiveDelivery(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(certificateRoute, async (c) => lineCertificate(c.var.deps, c.var.scope, c.req.valid("param").id));
}
