
import { IdParam } from "../contracts/common.ts";
import { OrderVerification } from "./contracts.ts";
import { toIso } from "../clock/time.ts";
import { notFound } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { SYSTEM } from "../scope/lists.ts";
import { recomputeSha256, summaryById } from "./view.ts";
import { apiRoute, jsonOk } from "../http/route.ts";

const verifyOrder = apiRoute("public", {
  method: "get",
  path: "/api/v1/verify/order/{id}",
  tags: ["verify"],
  summary: "Public check of a printed order (its QR code): recompute the document's sha256 from the stored rows",
  request: { params: IdParam },
  responses: { 200: jsonOk(OrderVerification) },
});

export function verifyRoutes(app: App) {
  app.openapi(verifyOrder, async (c) => {
    const { db } = c.var.deps;
    // no scope: anyone holding the printed order may check it; ids are random and reveal only the header
    const row = await summaryById(db, c.req.valid("param").id, SYSTEM);
    if (!row) throw notFound();
    const computed = await recomputeSha256(db, row.order);
    return c.json(
      {
        orderId: row.order.id,
        number: row.order.number,
        canteenName: row.canteenName,
        issuerOrgName: row.issuerOrgName,
        issuedAt: toIso(row.order.issuedAt),
        status: row.order.status,
        result: computed === row.order.documentSha256 ? ("unchanged" as const) : ("changed" as const),
        signedSha256: row.order.documentSha256,
        computedSha256: computed,
      },
      200,
    );
  });
}

