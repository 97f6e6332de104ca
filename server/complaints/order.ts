import { appendAudit } from "../audit/service.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { runTransition } from "../lifecycle/engine.ts";
import type { Order } from "../orders/contracts.ts";
import { writeOrder } from "../orders/issue.ts";
import { getOrder } from "../orders/service.ts";
import { announceOrder } from "../orders/workflow.ts";
import type { ComplaintOrder } from "./contracts.ts";
import { complaintWorkflow } from "./workflow.ts";

/**
 * 投诉转整改 (issue 13, item 4): the district regulator turns a complaint into a rectification order. One
 * transaction on the lifecycle engine: the complaint's `order` step (its timeline names the order's number) and
 * the order itself, numbered and signed by server/orders with the complaint linked; both audit entries. The
 * order is announced in the canteen's room after commit, as any issued order.
 */
export async function orderFromComplaint(caller: Caller, id: string, body: ComplaintOrder): Promise<Order> {
  const issued: { orderId?: string; eventId?: string } = {};
  const workflow = complaintWorkflow(nowOf(caller.deps), async (tx, row, actor, at) => {
    const draft = { ...body, canteenId: row.complaint.canteenId, school: row.org, inspectionId: null, complaintId: row.complaint.id };
    const { audit, ...written } = await writeOrder(tx, { scope: caller.scope, actor }, draft, at);
    await appendAudit(tx, audit, at);
    Object.assign(issued, written);
    return written;
  });
  await runTransition(caller.deps, workflow, caller, id, "order", { note: null, photos: [] });
  announceOrder(caller.deps, "order.issued", issued.orderId!, issued.eventId!);
  return getOrder(caller.deps.db, caller.scope, issued.orderId!);
}
