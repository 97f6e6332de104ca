import type { orderEvents, orderItems, orders, orderSequences } from "../../schema/index.ts";
import { DEFAULT_DEADLINE_DAYS } from "../../../server/contracts/enums.ts";
import { chinaYear, documentSha256, orderNumber } from "../../../server/orders/rules.ts";
import type { DemoCity } from "./city.ts";
import type { IssuesFound } from "./inspections.ts";
import { DAY, type Draws, MIN, type Row } from "./shared.ts";
import { DISPOSAL_NOTES, PROBLEMS } from "./texts.ts";

type OrderStatus = "issued" | "acknowledged" | "submitted" | "accepted" | "closed";

export interface OrderHistory {
  orders: Array<Row<typeof orders>>;
  items: Array<Row<typeof orderItems>>;
  events: Array<Row<typeof orderEvents>>;
  /** each regulator's yearly numbering, where the live order_sequences continue from */
  sequences: Array<Row<typeof orderSequences>>;
}

/**
 * A rectification order for every inspection that found issues, one item per area, following the live rules:
 * numbers in the regulator's yearly sequence and the document's sha256 as server/orders/rules.ts computes them
 * (so the verify page says 未被篡改). Most schools rectify in time; some let the deadline pass (overdue, then
 * escalated 3 days later).
 */
export function orderHistory(city: DemoCity, issuesFound: IssuesFound[], draws: Draws, now: number): OrderHistory {
  const { random, newId, between } = draws;
  const orderRows: Array<Row<typeof orders>> = [];
  const itemRows: Array<Row<typeof orderItems>> = [];
  const orderEventRows: Array<Row<typeof orderEvents>> = [];
  const sequences = new Map<string, { regulatorOrgId: string; year: number; last: number }>();
  // numbers are given in the order the orders were issued
  issuesFound.sort((a, b) => a.at - b.at);
  for (const p of issuesFound) {
    const issuedAt = p.at + between(MIN, 10 * MIN);
    const year = chinaYear(issuedAt);
    const key = `${p.inspector.regulator.id}:${year}`;
    const seqRow = sequences.get(key) ?? { regulatorOrgId: p.inspector.regulator.id, year, last: 0 };
    seqRow.last++;
    sequences.set(key, seqRow);
    const items = p.areas.map((area, n) => {
      const severity = draws.weighted(["minor", "major", "critical"] as const, [6, 3, 1]);
      const basis = draws.pick(city.bases);
      return { id: newId("oit"), seq: n + 1, problem: draws.pick(PROBLEMS[area]!), severity, legalBasisId: basis.id, legalBasisCode: basis.code, deadline: issuedAt + DEFAULT_DEADLINE_DAYS[severity] * DAY, snapshots: [] };
    });
    const order = {
      id: newId("ord"),
      number: orderNumber(p.inspector.prefix, year, seqRow.last),
      canteenId: p.canteenId,
      inspectionId: p.inspectionId,
      issuerOrgId: p.inspector.regulator.id,
      issuedBy: p.inspector.userId,
      issuedAt,
      deadline: Math.min(...items.map((i) => i.deadline)),
      remarks: random() < 0.3 ? "请按期完成整改并上传整改照片。" : null,
    };
    // the school's steps, each some hours after the one before; the regulator's likewise
    const events: Array<Row<typeof orderEvents>> = [{ id: newId("oev"), orderId: order.id, type: "issued", fromStatus: null, toStatus: "issued", actorId: order.issuedBy, at: issuedAt }];
    let status = "issued" as OrderStatus;
    let t = issuedAt;
    let overdueAt: number | null = null;
    let escalatedAt: number | null = null;
    // a step that would fall in the last minutes before `now` has not happened yet: the order stays where it is
    const step = (type: Row<typeof orderEvents>["type"], to: OrderStatus, actorId: string | null, minMs: number, maxMs: number, note: string | null = null) => {
      const at = t + between(minMs, maxMs);
      if (at >= now - 5 * MIN) return false;
      events.push({ id: newId("oev"), orderId: order.id, type, fromStatus: status, toStatus: to, actorId, at, note });
      status = to;
      t = at;
      return true;
    };
    const late = random() < 0.12; // this school lets the deadline pass
    const age = now - issuedAt;
    if (!late || age < DAY) {
      const span = Math.max(order.deadline - issuedAt, DAY);
      step("acknowledged", "acknowledged", p.principal, 10 * MIN, 6 * 3600_000) &&
        step("submitted", "submitted", p.principal, span * 0.1, span * 0.7, draws.pick(DISPOSAL_NOTES)) &&
        (random() < 0.15 ? step("returned", "acknowledged", order.issuedBy, 2 * 3600_000, DAY, "整改照片不清晰，请重新拍摄上传。") && step("submitted", "submitted", p.principal, 3 * 3600_000, DAY, "已重新拍摄整改照片") : true) &&
        step("accepted", "accepted", order.issuedBy, DAY, 5 * DAY) &&
        (random() < 0.85 ? step("closed", "closed", order.issuedBy, 10 * MIN, DAY) : true);
    } else {
      if (random() < 0.5) step("acknowledged", "acknowledged", p.principal, 2 * 3600_000, DAY);
      if (order.deadline < now) {
        overdueAt = order.deadline;
        events.push({ id: newId("oev"), orderId: order.id, type: "overdue", fromStatus: status, toStatus: status, actorId: null, at: overdueAt, note: null, notified: JSON.stringify([{ orgId: p.orgId, orgName: p.schoolName }]) });
        if (order.deadline + 3 * DAY < now) {
          escalatedAt = order.deadline + 3 * DAY;
          events.push({ id: newId("oev"), orderId: order.id, type: "escalated", fromStatus: status, toStatus: status, actorId: null, at: escalatedAt, note: null, notified: JSON.stringify([{ orgId: order.issuerOrgId, orgName: p.inspector.regulator.name }]) });
        }
      }
    }
    orderRows.push({ ...order, status, overdue: overdueAt !== null, overdueAt, escalatedAt, documentSha256: documentSha256({ order, items }), updatedAt: Math.max(...events.map((e) => e.at)) });
    itemRows.push(...items.map((i) => ({ id: i.id, orderId: order.id, seq: i.seq, problem: i.problem, severity: i.severity, legalBasisId: i.legalBasisId, deadline: i.deadline })));
    orderEventRows.push(...events);
  }
  return { orders: orderRows, items: itemRows, events: orderEventRows, sequences: [...sequences.values()] };
}
