import { AuditVerifyResult } from "./contracts.ts";
import { verifyAuditChain } from "./service.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";

const verify = apiRoute("audit.verify", {
  method: "get",
  path: "/api/v1/audit/verify",
  tags: ["audit"],
  summary: "Recompute the audit log's hash chain; names the first broken entry",
  responses: { 200: jsonOk(AuditVerifyResult) },
});

export function auditRoutes(app: App) {
  app.openapi(verify, async (c) => c.json(await verifyAuditChain(c.var.deps.db), 200));
}
