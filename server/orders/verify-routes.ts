
import { IdParam } from "../contracts/common.ts";
import { OrderVerification } from "./contracts.ts";
import type { App } from "../http/env.ts";
import { verifyOrder } from "./service.ts";
import { apiRoute, jsonOk } from "../http/route.ts";

const verify = apiRoute("public", {
  method: "get",
  path: "/api/v1/verify/order/{id}",
  tags: ["verify"],
  summary: "Public check of a printed order (its QR code): recompute the document's sha256 from the stored rows",
  request: { params: IdParam },
  responses: { 200: jsonOk(OrderVerification) },
});

export function verifyRoutes(app: App) {
  app.openapi(verify, async (c) => c.json(await verifyOrder(c.var.deps.db, c.req.valid("param").id), 200));
}
