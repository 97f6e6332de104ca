import { nowOf } from "../clock/clock.ts";
import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { opsOrgRoom, opsRegionRoom } from "../bus/rooms.ts";
import { canteens, orderEvents, orders, orgs } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import type { OrderMessage } from "./contracts.ts";
import { AWAITING_SCHOOL, ESCALATION_DELAY_MS, sweepDecisions, type SweepDecision } from "./rules.ts";
import { regionLadder } from "../orgs/region-ladder.ts";
import { announcement, publish } from "../bus/publish.ts";
import type { AppDeps } from "../http/env.ts";
import { SYSTEM } from "../scope/lists.ts";
import { eventRef, summaryById, summaryOf } from "./view.ts";

type Notified = Array<{ orgId: string; orgName: string }>;

/**
 * The education bureau whose jurisdiction covers a school: the most local one among the bureaus of the
 * school's district, city and province (GB/T 2260 codes nest by prefix).
 */
async function bureauOf(deps: Pick<AppDeps, "db">, regionCode: string) {
  const ladder = regionLadder(regionCode);
  const bureaus = await deps.db.select().from(orgs).where(and(eq(orgs.kind, "education"), inArray(orgs.regionCode, ladder)));
  return ladder.map((code) => bureaus.find((b) => b.regionCode === code)).find(Boolean) ?? null;
}

export interface SweepResult {
  overdue: string[];
  escalated: string[];
}

/**
 * Marks orders overdue at their deadline without a submission (a reminder to the school's leaders) and
 * escalates them three days later (to the school's education bureau and the issuing regulator). Safe to run
 * from several instances at once and as often as wanted: each step is a conditional UPDATE, and only the
 * instance whose UPDATE changed the row writes the event and the audit entry (same transaction).
 */
export async function sweepOrders(deps: Pick<AppDeps, "db" | "livekit" | "now">, now = nowOf(deps)): Promise<SweepResult> {
  const due = await deps.db
    .select({ order: orders, school: orgs })
    .from(orders)
    .innerJoin(canteens, eq(canteens.id, orders.canteenId))
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(
      and(
        inArray(orders.status, [...AWAITING_SCHOOL]),
        or(and(eq(orders.overdue, false), lte(orders.deadline, now)), and(isNull(orders.escalatedAt), lte(orders.deadline, now - ESCALATION_DELAY_MS))),
      ),
    );
  const result: SweepResult = { overdue: [], escalated: [] };
  for (const { order, school } of due) {
    for (const decision of sweepDecisions(order, now)) {
      const done = await apply(deps, order, school, decision, now);
      if (done) result[decision].push(order.id);
    }
  }
  return result;
}

async function apply(
  deps: Pick<AppDeps, "db" | "livekit">,
  order: typeof orders.$inferSelect,
  school: typeof orgs.$inferSelect,
  decision: SweepDecision,
  now: number,
): Promise<boolean> {
  const [issuer] = await deps.db.select().from(orgs).where(eq(orgs.id, order.issuerOrgId));
  const bureau = decision === "escalated" ? await bureauOf(deps, school.regionCode) : null;
  const notified: Notified =
    decision === "overdue"
      ? [{ orgId: school.id, orgName: school.name }]
      : [...(bureau ? [{ orgId: bureau.id, orgName: bureau.name }] : []), ...(issuer ? [{ orgId: issuer.id, orgName: issuer.name }] : [])];
  const awaiting = inArray(orders.status, [...AWAITING_SCHOOL]);
  const eventId = await deps.db.transaction(async (tx) => {
    const [changed] =
      decision === "overdue"
        ? await tx
            .update(orders)
            .set({ overdue: true, overdueAt: now, updatedAt: now })
            .where(and(eq(orders.id, order.id), eq(orders.overdue, false), awaiting, lte(orders.deadline, now)))
            .returning({ status: orders.status })
        : await tx
            .update(orders)
            .set({ escalatedAt: now, updatedAt: now })
            .where(and(eq(orders.id, order.id), isNull(orders.escalatedAt), eq(orders.overdue, true), awaiting, lte(orders.deadline, now - ESCALATION_DELAY_MS)))
            .returning({ status: orders.status });
    if (!changed) return null; // another instance got there first, or the school submitted meanwhile
    const event = {
      id: newId("oev"),
      orderId: order.id,
      type: decision,
      fromStatus: changed.status,
      toStatus: changed.status,
      actorId: null,
      at: now,
      note: decision === "overdue" ? "整改期限已到，尚未提交整改材料，已提醒学校负责人" : "逾期三日仍未提交整改材料，已上报教育主管部门和监管部门",
      notified: JSON.stringify(notified),
    };
    await tx.insert(orderEvents).values(event);
    await appendAudit(tx, { actorId: null, action: `order.${decision}`, targetType: "order", targetId: order.id, change: event }, now);
    return event.id;
  });
  if (!eventId) return false;

  const row = await summaryById(deps.db, order.id, SYSTEM);
  if (row) {
    const message: OrderMessage = { type: decision === "overdue" ? "order.overdue" : "order.escalated", order: summaryOf(row), event: await eventRef(deps.db, eventId) };
    const rooms =
      decision === "overdue"
        ? [opsOrgRoom(school.id)]
        : [opsOrgRoom(school.id), ...new Set([bureau?.regionCode, issuer?.regionCode].filter((c): c is string => !!c).map(opsRegionRoom))];
    publish(deps, ...rooms.map((room) => announcement(room, "order", message)));
  }
  return true;
}
