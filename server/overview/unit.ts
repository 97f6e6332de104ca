import { desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { alerts, canteens, complaints, inspections, orders } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import type { Scope } from "../scope/actor.ts";
import { scopedLists } from "../scope/lists.ts";
import { resolveArea } from "./area.ts";
import type { UnitFile } from "./contracts.ts";
import { figuresOf } from "./figures.ts";
import { chinaDay, overviewPeriod } from "./period.ts";
import { cameraRows, computeArea } from "./service.ts";

/**
 * 一户一档 (issue 16, item 5): one school's file — its canteens with licence and grade, the overview's figures for
 * the last 30 days, every camera with its online rate and offline windows, and the latest inspections, orders,
 * alerts and complaints — on one printable page. Through the scoped data layer: another jurisdiction's school is 404.
 */
const LATEST = 20;
const DAY = 86_400_000;

export async function unitFile(deps: AppDeps, scope: Scope, schoolId: string): Promise<z.infer<typeof UnitFile>> {
  const area = await resolveArea(deps.db, scope, { schoolId });
  const now = nowOf(deps);
  const period = overviewPeriod(now, chinaDay(now - 29 * DAY), chinaDay(now));
  const computed = await computeArea(deps, scope, area, period);
  const lists = scopedLists(deps.db, scope);
  const mine = eq(canteens.orgId, schoolId);
  const [canteenRows, inspectionRows, orderRows, alertRows, complaintRows] = await Promise.all([
    lists.canteens({ id: canteens.id, name: canteens.name, licenseNo: canteens.licenseNo, grade: canteens.grade }, mine),
    lists.inspections({ id: inspections.id, kind: inspections.kind, status: inspections.status, startedAt: inspections.startedAt, result: inspections.result, outcome: inspections.outcome }, mine).orderBy(desc(inspections.startedAt)).limit(LATEST),
    lists.orders({ id: orders.id, number: orders.number, status: orders.status, overdue: orders.overdue, issuedAt: orders.issuedAt, deadline: orders.deadline }, mine).orderBy(desc(orders.issuedAt)).limit(LATEST),
    lists.alerts({ id: alerts.id, type: alerts.type, status: alerts.status, occurredAt: alerts.occurredAt }, eq(alerts.orgId, schoolId)).orderBy(desc(alerts.occurredAt)).limit(LATEST),
    lists.complaints({ id: complaints.id, code: complaints.code, category: complaints.category, status: complaints.status, createdAt: complaints.createdAt }, inArray(complaints.orgId, [schoolId])).orderBy(desc(complaints.createdAt)).limit(LATEST),
  ]);
  return {
    school: { id: area.school!.id, name: area.school!.name, regionCode: area.place.code },
    trail: area.trail,
    period: { from: period.from, to: period.to, asOf: toIso(computed.now) },
    canteens: canteenRows,
    figures: figuresOf(computed.collected, null),
    cameras: cameraRows(computed.collected),
    inspections: inspectionRows.map((r) => ({ ...r, startedAt: toIso(r.startedAt) })),
    orders: orderRows.map((r) => ({ ...r, issuedAt: toIso(r.issuedAt), deadline: toIso(r.deadline) })),
    alerts: alertRows.map((r) => ({ ...r, occurredAt: toIso(r.occurredAt) })),
    complaints: complaintRows.map((r) => ({ ...r, createdAt: toIso(r.createdAt) })),
  };
}
