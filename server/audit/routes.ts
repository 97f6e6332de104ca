import { asc, gt } from "drizzle-orm";
import { auditLog } from "../../db/schema/index.ts";
import { AuditVerifyResult } from "./contracts.ts";
import { verifyChain } from "./rules.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonOk } from "../http/route.ts";

const PAGE = 5000;

const verify = apiRoute("audit.verify", {
  method: "get",
  path: "/api/v1/audit/verify",
  tags: ["audit"],
  summary: "Recompute the audit log's hash chain; names the first broken entry",
  responses: { 200: jsonOk(AuditVerifyResult) },
});

export function auditRoutes(app: App) {
  app.openapi(verify, async (c) => {
    const { db } = c.var.deps;
    let previous = null as { seq: number; hash: string } | null;
    let checked = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, previous?.seq ?? 0))
        .orderBy(asc(auditLog.seq))
        .limit(PAGE);
      const broken = verifyChain(rows, previous);
      if (broken) return c.json({ ok: false, checked: checked + rows.findIndex((r) => r.seq === broken.seq), firstBroken: broken }, 200);
      checked += rows.length;
      if (rows.length < PAGE) return c.json({ ok: true, checked, firstBroken: null }, 200);
      previous = rows[rows.length - 1]!;
    }
  });
}
